import { createHash } from "node:crypto";

/** A rollout's traffic is cut into this many buckets: percentages have two decimals of resolution. */
export const BUCKETS = 10_000;

/**
 * The bucket of a sticky key in a rollout: the first 32 bits of
 * SHA-256(rollout id, key), modulo 10,000 (the bias of 2^32 mod 10,000 is
 * under one in 400,000). The same key always lands in the same bucket of a
 * rollout, and different rollouts shuffle keys independently.
 */
export function bucketOf(rolloutId: string, key: string): number {
  const digest = createHash("sha256").update(rolloutId).update("\u0000").update(key).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

export type Arm = "baseline" | "candidate";

/**
 * The arm for a bucket at a candidate percentage: buckets below the cut go to
 * the candidate. Raising the percentage only moves baseline keys over, so a
 * key keeps its arm as the rollout grows.
 */
export function armOf(bucket: number, candidatePercent: number): Arm {
  return bucket < Math.round(candidatePercent * (BUCKETS / 100)) ? "candidate" : "baseline";
}
