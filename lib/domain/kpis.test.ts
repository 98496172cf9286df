import { describe, expect, it } from "vitest";
import { monthlyCost, interventionSaving } from "./cost";
import { addedLatencyMs, confidenceHistogram, correctionSuccess, errorRate, errorTrendCallouts, kpiStatus, noisyCount, quantile, reviewHoursPer1000, seriesOf, sumDays, type DayCounts } from "./kpis";

const day = (d: string, values: Partial<DayCounts>): DayCounts => ({
  day: d, total: 0, failures: 0, latencySumMs: 0, latencyCount: 0, correctionsApplied: 0, correctionsFailed: 0, remedyLatencySumMs: 0, remedyLatencyCount: 0, ...values,
});

describe("KPI arithmetic", () => {
  it("answers no data, never 0 or NaN, for empty and zero-denominator series", () => {
    expect(errorRate({ total: 0, failures: 0 })).toBeNull();
    expect(correctionSuccess({ correctionsApplied: 0, correctionsFailed: 0 })).toBeNull();
    expect(addedLatencyMs(sumDays([]))).toBeNull();
    expect(reviewHoursPer1000(0, 0)).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
    expect(kpiStatus(null, 0.02, "below")).toBe("no_data");
  });

  it("computes a single point and a fixture by hand", () => {
    const rows = [day("2026-11-01", { total: 200, failures: 6, latencySumMs: 30_000, latencyCount: 200, correctionsApplied: 20, correctionsFailed: 2, remedyLatencySumMs: 5_000, remedyLatencyCount: 20 }),
      day("2026-11-02", { total: 300, failures: 3, latencySumMs: 42_000, latencyCount: 300, correctionsApplied: 30, correctionsFailed: 3, remedyLatencySumMs: 6_000, remedyLatencyCount: 30 })];
    const total = sumDays(rows);
    expect(errorRate(total)).toBeCloseTo(9 / 500, 12);
    expect(correctionSuccess(total)).toBeCloseTo(45 / 50, 12);
    // with remedy 11,000 / 50 = 220 ms; without (72,000 − 11,000) / 450 = 135.56 ms
    expect(addedLatencyMs(total)).toBeCloseTo(220 - 61_000 / 450, 9);
    // 300 s over 100 decisions = 3 s each = 0.8333 h per 1,000
    expect(reviewHoursPer1000(300, 100)).toBeCloseTo(3000 / 3600, 12);
    expect(seriesOf(["2026-11-01", "2026-11-02", "2026-11-03"], rows, errorRate)).toEqual([
      { day: "2026-11-01", value: 0.03 }, { day: "2026-11-02", value: 0.01 }, { day: "2026-11-03", value: null },
    ]);
    expect(quantile([30, 10, 20], 0.5)).toBe(20);
    expect(quantile([10, 20, 30, 40], 0.95)).toBeCloseTo(38.5, 10);
    expect(kpiStatus(0.018, 0.02, "below")).toBe("met");
    expect(kpiStatus(0.85, 0.85, "above")).toBe("met");
    expect(confidenceHistogram([0.86, 0.9, 0.95, 1, 0.5])).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 3]);
  });

  it("adds Laplace noise of scale 1/ε to exported counts", () => {
    // The median draw adds nothing; u = 0.5 + 0.5(1 − e^−1) gives exactly +1/ε.
    expect(noisyCount(100, 0.5, 0.5)).toBe(100);
    const u = 0.5 + 0.5 * (1 - Math.exp(-1));
    expect(noisyCount(100, 0.5, u)).toBe(102);
    expect(noisyCount(100, 2, 1 - u)).toBe(100);
    expect(noisyCount(0, 0.1, 0.0001)).toBe(0);
    // Mean absolute noise over many draws is the scale 1/ε.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const draws = Array.from({ length: 20_000 }, () => Math.abs(noisyCount(1000, 0.2, random()) - 1000));
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeGreaterThan(4.5);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeLessThan(5.5);
  });

  it("calls out an error rate that is not falling or rebounds", () => {
    const flat = ["01", "02", "03", "04"].map((d, i) => ({ day: `2026-11-${d}`, value: [0.05, 0.05, 0.05, 0.06][i] }));
    expect(errorTrendCallouts(flat, 0.02)[0]).toBe("The error rate is not falling: 5.00% in the first half of the period, 5.50% in the second (target < 2.00%).");
    const rebound = ["01", "02", "03", "04", "05"].map((d, i) => ({ day: `2026-11-${d}`, value: [0.08, 0.04, 0.01, 0.02, 0.03][i] }));
    expect(errorTrendCallouts(rebound, 0.02)).toEqual(["The error rate is rebounding: 3.00% on 2026-11-05, up from its low of 1.00% on 2026-11-03."]);
    expect(errorTrendCallouts(flat.slice(0, 3), 0.02)).toEqual([]);
  });
});

describe("cost model", () => {
  it("computes from rates: 5 min at $50/h is $4.17 a sample, never 0.42", () => {
    const cost = monthlyCost({ hardwarePerMonth: 800, apiPerMonth: 300, reviewMinutesPerSample: 5, reviewerHourlyRate: 50, distillationPerSample: 10 }, { reviewedSamples: 1200, distilledSamples: 500 });
    expect(cost.reviewPerSample).toBeCloseTo(4.1667, 4);
    expect(cost.review).toBeCloseTo(5000, 6);
    expect(cost.total).toBeCloseTo(800 + 300 + 5000 + 5000, 6);
    expect(cost.formula).toBe("$800.00 hardware + $300.00 API + 1,200 samples × 5 min ÷ 60 × $50.00/h ($5,000.00) + 500 samples × $10.00 ($5,000.00) = $11,100.00 a month");
  });

  it("prices the interventions avoided against the manager's baseline", () => {
    const saving = interventionSaving({ reviewMinutesPerSample: 5, reviewerHourlyRate: 50 }, 12, 2, 100_000);
    expect(saving.avoided).toBe(1000);
    expect(saving.saving).toBeCloseTo(4166.67, 2);
    expect(interventionSaving({ reviewMinutesPerSample: 5, reviewerHourlyRate: 50 }, 1, 2, 100_000).saving).toBe(0);
  });
});
