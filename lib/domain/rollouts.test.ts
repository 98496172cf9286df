import { describe, expect, it } from "vitest";
import { breakerTrips, evaluateGate, experimentVerdict, nextStep, outcomeOf, parseSteps, type GateRules } from "./rollouts";

const rules: GateRules = { minInteractionsPerArm: 200, minErrorReduction: 0.4, significance: 0.05, maxLatencyIncreaseMs: 50, maxCorrectionFailureRate: 0.3 };

/** n interactions, `failed` of them failing, each taking `latency` ms. */
const arm = (n: number, failed: number, latency = 100, applied = 0, appliedFailed = 0) =>
  outcomeOf(Array.from({ length: n }, (_, i) => ({ failed: i < failed, latencyMs: latency, remedyApplied: i < appliedFailed || (i >= failed && i < failed + applied - appliedFailed) })));

describe("the promotion gate", () => {
  it("passes a candidate with 40% fewer errors, significant, no slower", () => {
    const result = evaluateGate(arm(1000, 100), arm(1000, 50), rules);
    expect(result.decision).toBe("PASS");
    expect(result.relativeReduction).toBeCloseTo(0.5, 10);
    expect(result.pValue).toBeLessThan(0.05);
  });

  it("needs the minimum interactions in each arm, else the window extends", () => {
    expect(evaluateGate(arm(1000, 100), arm(199, 0), rules).decision).toBe("INSUFFICIENT_DATA");
    expect(evaluateGate(arm(1000, 100), arm(200, 0), rules).decision).toBe("PASS");
  });

  it("holds the reduction at its boundary: 40% passes, 39.9% fails", () => {
    expect(evaluateGate(arm(10000, 1000), arm(10000, 600), rules).checks[1].passed).toBe(true);
    expect(evaluateGate(arm(10000, 1000), arm(10000, 601), rules).checks[1].passed).toBe(false);
  });

  it("fails a large reduction that is not significant", () => {
    // 4/200 → 2/200: 50% lower, p ≈ 0.21
    const result = evaluateGate(arm(200, 4), arm(200, 2), rules);
    expect(result.relativeReduction).toBeCloseTo(0.5, 10);
    expect(result.checks[1].passed).toBe(false);
    expect(result.decision).toBe("FAIL");
  });

  it("holds latency at its boundary: +49 ms passes, +50 ms fails", () => {
    expect(evaluateGate(arm(1000, 100, 100), arm(1000, 50, 149), rules).decision).toBe("PASS");
    const slow = evaluateGate(arm(1000, 100, 100), arm(1000, 50, 150), rules);
    expect(slow.decision).toBe("FAIL");
    expect(slow.checks[2].detail).toContain("+50 ms");
  });

  it("holds correction failures at their boundary: 30% passes, above fails", () => {
    expect(evaluateGate(arm(1000, 100), arm(1000, 30, 100, 100, 30), rules).decision).toBe("PASS");
    expect(evaluateGate(arm(1000, 100), arm(1000, 31, 100, 100, 31), rules).checks[3].passed).toBe(false);
  });

  it("when neither arm failed there is nothing to reduce; a candidate failing against a perfect baseline fails", () => {
    expect(evaluateGate(arm(300, 0), arm(300, 0), rules).decision).toBe("PASS");
    expect(evaluateGate(arm(300, 0), arm(300, 3), rules).decision).toBe("FAIL");
  });
});

describe("steps", () => {
  it("parse from settings and advance to 100", () => {
    expect(parseSteps("5, 25,50 ,100")).toEqual({ ok: true, steps: [5, 25, 50, 100] });
    expect(parseSteps("5, 25, 50")).toEqual({ ok: false, error: "the last step must be 100" });
    expect(parseSteps("25, 5, 100").ok).toBe(false);
    expect(parseSteps("0, 100").ok).toBe(false);
    expect(nextStep([5, 25, 50, 100], 5)).toBe(25);
    expect(nextStep([5, 25, 50, 100], 100)).toBeNull();
  });
});

describe("the circuit breaker", () => {
  it("trips above the threshold, not at it, and only after the minimum applied remedies", () => {
    expect(breakerTrips({ applied: 100, failed: 30 }, 0.3, 20)).toBe(false);
    expect(breakerTrips({ applied: 100, failed: 31 }, 0.3, 20)).toBe(true);
    expect(breakerTrips({ applied: 19, failed: 19 }, 0.3, 20)).toBe(false);
    expect(breakerTrips({ applied: 20, failed: 7 }, 0.3, 20)).toBe(true);
  });
});

describe("experiment verdicts", () => {
  const rules = { minInteractionsPerArm: 200, significance: 0.05 };
  it("says which arm is better only when the difference is significant, with intervals", () => {
    const better = experimentVerdict(arm(1000, 100), arm(1000, 70), rules);
    expect(better.verdict).toBe("candidate_better");
    // Two-sided: twice the one-sided 0.00808.
    expect(better.pValue).toBeCloseTo(0.01616, 4);
    expect(better.candidate.errorRateInterval!.low).toBeLessThan(0.07);
    expect(better.candidate.errorRateInterval!.high).toBeGreaterThan(0.07);
    expect(experimentVerdict(arm(1000, 70), arm(1000, 100), rules).verdict).toBe("candidate_worse");
    expect(experimentVerdict(arm(1000, 100), arm(1000, 90), rules).verdict).toBe("no_significant_difference");
    expect(experimentVerdict(arm(100, 10), arm(1000, 50), rules).verdict).toBe("insufficient_data");
  });
});
