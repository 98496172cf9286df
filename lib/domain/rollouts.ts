import { emptyBuckets, latencyBucket, percentileFromBuckets } from "./rollups";
import { normalCdf, oneSidedLowerZTest, wilsonInterval } from "./stats";

/** One arm's outcomes over a step's window, summed from daily rollups. */
export interface ArmOutcome {
  interactions: number;
  failures: number;
  latencySumMs: number;
  latencyCount: number;
  latencyBuckets: number[];
  correctionsApplied: number;
  correctionsFailed: number;
}

export interface GateRules {
  minInteractionsPerArm: number;
  /** Relative: 0.4 means the candidate's error rate must be at least 40% lower. */
  minErrorReduction: number;
  /** One-sided p-value the reduction must beat. */
  significance: number;
  maxLatencyIncreaseMs: number;
  maxCorrectionFailureRate: number;
}

export type GateDecision = "PASS" | "FAIL" | "INSUFFICIENT_DATA";

export interface ArmFigures {
  interactions: number;
  errorRate: number | null;
  meanLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  correctionFailureRate: number | null;
  correctionsApplied: number;
}

export interface GateCheck {
  rule: "interactions" | "error_rate" | "latency" | "correction_failures";
  passed: boolean | null;
  detail: string;
}

export interface GateResult {
  decision: GateDecision;
  baseline: ArmFigures;
  candidate: ArmFigures;
  relativeReduction: number | null;
  z: number | null;
  pValue: number | null;
  latencyIncreaseMs: number | null;
  checks: GateCheck[];
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const finite = (value: number | null) => (value === null || !Number.isFinite(value) ? null : value);
const pct = (value: number) => `${(value * 100).toFixed(2)}%`;

export function figuresOf(arm: ArmOutcome): ArmFigures {
  return {
    interactions: arm.interactions,
    errorRate: rate(arm.failures, arm.interactions),
    meanLatencyMs: arm.latencyCount > 0 ? arm.latencySumMs / arm.latencyCount : null,
    p50LatencyMs: finite(percentileFromBuckets(arm.latencyBuckets, 0.5)),
    p95LatencyMs: finite(percentileFromBuckets(arm.latencyBuckets, 0.95)),
    correctionFailureRate: rate(arm.correctionsFailed, arm.correctionsApplied),
    correctionsApplied: arm.correctionsApplied,
  };
}

/**
 * A step's gate, per arm, with every number and reason kept:
 *   - each arm has at least the minimum interactions, else INSUFFICIENT_DATA (the window extends);
 *   - the candidate's error rate is at least `minErrorReduction` lower, relative to the
 *     baseline's, and the reduction is significant (one-sided two-proportion z-test,
 *     p < significance); when neither arm failed at all there is nothing to reduce and the
 *     rule holds;
 *   - mean latency rises by less than `maxLatencyIncreaseMs`;
 *   - the candidate's applied corrections fail at most `maxCorrectionFailureRate` of the time.
 * PASS when every rule holds, FAIL otherwise.
 */
export function evaluateGate(baselineArm: ArmOutcome, candidateArm: ArmOutcome, rules: GateRules): GateResult {
  const baseline = figuresOf(baselineArm);
  const candidate = figuresOf(candidateArm);
  const checks: GateCheck[] = [];
  const enough = baseline.interactions >= rules.minInteractionsPerArm && candidate.interactions >= rules.minInteractionsPerArm;
  checks.push({
    rule: "interactions",
    passed: enough,
    detail: `baseline ${baseline.interactions}, candidate ${candidate.interactions} interactions; at least ${rules.minInteractionsPerArm} per arm needed`,
  });

  const test = oneSidedLowerZTest({ successes: baselineArm.failures, trials: baselineArm.interactions }, { successes: candidateArm.failures, trials: candidateArm.interactions });
  let relativeReduction: number | null = null;
  if (baseline.errorRate !== null && candidate.errorRate !== null && baseline.errorRate > 0) relativeReduction = (baseline.errorRate - candidate.errorRate) / baseline.errorRate;
  if (baseline.errorRate === 0 && candidate.errorRate === 0) {
    checks.push({ rule: "error_rate", passed: true, detail: "neither arm failed: nothing to reduce" });
  } else if (baseline.errorRate === null || candidate.errorRate === null) {
    checks.push({ rule: "error_rate", passed: null, detail: "no interactions in an arm yet" });
  } else if (baseline.errorRate === 0) {
    checks.push({ rule: "error_rate", passed: false, detail: `the baseline never failed; the candidate failed ${pct(candidate.errorRate)}` });
  } else {
    const bigEnough = relativeReduction! >= rules.minErrorReduction;
    const significant = test !== null && test.pValue < rules.significance;
    checks.push({
      rule: "error_rate",
      passed: bigEnough && significant,
      detail: `error rate ${pct(baseline.errorRate)} → ${pct(candidate.errorRate)}: ${(relativeReduction! * 100).toFixed(1)}% lower (needs ≥ ${(rules.minErrorReduction * 100).toFixed(0)}%), ` +
        (test ? `z = ${test.z.toFixed(2)}, p = ${test.pValue.toPrecision(3)} (needs < ${rules.significance})` : "no variance to test"),
    });
  }

  const latencyIncreaseMs = baseline.meanLatencyMs !== null && candidate.meanLatencyMs !== null ? candidate.meanLatencyMs - baseline.meanLatencyMs : null;
  checks.push(latencyIncreaseMs === null
    ? { rule: "latency", passed: true, detail: "no latency reported by an arm: not judged" }
    : {
        rule: "latency",
        passed: latencyIncreaseMs < rules.maxLatencyIncreaseMs,
        detail: `mean latency ${baseline.meanLatencyMs!.toFixed(0)} → ${candidate.meanLatencyMs!.toFixed(0)} ms (${latencyIncreaseMs >= 0 ? "+" : ""}${latencyIncreaseMs.toFixed(0)} ms; must rise by less than ${rules.maxLatencyIncreaseMs} ms)`,
      });

  checks.push(candidate.correctionFailureRate === null
    ? { rule: "correction_failures", passed: true, detail: "the candidate applied no correction: not judged" }
    : {
        rule: "correction_failures",
        passed: candidate.correctionFailureRate <= rules.maxCorrectionFailureRate,
        detail: `${candidateArm.correctionsFailed} of ${candidateArm.correctionsApplied} applied corrections failed (${pct(candidate.correctionFailureRate)}; at most ${pct(rules.maxCorrectionFailureRate)})`,
      });

  const decision: GateDecision = !enough || checks.some((check) => check.passed === null)
    ? "INSUFFICIENT_DATA"
    : checks.every((check) => check.passed) ? "PASS" : "FAIL";
  return { decision, baseline, candidate, relativeReduction, z: test?.z ?? null, pValue: test?.pValue ?? null, latencyIncreaseMs, checks };
}

/** Canary steps from settings: "5, 25, 50, 100" → [5, 25, 50, 100]; strictly rising, ending at 100. */
export function parseSteps(text: string): { ok: true; steps: number[] } | { ok: false; error: string } {
  const steps = text.split(",").map((part) => part.trim()).filter(Boolean).map(Number);
  if (steps.length === 0 || steps.some((step) => !Number.isFinite(step) || step <= 0 || step > 100)) {
    return { ok: false, error: "steps are percentages above 0 and at most 100, separated by commas" };
  }
  if (steps.some((step, i) => i > 0 && step <= steps[i - 1])) return { ok: false, error: "each step must be larger than the one before" };
  if (steps[steps.length - 1] !== 100) return { ok: false, error: "the last step must be 100" };
  return { ok: true, steps };
}

/** The step after `percent`, or null at 100. */
export function nextStep(steps: readonly number[], percent: number): number | null {
  return steps.find((step) => step > percent) ?? null;
}

/** Sums daily rollup rows into one arm outcome. */
export function sumOutcomes(rows: readonly ArmOutcome[]): ArmOutcome {
  const total: ArmOutcome = { interactions: 0, failures: 0, latencySumMs: 0, latencyCount: 0, latencyBuckets: emptyBuckets(), correctionsApplied: 0, correctionsFailed: 0 };
  for (const row of rows) {
    total.interactions += row.interactions;
    total.failures += row.failures;
    total.latencySumMs += row.latencySumMs;
    total.latencyCount += row.latencyCount;
    row.latencyBuckets.forEach((count, i) => (total.latencyBuckets[i] += count));
    total.correctionsApplied += row.correctionsApplied;
    total.correctionsFailed += row.correctionsFailed;
  }
  return total;
}

/** An outcome built from individual latencies (tests and simulations). */
export function outcomeOf(items: ReadonlyArray<{ failed: boolean; latencyMs: number; remedyApplied?: boolean }>): ArmOutcome {
  const buckets = emptyBuckets();
  let failures = 0, latencySumMs = 0, applied = 0, appliedFailed = 0;
  for (const item of items) {
    if (item.failed) failures += 1;
    latencySumMs += item.latencyMs;
    buckets[latencyBucket(item.latencyMs)] += 1;
    if (item.remedyApplied) {
      applied += 1;
      if (item.failed) appliedFailed += 1;
    }
  }
  return { interactions: items.length, failures, latencySumMs, latencyCount: items.length, latencyBuckets: buckets, correctionsApplied: applied, correctionsFailed: appliedFailed };
}

/**
 * The circuit breaker: a capability whose correction failure rate over its
 * last applied remedies exceeds the threshold is disabled. It judges only
 * once `minApplied` remedies were applied, so two early failures do not
 * trip it.
 */
export function breakerTrips(recent: { applied: number; failed: number }, threshold: number, minApplied: number): boolean {
  return recent.applied >= minApplied && recent.failed / recent.applied > threshold;
}

/**
 * A batch's outcomes per arm of a rollout: interactions tagged with the
 * candidate's version are the candidate's, every other version the baseline's.
 */
export function outcomesByArm(
  items: ReadonlyArray<{ modelVersion: string; failed: boolean; latencyMs: number | null; remedyApplied: boolean }>,
  candidateVersion: string,
): { baseline: ArmOutcome; candidate: ArmOutcome } {
  const empty = (): ArmOutcome => ({ interactions: 0, failures: 0, latencySumMs: 0, latencyCount: 0, latencyBuckets: emptyBuckets(), correctionsApplied: 0, correctionsFailed: 0 });
  const arms = { baseline: empty(), candidate: empty() };
  for (const item of items) {
    const arm = arms[item.modelVersion === candidateVersion ? "candidate" : "baseline"];
    arm.interactions += 1;
    if (item.failed) arm.failures += 1;
    if (item.latencyMs !== null) {
      arm.latencySumMs += item.latencyMs;
      arm.latencyCount += 1;
      arm.latencyBuckets[latencyBucket(item.latencyMs)] += 1;
    }
    if (item.remedyApplied) {
      arm.correctionsApplied += 1;
      if (item.failed) arm.correctionsFailed += 1;
    }
  }
  return arms;
}

export type ExperimentVerdict = "candidate_better" | "candidate_worse" | "no_significant_difference" | "insufficient_data";

export interface ExperimentResult {
  verdict: ExperimentVerdict;
  baseline: ArmFigures & { errorRateInterval: { low: number; high: number } | null };
  candidate: ArmFigures & { errorRateInterval: { low: number; high: number } | null };
  /** Candidate minus baseline error rate. */
  difference: number | null;
  z: number | null;
  /** Two-sided. */
  pValue: number | null;
  summary: string;
}

/**
 * An A/B experiment's verdict on error rate: per-arm rates with 95% Wilson
 * intervals and a two-sided two-proportion z-test at `significance`.
 */
export function experimentVerdict(baselineArm: ArmOutcome, candidateArm: ArmOutcome, rules: Pick<GateRules, "minInteractionsPerArm" | "significance">): ExperimentResult {
  const interval = (arm: ArmOutcome) => wilsonInterval({ successes: arm.failures, trials: arm.interactions });
  const baseline = { ...figuresOf(baselineArm), errorRateInterval: interval(baselineArm) };
  const candidate = { ...figuresOf(candidateArm), errorRateInterval: interval(candidateArm) };
  const test = oneSidedLowerZTest({ successes: baselineArm.failures, trials: baselineArm.interactions }, { successes: candidateArm.failures, trials: candidateArm.interactions });
  const pValue = test ? Math.min(1, 2 * (1 - normalCdf(Math.abs(test.z)))) : null;
  const difference = baseline.errorRate !== null && candidate.errorRate !== null ? candidate.errorRate - baseline.errorRate : null;
  let verdict: ExperimentVerdict;
  if (baseline.interactions < rules.minInteractionsPerArm || candidate.interactions < rules.minInteractionsPerArm) verdict = "insufficient_data";
  else if (pValue === null || pValue >= rules.significance) verdict = "no_significant_difference";
  else verdict = difference! < 0 ? "candidate_better" : "candidate_worse";
  const rate = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(2)}%`);
  const summary = verdict === "insufficient_data"
    ? `too few interactions (baseline ${baseline.interactions}, candidate ${candidate.interactions}; at least ${rules.minInteractionsPerArm} each)`
    : `error rate ${rate(baseline.errorRate)} (baseline) vs ${rate(candidate.errorRate)} (candidate), p = ${pValue === null ? "–" : pValue.toPrecision(3)}`;
  return { verdict, baseline, candidate, difference, z: test?.z ?? null, pValue, summary };
}
