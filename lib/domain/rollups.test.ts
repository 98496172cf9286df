import { describe, expect, it } from "vitest";
import { latencyBucket, percentileFromBuckets, rollUp } from "./rollups";

describe("rollUp", () => {
  it("sums a batch per UTC day and version", () => {
    const rows = rollUp([
      { occurredAt: new Date("2026-04-25T23:59:59Z"), modelVersion: "v2", failed: true, latencyMs: 120, correctionApplied: true },
      { occurredAt: new Date("2026-04-25T01:00:00Z"), modelVersion: "v2", failed: false, latencyMs: 40, correctionApplied: true },
      { occurredAt: new Date("2026-04-26T00:00:00Z"), modelVersion: "v2", failed: false, latencyMs: null, correctionApplied: false },
      { occurredAt: new Date("2026-04-25T12:00:00Z"), modelVersion: "", failed: true, latencyMs: 20_000, correctionApplied: false },
    ]);
    expect(rows.map((row) => [row.day, row.modelVersion])).toEqual([["2026-04-25", ""], ["2026-04-25", "v2"], ["2026-04-26", "v2"]]);
    expect(rows[1]).toMatchObject({ total: 2, failures: 1, latencySumMs: 160, latencyCount: 2, correctionsApplied: 2, correctionsFailed: 1 });
    expect(rows[1].latencyBuckets[latencyBucket(40)]).toBe(1);
    expect(rows[0].latencyBuckets.at(-1)).toBe(1);
    expect(rows[2]).toMatchObject({ total: 1, latencyCount: 0 });
  });
});

describe("percentileFromBuckets", () => {
  it("returns the bucket bound that holds the percentile", () => {
    expect(percentileFromBuckets([0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5)).toBeNull();
    expect(percentileFromBuckets([90, 5, 5, 0, 0, 0, 0, 0, 0], 0.5)).toBe(50);
    expect(percentileFromBuckets([90, 5, 5, 0, 0, 0, 0, 0, 0], 0.99)).toBe(250);
  });
});
