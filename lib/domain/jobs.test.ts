import { describe, expect, it } from "vitest";
import { afterFailure, backoffMs, clampProgress, heartbeatMs, JOB_LEASE_MS } from "./jobs";

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe("job retries", () => {
  it("doubles the wait per attempt, between half and all of it", () => {
    expect(backoffMs(1, () => 0, policy)).toBe(500);
    expect(backoffMs(1, () => 0.999_999, policy)).toBe(1_000);
    expect(backoffMs(2, () => 0, policy)).toBe(1_000);
    expect(backoffMs(4, () => 0.5, policy)).toBe(6_000);
  });

  it("never waits less after a later attempt, whatever the jitter, until the cap", () => {
    for (let attempt = 1; attempt < 6; attempt++) {
      expect(backoffMs(attempt + 1, () => 0, policy)).toBeGreaterThanOrEqual(backoffMs(attempt, () => 0.999_999, policy));
    }
  });

  it("caps the wait however many attempts failed", () => {
    expect(backoffMs(40, () => 0.999_999, policy)).toBe(60_000);
    expect(backoffMs(1_000, () => 0.999_999, policy)).toBe(60_000);
  });

  it("spreads jobs that failed together", () => {
    const waits = new Set([0.1, 0.4, 0.7].map((r) => backoffMs(3, () => r, policy)));
    expect(waits.size).toBe(3);
  });

  it("retries while attempts remain, then fails for good", () => {
    expect(afterFailure(1, 3, () => 0, policy)).toEqual({ retry: true, delayMs: 500 });
    expect(afterFailure(2, 3, () => 0, policy)).toEqual({ retry: true, delayMs: 1_000 });
    expect(afterFailure(3, 3, () => 0, policy)).toEqual({ retry: false });
    expect(afterFailure(1, 1, () => 0, policy)).toEqual({ retry: false });
  });
});

describe("job leases", () => {
  it("renews a lease often enough to survive two failed renewals", () => {
    expect(heartbeatMs(JOB_LEASE_MS)).toBe(10_000);
    expect(heartbeatMs(JOB_LEASE_MS) * 3).toBeLessThanOrEqual(JOB_LEASE_MS);
  });
});

describe("job progress", () => {
  it("keeps a fraction between 0 and 1", () => {
    expect(clampProgress(0.25)).toBe(0.25);
    expect(clampProgress(1.5)).toBe(1);
    expect(clampProgress(-1)).toBe(0);
    expect(clampProgress(Number.NaN)).toBe(0);
  });
});
