import { describe, expect, it } from "vitest";
import { normalCdf, oneSidedLowerZTest, wilsonInterval } from "./stats";

describe("normal CDF", () => {
  it("matches tabulated values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.6448536)).toBeCloseTo(0.95, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
  });
});

describe("one-sided two-proportion z-test", () => {
  it("matches a worked example: 100/1000 against 70/1000", () => {
    // pooled p = 0.085, se = sqrt(0.085 × 0.915 × 0.002) = 0.012472, z = 0.03 / se = 2.4054
    const result = oneSidedLowerZTest({ successes: 100, trials: 1000 }, { successes: 70, trials: 1000 })!;
    expect(result.z).toBeCloseTo(2.4054, 3);
    expect(result.pValue).toBeCloseTo(0.00808, 4);
  });

  it("is not significant when the candidate is worse, and null without variance or trials", () => {
    expect(oneSidedLowerZTest({ successes: 50, trials: 1000 }, { successes: 80, trials: 1000 })!.pValue).toBeGreaterThan(0.99);
    expect(oneSidedLowerZTest({ successes: 0, trials: 100 }, { successes: 0, trials: 100 })).toBeNull();
    expect(oneSidedLowerZTest({ successes: 3, trials: 0 }, { successes: 0, trials: 100 })).toBeNull();
  });
});

describe("Wilson interval", () => {
  it("matches a known interval: 81/263 at 95% is [0.2553, 0.3662]", () => {
    const interval = wilsonInterval({ successes: 81, trials: 263 })!;
    expect(interval.low).toBeCloseTo(0.2553, 3);
    expect(interval.high).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
  });
});
