/**
 * Sign-in throttling for one account or one client address: a few free failures, then each
 * further attempt must wait twice as long as the one before, then a lockout. Every attempt is
 * counted as a failure when it starts and forgiven when it succeeds, so that a burst of
 * attempts sent at once is held to the same budget as attempts sent one by one.
 *
 *   const verdict = throttleVerdict(state, now, ACCOUNT_THROTTLE);
 *   if (!verdict.allowed) return tooManyAttemptsMessage(verdict.retryAfterMs);
 */
export interface ThrottlePolicy {
  /** Failures allowed before further attempts must wait. */
  delayAfter: number;
  /** The wait after failure number `delayAfter`; it doubles with each failure after it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures that lock the account or address. */
  lockAfter: number;
  lockMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;

/** An account: 5 free failures, then waits of 1, 2, 4, 8 and 16 s, and a 15-minute lockout at the 10th. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = {
  delayAfter: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
  lockAfter: 10,
  lockMs: 15 * MINUTE,
  forgetAfterMs: 15 * MINUTE,
};

/**
 * A client address: more room, since colleagues behind one office gateway share it; enough
 * to stop one machine trying a password on many accounts.
 */
export const ADDRESS_THROTTLE: ThrottlePolicy = {
  delayAfter: 20,
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
  lockAfter: 50,
  lockMs: 15 * MINUTE,
  forgetAfterMs: 15 * MINUTE,
};

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; locked: boolean };

const CLEAN: ThrottleState = { failures: 0, lastFailureAt: new Date(0), lockedUntil: null };

/** The state as of `now`: a lockout that ended, or failures long ago, leave a clean slate. */
export function currentThrottle(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  if (!state) return CLEAN;
  if (state.lockedUntil) return state.lockedUntil > now ? state : CLEAN;
  return now.getTime() - state.lastFailureAt.getTime() > policy.forgetAfterMs ? CLEAN : state;
}

/** How long to wait after `failures` failures before the next attempt. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.delayAfter) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - policy.delayAfter));
}

/** Whether an attempt may start now, and if not, for how long it must wait. */
export function throttleVerdict(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleVerdict {
  const current = currentThrottle(state, now, policy);
  const at = now.getTime();
  if (current.lockedUntil) return { allowed: false, retryAfterMs: current.lockedUntil.getTime() - at, locked: true };
  // Attempts still in flight have reached the lockout: refused as if it had begun with the last of them.
  if (current.failures >= policy.lockAfter) {
    return { allowed: false, retryAfterMs: Math.max(1, current.lastFailureAt.getTime() + policy.lockMs - at), locked: true };
  }
  const until = current.lastFailureAt.getTime() + delayAfterFailures(current.failures, policy);
  return until > at ? { allowed: false, retryAfterMs: until - at, locked: false } : { allowed: true };
}

/** The stricter of several verdicts (account and address): refused when any refuses, for the longest wait. */
export function combineVerdicts(verdicts: ThrottleVerdict[]): ThrottleVerdict {
  let worst: ThrottleVerdict = { allowed: true };
  for (const verdict of verdicts) {
    if (verdict.allowed) continue;
    if (worst.allowed || verdict.retryAfterMs > worst.retryAfterMs) worst = verdict;
  }
  return worst;
}

/** An attempt starts: counted as a failure until it succeeds. */
export function countAttempt(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const current = currentThrottle(state, now, policy);
  return { failures: current.failures + 1, lastFailureAt: now, lockedUntil: current.lockedUntil };
}

/** An attempt failed: locks when the failures reached the limit; `lockedNow` is true only for the attempt that locked. */
export function lockIfDue(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): { state: ThrottleState; lockedNow: boolean } {
  const current = currentThrottle(state, now, policy);
  if (current.lockedUntil || current.failures < policy.lockAfter) return { state: current, lockedNow: false };
  return { state: { ...current, lockedUntil: new Date(now.getTime() + policy.lockMs) }, lockedNow: true };
}

/** An attempt succeeded: it was no failure after all. */
export function forgiveAttempt(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const current = currentThrottle(state, now, policy);
  return { ...current, failures: Math.max(0, current.failures - 1) };
}

/** What the person signing in reads: whole minutes for a lockout, seconds for a short wait. */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
  if (retryAfterMs >= MINUTE) {
    const minutes = Math.ceil(retryAfterMs / MINUTE);
    return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
  }
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}
