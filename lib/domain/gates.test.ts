import { describe, expect, it } from "vitest";
import { decideGate, GATE_OUTCOMES, SAMPLE_STATUSES, type GateInput, type SampleStatus } from "./gates";
import { defaultSettings } from "./settings";

const settings = defaultSettings();
const trusted = { score: 0.95, accuracy: 0.97, decisions: 500 };
const base: GateInput = { stage: "FULL", confidence: 0.9, residualPii: 0, prescreen: trusted, settings };

describe("decideGate", () => {
  it.each<[string, Partial<GateInput>, SampleStatus, string]>([
    ["residual PII in the full stage", { residualPii: 2 }, "BLOCKED", "2 personal data findings remain after redaction"],
    ["one residual PII finding", { residualPii: 1 }, "BLOCKED", "1 personal data finding remains after redaction"],
    ["residual PII in the observation stage", { stage: "OBSERVATION", residualPii: 1 }, "BLOCKED", "1 personal data finding remains after redaction"],
    ["residual PII on a low-confidence small-scale sample", { stage: "SMALL_SCALE", confidence: 0.1, residualPii: 3 }, "BLOCKED", "3 personal data findings remain after redaction"],
    ["the observation stage", { stage: "OBSERVATION", confidence: 0.1 }, "OBSERVED", "observation stage: failures are recorded and attributed only; nothing is distilled yet"],
    ["small-scale below the threshold", { stage: "SMALL_SCALE", confidence: 0.62 }, "DISCARDED", "confidence 0.62 is below the discard threshold 0.75 (small-scale stage)"],
    ["small-scale just below the threshold", { stage: "SMALL_SCALE", confidence: 0.7499 }, "DISCARDED", "confidence 0.7499 is below the discard threshold 0.75 (small-scale stage)"],
    ["small-scale exactly at the threshold", { stage: "SMALL_SCALE", confidence: 0.75 }, "PENDING", "small-scale stage: every sample is reviewed by a human"],
    ["small-scale with a trusted, confident pre-screen", { stage: "SMALL_SCALE", confidence: 0.99 }, "PENDING", "small-scale stage: every sample is reviewed by a human"],
    ["full stage with low confidence (not discarded)", { confidence: 0.2 }, "AUTO_APPROVED", "pre-screen score 0.95 with accuracy 97% over 500 decisions"],
    ["full stage without a pre-screen model", { prescreen: null }, "PENDING", "no pre-screen model yet: a human reviews every sample"],
    ["full stage, too few decisions", { prescreen: { ...trusted, decisions: 120 } }, "PENDING", "pre-screen not trusted yet: 120 of 200 decisions"],
    ["full stage, 199 decisions", { prescreen: { ...trusted, decisions: 199 } }, "PENDING", "pre-screen not trusted yet: 199 of 200 decisions"],
    ["full stage, accuracy and decisions exactly at the bar", { prescreen: { score: 0.9, accuracy: 0.95, decisions: 200 } }, "AUTO_APPROVED", "pre-screen score 0.90 with accuracy 95% over 200 decisions"],
    ["full stage, accuracy measured as 190 of 200", { prescreen: { ...trusted, accuracy: 190 / 200 } }, "AUTO_APPROVED", "pre-screen score 0.95 with accuracy 95% over 500 decisions"],
    ["full stage, accuracy below the bar", { prescreen: { ...trusted, accuracy: 0.91 } }, "PENDING", "pre-screen accuracy 91% is below 95%"],
    ["full stage, accuracy just below the bar", { prescreen: { ...trusted, accuracy: 0.9499 } }, "PENDING", "pre-screen accuracy 94.99% is below 95%"],
    ["full stage, accuracy not measured", { prescreen: { ...trusted, accuracy: null } }, "PENDING", "pre-screen accuracy not measured yet: too few hold-out decisions"],
    ["full stage, score below the bar", { prescreen: { ...trusted, score: 0.55 } }, "PENDING", "pre-screen score 0.55 is below 0.90"],
    ["full stage, score just below the bar", { prescreen: { ...trusted, score: 0.8999 } }, "PENDING", "pre-screen score 0.8999 is below 0.90"],
    ["full stage, custom score bar", { autoApproveMinScore: 0.99 }, "PENDING", "pre-screen score 0.95 is below 0.99"],
  ])("%s → %s", (_, overrides, status, reason) => {
    expect(decideGate({ ...base, ...overrides })).toEqual({ status, reason });
  });

  it("follows the thresholds in settings", () => {
    const strict = { ...settings, "samples.discardBelowConfidence": 0.9, "prescreen.minAccuracy": 0.985, "prescreen.minDecisions": 1_000 };
    expect(decideGate({ ...base, stage: "SMALL_SCALE", confidence: 0.8, settings: strict })).toEqual({
      status: "DISCARDED",
      reason: "confidence 0.80 is below the discard threshold 0.90 (small-scale stage)",
    });
    expect(decideGate({ ...base, settings: strict }).reason).toBe("pre-screen not trusted yet: 500 of 1,000 decisions");
    expect(decideGate({ ...base, prescreen: { ...trusted, decisions: 1_000 }, settings: strict }).reason).toBe(
      "pre-screen accuracy 97% is below 98.5%",
    );
  });

  it("lists reviewer statuses beside the gate outcomes", () => {
    expect(SAMPLE_STATUSES).toEqual([...GATE_OUTCOMES, "APPROVED", "REJECTED"]);
  });
});
