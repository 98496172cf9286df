import type { AgentDayRollup, RemedyDayRollup } from "@/lib/domain/rollups";
import type { Stage } from "@/lib/domain/stage";
import { sql, type Queryable } from "./sql";

/** One pattern's share of a batch: how many failures, when, and per day. */
export interface PatternCount {
  patternId: string;
  count: number;
  first: Date;
  last: Date;
  days: Map<string, number>;
}

/**
 * Adds a batch to its patterns' counters and daily rollups, to the agent's
 * daily rollups and to the agent's interaction counter, in one statement: on
 * PGlite every statement costs about a millisecond on the thread that owns the
 * database. Returns the agent's new count and stage, and the patterns' counts.
 */
export async function addBatchToCounters(
  conn: Queryable,
  agentId: string,
  batch: { interactions: number; patterns: PatternCount[]; agentDays: AgentDayRollup[]; remedies: RemedyDayRollup[] },
): Promise<{ interactions: number; stage: Stage; patterns: Map<string, number> }> {
  const { patterns, agentDays, remedies } = batch;
  const patternDays = patterns.flatMap((pattern) => [...pattern.days].map(([day, n]) => ({ id: pattern.patternId, day, n })));
  const rows = await conn.query<{ kind: "agent" | "pattern"; id: string | null; stage: Stage | null; count: string | number }>(sql`
    WITH patterns AS (
      UPDATE error_patterns p SET count = p.count + d.n,
             first_seen_at = LEAST(p.first_seen_at, d.first_at), last_seen_at = GREATEST(p.last_seen_at, d.last_at)
        FROM unnest(
               ${patterns.map((pattern) => pattern.patternId)}::uuid[],
               ${patterns.map((pattern) => pattern.count)}::int[],
               ${patterns.map((pattern) => pattern.first.toISOString())}::timestamptz[],
               ${patterns.map((pattern) => pattern.last.toISOString())}::timestamptz[]
             ) AS d(id, n, first_at, last_at)
       WHERE p.id = d.id
       RETURNING p.id, p.count
    ), pattern_days AS (
      INSERT INTO pattern_daily (pattern_id, day, failures)
      SELECT id, day, n FROM unnest(
               ${patternDays.map((row) => row.id)}::uuid[],
               ${patternDays.map((row) => row.day)}::date[],
               ${patternDays.map((row) => row.n)}::int[]
             ) AS d(id, day, n)
      ON CONFLICT (pattern_id, day) DO UPDATE SET failures = pattern_daily.failures + EXCLUDED.failures
    ), agent_days AS (
      INSERT INTO agent_daily (day, agent_id, model_version, total, failures, latency_sum_ms, latency_count, latency_buckets,
                               corrections_applied, corrections_failed, remedy_latency_sum_ms, remedy_latency_count)
      SELECT day, ${agentId}::uuid, version, total, failures, latency_sum, latency_count, string_to_array(buckets, ',')::int[], applied, failed,
             remedy_latency_sum, remedy_latency_count
        FROM unnest(
               ${agentDays.map((row) => row.day)}::date[],
               ${agentDays.map((row) => row.modelVersion)}::text[],
               ${agentDays.map((row) => row.total)}::int[],
               ${agentDays.map((row) => row.failures)}::int[],
               ${agentDays.map((row) => String(row.latencySumMs))}::bigint[],
               ${agentDays.map((row) => row.latencyCount)}::int[],
               ${agentDays.map((row) => row.latencyBuckets.join(","))}::text[],
               ${agentDays.map((row) => row.correctionsApplied)}::int[],
               ${agentDays.map((row) => row.correctionsFailed)}::int[],
               ${agentDays.map((row) => String(row.remedyLatencySumMs))}::bigint[],
               ${agentDays.map((row) => row.remedyLatencyCount)}::int[]
             ) AS r(day, version, total, failures, latency_sum, latency_count, buckets, applied, failed, remedy_latency_sum, remedy_latency_count)
      ON CONFLICT (day, agent_id, model_version) DO UPDATE SET
        total = agent_daily.total + EXCLUDED.total,
        failures = agent_daily.failures + EXCLUDED.failures,
        latency_sum_ms = agent_daily.latency_sum_ms + EXCLUDED.latency_sum_ms,
        latency_count = agent_daily.latency_count + EXCLUDED.latency_count,
        latency_buckets = ARRAY(SELECT a + b FROM unnest(agent_daily.latency_buckets, EXCLUDED.latency_buckets) AS z(a, b)),
        corrections_applied = agent_daily.corrections_applied + EXCLUDED.corrections_applied,
        corrections_failed = agent_daily.corrections_failed + EXCLUDED.corrections_failed,
        remedy_latency_sum_ms = agent_daily.remedy_latency_sum_ms + EXCLUDED.remedy_latency_sum_ms,
        remedy_latency_count = agent_daily.remedy_latency_count + EXCLUDED.remedy_latency_count
    ), remedy_days AS (
      INSERT INTO remedy_daily (remedy_id, day, applied, failed)
      SELECT remedy_id, day, applied, failed FROM unnest(
               ${remedies.map((row) => row.remedyId)}::text[],
               ${remedies.map((row) => row.day)}::date[],
               ${remedies.map((row) => row.applied)}::int[],
               ${remedies.map((row) => row.failed)}::int[]
             ) AS r(remedy_id, day, applied, failed)
      ON CONFLICT (remedy_id, day) DO UPDATE SET applied = remedy_daily.applied + EXCLUDED.applied, failed = remedy_daily.failed + EXCLUDED.failed
    ), agent AS (
      UPDATE agents SET interaction_count = interaction_count + ${batch.interactions} WHERE id = ${agentId}::uuid RETURNING interaction_count, stage
    )
    SELECT 'agent' AS kind, NULL AS id, stage, interaction_count AS count FROM agent
    UNION ALL
    SELECT 'pattern', id::text, NULL, count FROM patterns`);
  const agent = rows.find((row) => row.kind === "agent");
  if (!agent) throw new Error(`agent ${agentId} disappeared during ingestion`);
  return {
    interactions: Number(agent.count),
    stage: agent.stage!,
    patterns: new Map(rows.filter((row) => row.kind === "pattern").map((row) => [row.id!, Number(row.count)])),
  };
}
