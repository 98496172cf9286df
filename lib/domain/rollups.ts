/** Upper bounds (ms) of the latency histogram buckets; one more bucket holds the rest. */
export const LATENCY_BUCKETS_MS = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;

export function latencyBucket(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

export const emptyBuckets = () => new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

/** A UTC day as YYYY-MM-DD. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export interface RollupInput {
  occurredAt: Date;
  modelVersion: string;
  failed: boolean;
  latencyMs: number | null;
  correctionApplied: boolean;
}

export interface AgentDayRollup {
  day: string;
  modelVersion: string;
  total: number;
  failures: number;
  latencySumMs: number;
  latencyCount: number;
  latencyBuckets: number[];
  correctionsApplied: number;
  correctionsFailed: number;
  remedyLatencySumMs: number;
  remedyLatencyCount: number;
}

export interface RemedyDayRollup {
  day: string;
  remedyId: string;
  applied: number;
  failed: number;
}

/** Per applied remedy and day: how often it was applied and how often the interaction still failed. Sorted for lock order. */
export function rollUpRemedies(items: Array<{ occurredAt: Date; remedyId: string | null; failed: boolean }>): RemedyDayRollup[] {
  const rows = new Map<string, RemedyDayRollup>();
  for (const item of items) {
    if (item.remedyId === null) continue;
    const day = utcDay(item.occurredAt);
    const key = `${item.remedyId}\u0000${day}`;
    let row = rows.get(key);
    if (!row) {
      row = { day, remedyId: item.remedyId, applied: 0, failed: 0 };
      rows.set(key, row);
    }
    row.applied += 1;
    if (item.failed) row.failed += 1;
  }
  return [...rows.values()].sort((a, b) => (a.remedyId === b.remedyId ? a.day.localeCompare(b.day) : a.remedyId.localeCompare(b.remedyId)));
}

/**
 * Sums a batch into one row per (day, version), sorted so that concurrent
 * writers take row locks in the same order.
 */
export function rollUp(items: RollupInput[]): AgentDayRollup[] {
  const rows = new Map<string, AgentDayRollup>();
  for (const item of items) {
    const day = utcDay(item.occurredAt);
    const key = `${day}\u0000${item.modelVersion}`;
    let row = rows.get(key);
    if (!row) {
      row = { day, modelVersion: item.modelVersion, total: 0, failures: 0, latencySumMs: 0, latencyCount: 0, latencyBuckets: emptyBuckets(), correctionsApplied: 0, correctionsFailed: 0, remedyLatencySumMs: 0, remedyLatencyCount: 0 };
      rows.set(key, row);
    }
    row.total += 1;
    if (item.failed) row.failures += 1;
    if (item.latencyMs !== null) {
      row.latencySumMs += item.latencyMs;
      row.latencyCount += 1;
      row.latencyBuckets[latencyBucket(item.latencyMs)] += 1;
    }
    if (item.correctionApplied) {
      row.correctionsApplied += 1;
      if (item.failed) row.correctionsFailed += 1;
      if (item.latencyMs !== null) {
        row.remedyLatencySumMs += item.latencyMs;
        row.remedyLatencyCount += 1;
      }
    }
  }
  return [...rows.values()].sort((a, b) => (a.day === b.day ? a.modelVersion.localeCompare(b.modelVersion) : a.day.localeCompare(b.day)));
}

/** Approximate percentile from histogram buckets: the upper bound of the bucket that holds it. */
export function percentileFromBuckets(buckets: number[], quantile: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [index, count] of buckets.entries()) {
    seen += count;
    if (seen >= quantile * total) return index < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[index] : Infinity;
  }
  return Infinity;
}
