import { describe, expect, it } from "vitest";
import { armOf, bucketOf, BUCKETS } from "./bucketing";

const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i * 7919}-${(i * 104729) % 1000}`);

describe("bucketing", () => {
  it("is stable: a key always lands in the same bucket of a rollout", () => {
    expect(bucketOf("r1", "customer-42")).toBe(bucketOf("r1", "customer-42"));
    expect(bucketOf("r1", "customer-42")).toBeGreaterThanOrEqual(0);
    expect(bucketOf("r1", "customer-42")).toBeLessThan(BUCKETS);
  });

  it("gives the candidate its percentage within ±1 point over 10,000 keys, at every step", () => {
    for (const percent of [5, 25, 50, 100]) {
      const share = keys.filter((key) => armOf(bucketOf("rollout-a", key), percent) === "candidate").length / keys.length;
      expect(Math.abs(share * 100 - percent)).toBeLessThanOrEqual(1);
    }
    expect(keys.filter((key) => armOf(bucketOf("rollout-a", key), 0) === "candidate")).toHaveLength(0);
  });

  it("keeps a key's arm as the percentage grows: candidates stay candidates", () => {
    const at5 = keys.filter((key) => armOf(bucketOf("rollout-b", key), 5) === "candidate");
    expect(at5.every((key) => armOf(bucketOf("rollout-b", key), 25) === "candidate")).toBe(true);
  });

  it("shuffles keys independently per rollout", () => {
    const a = keys.slice(0, 1000).map((key) => armOf(bucketOf("rollout-a", key), 50));
    const b = keys.slice(0, 1000).map((key) => armOf(bucketOf("rollout-b", key), 50));
    const same = a.filter((arm, i) => arm === b[i]).length;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});
