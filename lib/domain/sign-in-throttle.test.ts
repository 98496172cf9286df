import { describe, expect, it } from "vitest";
import {
  ACCOUNT_THROTTLE,
  combineVerdicts,
  countAttempt,
  delayAfterFailures,
  forgiveAttempt,
  lockIfDue,
  throttleVerdict,
  tooManyAttemptsMessage,
  type ThrottleState,
} from "./sign-in-throttle";

const policy = ACCOUNT_THROTTLE;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

/** `count` failed attempts, each made as soon as the throttle allowed it; returns the state and when the last one was. */
function failRepeatedly(count: number): { state: ThrottleState | null; now: Date; lockedAt: number[] } {
  let state: ThrottleState | null = null;
  let now = at(0);
  const lockedAt: number[] = [];
  for (let attempt = 1; attempt <= count; attempt++) {
    const verdict = throttleVerdict(state, now, policy);
    if (!verdict.allowed) now = new Date(now.getTime() + verdict.retryAfterMs);
    expect(throttleVerdict(state, now, policy).allowed).toBe(true);
    state = countAttempt(state, now, policy);
    const locked = lockIfDue(state, now, policy);
    state = locked.state;
    if (locked.lockedNow) lockedAt.push(attempt);
  }
  return { state, now, lockedAt };
}

describe("sign-in throttle", () => {
  it("lets the first five failures through at once", () => {
    let state: ThrottleState | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(throttleVerdict(state, at(0), policy)).toEqual({ allowed: true });
      state = countAttempt(state, at(0), policy);
    }
    expect(throttleVerdict(state, at(0), policy)).toEqual({ allowed: false, retryAfterMs: 1_000, locked: false });
  });

  it("doubles the wait with each failure after the fifth", () => {
    expect([5, 6, 7, 8, 9].map((failures) => delayAfterFailures(failures, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(delayAfterFailures(30, policy)).toBe(policy.maxDelayMs);
  });

  it("locks for 15 minutes at the tenth failure, once", () => {
    const { state, now, lockedAt } = failRepeatedly(10);
    expect(lockedAt).toEqual([10]);
    const verdict = throttleVerdict(state, now, policy);
    expect(verdict).toEqual({ allowed: false, retryAfterMs: 15 * 60_000, locked: true });
    expect(tooManyAttemptsMessage(15 * 60_000)).toBe("Too many attempts. Try again in 15 minutes.");
    // Still locked a second before the end; a clean slate after it.
    expect(throttleVerdict(state, new Date(now.getTime() + 15 * 60_000 - 1_000), policy).allowed).toBe(false);
    expect(throttleVerdict(state, new Date(now.getTime() + 15 * 60_000), policy)).toEqual({ allowed: true });
  });

  it("holds attempts sent at once to the same budget: each counts when it starts", () => {
    let state: ThrottleState | null = null;
    let allowed = 0;
    for (let attempt = 0; attempt < 30; attempt++) {
      if (!throttleVerdict(state, at(0), policy).allowed) continue;
      allowed++;
      state = countAttempt(state, at(0), policy);
    }
    expect(allowed).toBe(5);
  });

  it("refuses as locked once the attempts in flight reach the limit, before any of them has failed", () => {
    let state: ThrottleState | null = null;
    for (let attempt = 0; attempt < 10; attempt++) state = countAttempt(state, at(attempt * 60), policy);
    expect(throttleVerdict(state, at(9 * 60 + 30), policy)).toEqual({ allowed: false, retryAfterMs: 15 * 60_000 - 30_000, locked: true });
  });

  it("forgets failures after 15 quiet minutes", () => {
    const { state, now } = failRepeatedly(7);
    expect(throttleVerdict(state, new Date(now.getTime() + 1_000), policy).allowed).toBe(false);
    const later = new Date(now.getTime() + 15 * 60_000 + 1);
    expect(throttleVerdict(state, later, policy)).toEqual({ allowed: true });
    expect(countAttempt(state, later, policy).failures).toBe(1);
  });

  it("forgives an attempt that succeeded", () => {
    const state = countAttempt(countAttempt(null, at(0), policy), at(1), policy);
    expect(forgiveAttempt(state, at(2), policy).failures).toBe(1);
    expect(forgiveAttempt(null, at(2), policy).failures).toBe(0);
  });

  it("takes the longest wait of account and address", () => {
    expect(combineVerdicts([{ allowed: true }, { allowed: false, retryAfterMs: 3_000, locked: false }, { allowed: false, retryAfterMs: 900_000, locked: true }]))
      .toEqual({ allowed: false, retryAfterMs: 900_000, locked: true });
    expect(combineVerdicts([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
  });

  it("says how long to wait in words", () => {
    expect(tooManyAttemptsMessage(60_000)).toBe("Too many attempts. Try again in 1 minute.");
    expect(tooManyAttemptsMessage(61_000)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(tooManyAttemptsMessage(1_500)).toBe("Too many attempts. Try again in 2 seconds.");
    expect(tooManyAttemptsMessage(200)).toBe("Too many attempts. Try again in 1 second.");
  });
});
