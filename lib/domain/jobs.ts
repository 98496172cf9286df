/**
 * The rules of background jobs: when a failed attempt is tried again, how long
 * it waits first, and how long a runner's claim on a job lasts. Times are
 * milliseconds; randomness is passed in so that a test can pin it.
 */

export const JOB_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job in one of these may still run; the others are final until someone retries it. */
export const LIVE_JOB_STATUSES: readonly JobStatus[] = ["QUEUED", "RUNNING"];

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface RetryPolicy {
  /** The wait before the second attempt, before jitter. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 30 * 60_000 };

/**
 * How long to wait after failed attempt `attempt` (1-based): the base doubled
 * per attempt, capped, then scaled by a random factor in [0.5, 1). Jobs that
 * failed together (a database restart) spread out instead of retrying in
 * step, yet each wait is at least as long as the one before until the cap:
 * the smallest wait after attempt n+1 is the largest after attempt n.
 */
export function backoffMs(attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}

export type AfterFailure = { retry: true; delayMs: number } | { retry: false };

/** A failed attempt is tried again after a backoff while attempts remain. */
export function afterFailure(
  attempt: number,
  maxAttempts: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY,
): AfterFailure {
  if (attempt >= maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffMs(attempt, random, policy) };
}

/**
 * A claim lasts this long unless the runner renews it. Long enough that a
 * busy event loop or a slow database does not lose it; short enough that a
 * crashed runner's job is picked up again within half a minute.
 */
export const JOB_LEASE_MS = 30_000;

/** A runner renews its lease three times per lease: two renewals can fail before the lease does. */
export function heartbeatMs(leaseMs: number): number {
  return Math.max(1, Math.floor(leaseMs / 3));
}

/** A handler's progress as stored: a fraction in [0, 1]; anything not a number counts as 0. */
export function clampProgress(fraction: number): number {
  return Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
}
