export interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Takes `cost` tokens from a bucket refilled at `rate` per second up to
 * `burst`. Returns the new bucket, or how long to wait when there are too few.
 */
export function take(
  bucket: Bucket | undefined,
  cost: number,
  now: number,
  rate: number,
  burst: number,
): { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterSeconds: number } {
  const elapsed = bucket ? Math.max(0, now - bucket.updatedAt) / 1000 : 0;
  const tokens = Math.min(burst, (bucket?.tokens ?? burst) + elapsed * rate);
  if (tokens >= cost) return { ok: true, bucket: { tokens: tokens - cost, updatedAt: now } };
  const needed = Math.min(cost, burst) - tokens;
  return { ok: false, bucket: { tokens, updatedAt: now }, retryAfterSeconds: Math.max(1, Math.ceil(needed / rate)) };
}

/**
 * Takes `cost` tokens whatever the bucket holds, for work already done (a
 * body read, then refused): the bucket may fall below zero, and `take`
 * refuses until it has refilled past the debt.
 */
export function charge(bucket: Bucket | undefined, cost: number, now: number, rate: number, burst: number): Bucket {
  const elapsed = bucket ? Math.max(0, now - bucket.updatedAt) / 1000 : 0;
  const tokens = Math.min(burst, (bucket?.tokens ?? burst) + elapsed * rate);
  return { tokens: tokens - cost, updatedAt: now };
}
