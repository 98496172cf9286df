import { describe, expect, it } from "vitest";
import { charge, take } from "./token-bucket";

describe("token bucket", () => {
  it("allows a burst, then refuses with the wait until enough tokens return", () => {
    let result = take(undefined, 100, 0, 10, 100);
    expect(result.ok).toBe(true);
    result = take(result.bucket, 50, 0, 10, 100);
    expect(result).toMatchObject({ ok: false, retryAfterSeconds: 5 });
    result = take(result.bucket, 50, 5_000, 10, 100);
    expect(result.ok).toBe(true);
  });

  it("never holds more than the burst", () => {
    const result = take({ tokens: 0, updatedAt: 0 }, 1, 3_600_000, 10, 100);
    expect(result.ok && result.bucket.tokens).toBe(99);
  });

  it("tells a request larger than the burst to wait for a full bucket, not forever", () => {
    const result = take({ tokens: 0, updatedAt: 0 }, 500, 0, 100, 200);
    expect(result).toMatchObject({ ok: false, retryAfterSeconds: 2 });
  });

  it("charges work already done even past empty, and refuses until the debt is paid back", () => {
    const charged = charge(undefined, 150, 0, 10, 100);
    expect(charged).toEqual({ tokens: -50, updatedAt: 0 });
    expect(take(charged, 1, 0, 10, 100)).toMatchObject({ ok: false, retryAfterSeconds: 6 });
    expect(take(charged, 1, 5_000, 10, 100)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(take(charged, 1, 5_100, 10, 100).ok).toBe(true);
  });
});
