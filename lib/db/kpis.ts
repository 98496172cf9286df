import type { DayCounts } from "@/lib/domain/kpis";
import type { PrismaClient } from "./generated/client";
import { empty, join, sql } from "./sql";

/** What operators do by hand: with reviewers' decisions, the manual interventions. */
const OPERATOR_ACTIONS = [
  "rollout.start", "rollout.promote", "rollout.pause", "rollout.resume", "rollout.rollback", "experiment.start",
  "knowledge.edit", "knowledge.deactivate", "knowledge.reactivate", "knowledge.approve_import", "knowledge.import", "breaker.acknowledge",
];

export interface KpiScope {
  from: Date;
  /** Exclusive. */
  to: Date;
  agentId?: string;
  version?: string;
}

const agentFilter = (scope: KpiScope, column = sql`agent_id`) => (scope.agentId ? sql`AND ${column} = ${scope.agentId}::uuid` : empty);

/**
 * An audit event's agent, from what it is about: the agent itself, or the rollout,
 * knowledge entry, model version or breaker trip that belongs to one.
 */
const EVENT_AGENT = sql`CASE e.target_type
      WHEN 'agent' THEN e.target_id
      WHEN 'rollout' THEN (SELECT r.agent_id::text FROM rollouts r WHERE r.id::text = e.target_id)
      WHEN 'knowledge_entry' THEN (SELECT k.agent_id::text FROM knowledge_entries k WHERE k.id::text = e.target_id)
      WHEN 'model_version' THEN (SELECT m.agent_id::text FROM model_versions m WHERE m.id::text = e.target_id)
      WHEN 'breaker_trip' THEN (SELECT t.agent_id::text FROM breaker_trips t WHERE t.id::text = e.target_id)
    END`;
const eventAgentFilter = (scope: KpiScope) => (scope.agentId ? sql`AND ${EVENT_AGENT} = ${scope.agentId}` : empty);

/** Daily rollups summed per day and version (optionally one agent and version): one read serves both the totals and the per-version chart. */
export async function dailyCounts(prisma: PrismaClient, scope: KpiScope): Promise<Array<DayCounts & { version: string }>> {
  const rows = await prisma.$queryRaw<Array<Record<string, string | number | bigint | Date>>>(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, model_version AS version, SUM(total)::bigint AS total, SUM(failures)::bigint AS failures,
           SUM(latency_sum_ms)::bigint AS latency_sum_ms, SUM(latency_count)::bigint AS latency_count,
           SUM(corrections_applied)::bigint AS corrections_applied, SUM(corrections_failed)::bigint AS corrections_failed,
           SUM(remedy_latency_sum_ms)::bigint AS remedy_latency_sum_ms, SUM(remedy_latency_count)::bigint AS remedy_latency_count
      FROM agent_daily
     WHERE day >= ${scope.from}::date AND day < ${scope.to}::date ${agentFilter(scope)}
           ${scope.version !== undefined ? sql`AND model_version = ${scope.version}` : empty}
     GROUP BY day, model_version ORDER BY day`);
  return rows.map((row) => ({
    day: String(row.day),
    version: String(row.version),
    total: Number(row.total), failures: Number(row.failures), latencySumMs: Number(row.latency_sum_ms), latencyCount: Number(row.latency_count),
    correctionsApplied: Number(row.corrections_applied), correctionsFailed: Number(row.corrections_failed),
    remedyLatencySumMs: Number(row.remedy_latency_sum_ms), remedyLatencyCount: Number(row.remedy_latency_count),
  }));
}

/** Seconds from each pattern's first failure to its knowledge becoming active, for entries activated in the period. */
export async function remediationSeconds(prisma: PrismaClient, scope: KpiScope): Promise<Array<{ day: string; seconds: number }>> {
  const rows = await prisma.$queryRaw<Array<{ day: string; seconds: number }>>(sql`
    SELECT to_char(k.activated_at, 'YYYY-MM-DD') AS day, EXTRACT(EPOCH FROM (k.activated_at - p.first_seen_at))::float8 AS seconds
      FROM knowledge_entries k JOIN error_patterns p ON p.id = k.pattern_id
     WHERE k.activated_at >= ${scope.from} AND k.activated_at < ${scope.to} ${agentFilter(scope, sql`k.agent_id`)}`);
  return rows.map((row) => ({ day: row.day, seconds: Math.max(0, Number(row.seconds)) }));
}

/** Human decisions per day, from the review rollup: how many and their measured seconds. */
export async function reviewDays(prisma: PrismaClient, scope: KpiScope) {
  const rows = await prisma.$queryRaw<Array<{ day: string; decisions: bigint; timed: bigint; seconds: number }>>(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(decisions)::bigint AS decisions,
           SUM(timed_decisions)::bigint AS timed, SUM(decision_seconds)::float8 AS seconds
      FROM review_daily
     WHERE day >= ${scope.from}::date AND day < ${scope.to}::date ${agentFilter(scope)}
     GROUP BY day ORDER BY day`);
  return rows.map((row) => ({ day: row.day, decisions: Number(row.decisions), timed: Number(row.timed), seconds: Number(row.seconds) }));
}

/** Candidates evaluated per day, and how many passed. */
export async function safetyDays(prisma: PrismaClient, scope: KpiScope) {
  const rows = await prisma.$queryRaw<Array<{ day: string; evaluated: bigint; passed: bigint; accuracy: number | null }>>(sql`
    SELECT to_char(created_at, 'YYYY-MM-DD') AS day, COUNT(*)::bigint AS evaluated, (COUNT(*) FILTER (WHERE safety_status = 'PASS'))::bigint AS passed,
           AVG(hold_out_accuracy) FILTER (WHERE kind = 'BUILTIN')::float8 AS accuracy
      FROM model_versions
     WHERE safety_status <> 'PENDING' AND created_at >= ${scope.from} AND created_at < ${scope.to} ${agentFilter(scope)}
     GROUP BY 1 ORDER BY 1`);
  return rows.map((row) => ({ day: row.day, evaluated: Number(row.evaluated), passed: Number(row.passed), accuracy: row.accuracy === null ? null : Number(row.accuracy) }));
}

/** Hold-out accuracy of the models agents serve now. */
export async function servingAccuracies(prisma: PrismaClient, agentId?: string): Promise<number[]> {
  const rows = await prisma.$queryRaw<Array<{ accuracy: number }>>(sql`
    SELECT m.hold_out_accuracy AS accuracy FROM agents a JOIN model_versions m ON m.id = a.serving_model_version_id
     WHERE m.hold_out_accuracy IS NOT NULL ${agentId ? sql`AND a.id = ${agentId}::uuid` : empty}`);
  return rows.map((row) => Number(row.accuracy));
}

/**
 * Hold-out accuracy of what served on each day of the scope: for every agent, the model it
 * served at the day's end (UTC) from the serving history, averaged over agents serving one.
 * Days before any history, or when no agent served a model, are absent.
 */
export async function servingAccuracyDays(prisma: PrismaClient, scope: KpiScope) {
  const rows = await prisma.$queryRaw<Array<{ day: string; accuracy: number; agents: bigint }>>(sql`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, AVG(m.hold_out_accuracy)::float8 AS accuracy, COUNT(*)::bigint AS agents
      FROM generate_series(${scope.from}::date, (${scope.to}::timestamptz - interval '1 millisecond')::date, interval '1 day') AS d(day)
     CROSS JOIN agents a
     CROSS JOIN LATERAL (
       SELECT c.model_version_id FROM serving_changes c
        WHERE c.agent_id = a.id AND c.started_at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
        ORDER BY c.started_at DESC, c.id DESC LIMIT 1) AS served
      JOIN model_versions m ON m.id = served.model_version_id
     WHERE m.hold_out_accuracy IS NOT NULL ${agentFilter(scope, sql`a.id`)}
     GROUP BY d.day ORDER BY d.day`);
  return rows.map((row) => ({ day: row.day, accuracy: Number(row.accuracy), agents: Number(row.agents) }));
}

/** Confidence of knowledge entries created in a period and in the period before it, in one read. */
export async function knowledgeConfidences(prisma: PrismaClient, before: Date, from: Date, to: Date, agentId?: string) {
  const rows = await prisma.$queryRaw<Array<{ confidence: number; current: boolean }>>(sql`
    SELECT confidence, created_at >= ${from} AS current FROM knowledge_entries
     WHERE created_at >= ${before} AND created_at < ${to} ${agentId ? sql`AND agent_id = ${agentId}::uuid` : empty}`);
  return { now: rows.filter((row) => row.current).map((row) => Number(row.confidence)), before: rows.filter((row) => !row.current).map((row) => Number(row.confidence)) };
}

/** Operator actions per day (audit), the other half of manual interventions. */
export async function operatorActionDays(prisma: PrismaClient, scope: KpiScope) {
  const rows = await prisma.$queryRaw<Array<{ day: string; actions: bigint }>>(sql`
    SELECT to_char(e.at, 'YYYY-MM-DD') AS day, COUNT(*)::bigint AS actions FROM audit_events e
     WHERE e.action IN (${join(OPERATOR_ACTIONS)}) AND e.at >= ${scope.from} AND e.at < ${scope.to} AND e.actor_type = 'USER' ${eventAgentFilter(scope)}
     GROUP BY 1 ORDER BY 1`);
  return rows.map((row) => ({ day: row.day, actions: Number(row.actions) }));
}

/** Rollout steps, promotions, rollbacks and breaker trips (of the scope's agent), for markers on the time axis. */
export async function loopEvents(prisma: PrismaClient, scope: KpiScope) {
  return prisma.$queryRaw<Array<{ at: Date; action: string; after: unknown }>>(sql`
    SELECT e.at, e.action, e.after FROM audit_events e
     WHERE e.at >= ${scope.from} AND e.at < ${scope.to}
       AND e.action IN ('rollout.start', 'rollout.promote', 'rollout.rollback', 'breaker.trip', 'experiment.conclude') ${eventAgentFilter(scope)}
     ORDER BY e.at LIMIT 200`);
}

/**
 * The installation's last 30 days, for the monthly cost estimate and the saving: samples
 * decided by people, samples distilled, interactions, and operator actions by hand.
 */
export async function monthlyVolumes(prisma: PrismaClient, since: Date) {
  const [row] = await prisma.$queryRaw<Array<{ reviewed: bigint; distilled: bigint; interactions: bigint; operator_actions: bigint }>>(sql`
    SELECT (SELECT COALESCE(SUM(decisions), 0) FROM review_daily WHERE day >= ${since}::date)::bigint AS reviewed,
           (SELECT COALESCE(SUM(sample_count), 0) FROM distillation_runs WHERE status = 'SUCCEEDED' AND finished_at >= ${since})::bigint AS distilled,
           (SELECT COALESCE(SUM(total), 0) FROM agent_daily WHERE day >= ${since}::date)::bigint AS interactions,
           (SELECT COUNT(*) FROM audit_events WHERE action IN (${join(OPERATOR_ACTIONS)}) AND at >= ${since} AND actor_type = 'USER')::bigint AS operator_actions`);
  return { reviewed: Number(row.reviewed), distilled: Number(row.distilled), interactions: Number(row.interactions), operatorActions: Number(row.operator_actions) };
}
