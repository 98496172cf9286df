import type { Settings } from "./settings";
import type { Stage } from "./stage";

/** What the gates decide for a new sample. */
export const GATE_OUTCOMES = ["OBSERVED", "DISCARDED", "BLOCKED", "PENDING", "AUTO_APPROVED"] as const;
export type SampleStatus = (typeof GATE_OUTCOMES)[number];

/** Every status a stored sample can have: the gate outcomes plus the ones reviewers set. */
export const SAMPLE_STATUSES = [...GATE_OUTCOMES, "APPROVED", "REJECTED"] as const;
export type StoredSampleStatus = (typeof SAMPLE_STATUSES)[number];

/** Pre-screen probability of approval a sample needs before the full stage may approve it without a human. */
export const DEFAULT_AUTO_APPROVE_MIN_SCORE = 0.9;

export type GateSettings = Pick<
  Settings,
  "samples.discardBelowConfidence" | "prescreen.minAccuracy" | "prescreen.minDecisions"
>;

export interface GateInput {
  stage: Stage;
  confidence: number;
  /** Personal data findings still present after redaction. */
  residualPii: number;
  /** The current pre-screen model's verdict on this sample, or null when there is no model yet. */
  prescreen: { score: number; accuracy: number | null; decisions: number } | null;
  settings: GateSettings;
  autoApproveMinScore?: number;
}

export function decideGate({
  stage,
  confidence,
  residualPii,
  prescreen,
  settings,
  autoApproveMinScore = DEFAULT_AUTO_APPROVE_MIN_SCORE,
}: GateInput): { status: SampleStatus; reason: string } {
  // The privacy red line beats every stage rule: nothing with personal data left may be stored for training.
  if (residualPii > 0) {
    const findings = residualPii === 1 ? "1 personal data finding remains" : `${residualPii} personal data findings remain`;
    return { status: "BLOCKED", reason: `${findings} after redaction` };
  }
  if (stage === "OBSERVATION") {
    return { status: "OBSERVED", reason: "observation stage: failures are recorded and attributed only; nothing is distilled yet" };
  }
  if (stage === "SMALL_SCALE") {
    const threshold = settings["samples.discardBelowConfidence"];
    if (confidence < threshold) {
      const [value, limit] = formatBelow(confidence, threshold, 2);
      return { status: "DISCARDED", reason: `confidence ${value} is below the discard threshold ${limit} (small-scale stage)` };
    }
    return { status: "PENDING", reason: "small-scale stage: every sample is reviewed by a human" };
  }
  // The full stage deliberately keeps low-confidence samples: the seed discards only in the small-scale
  // stage, and here a human (or a trusted pre-screen) judges them instead.
  return fullStage(prescreen, settings, autoApproveMinScore);
}

function fullStage(
  prescreen: GateInput["prescreen"],
  settings: GateSettings,
  minScore: number,
): { status: SampleStatus; reason: string } {
  if (!prescreen) return { status: "PENDING", reason: "no pre-screen model yet: a human reviews every sample" };
  const minDecisions = settings["prescreen.minDecisions"];
  if (prescreen.decisions < minDecisions) {
    return { status: "PENDING", reason: `pre-screen not trusted yet: ${count(prescreen.decisions)} of ${count(minDecisions)} decisions` };
  }
  if (prescreen.accuracy === null) {
    return { status: "PENDING", reason: "pre-screen accuracy not measured yet: too few hold-out decisions" };
  }
  const minAccuracy = settings["prescreen.minAccuracy"];
  if (prescreen.accuracy < minAccuracy) {
    const [value, limit] = formatBelow(prescreen.accuracy * 100, minAccuracy * 100, 0);
    return { status: "PENDING", reason: `pre-screen accuracy ${value}% is below ${limit}%` };
  }
  if (prescreen.score < minScore) {
    const [value, limit] = formatBelow(prescreen.score, minScore, 2);
    return { status: "PENDING", reason: `pre-screen score ${value} is below ${limit}` };
  }
  return {
    status: "AUTO_APPROVED",
    reason: `pre-screen score ${trim(prescreen.score.toFixed(4), 2)} with accuracy ${trim((prescreen.accuracy * 100).toFixed(4), 0)}% over ${count(prescreen.decisions)} decisions`,
  };
}

const count = (n: number) => n.toLocaleString("en-US");

/** Enough decimals that a value just under its threshold never reads as equal to it ("0.7499", not "0.75"). */
function formatBelow(value: number, threshold: number, minDecimals: number): [string, string] {
  let decimals = minDecimals;
  while (decimals < 6 && value.toFixed(decimals) === threshold.toFixed(decimals)) decimals++;
  return [trim(value.toFixed(decimals), minDecimals), trim(threshold.toFixed(6), minDecimals)];
}

/** Drops trailing zeros beyond `minDecimals`: "0.900000" → "0.90", "95.000000" → "95". */
function trim(fixed: string, minDecimals: number): string {
  const [whole, fraction = ""] = fixed.split(".");
  const kept = fraction.replace(/0+$/, "").padEnd(minDecimals, "0");
  return kept === "" ? whole : `${whole}.${kept}`;
}
