import type { ArmOutcome } from "@/lib/domain/rollouts";
import type { Prisma, PrismaClient } from "./generated/client";
import { sql, type Queryable } from "./sql";

type Tx = Prisma.TransactionClient;
type Client = PrismaClient | Tx;

export const LIVE_ROLLOUT = ["RUNNING", "PAUSED"] as const;

const rolloutColumns = {
  id: true, agentId: true, kind: true, endsAt: true, candidateVersionId: true, baselineVersionId: true, status: true, percent: true, steps: true, stepIndex: true,
  stepStartedAt: true, windowMinutes: true, autoPromote: true, onFail: true, statusReason: true, revision: true, createdBy: true,
  createdAt: true, updatedAt: true, endedAt: true,
} as const;

export type RolloutRow = Prisma.RolloutGetPayload<{ select: typeof rolloutColumns }>;

/**
 * Locks a rollout for a change, its agent's row first: every change to an
 * agent's serving state takes the agent, then the rollout, so promote and
 * rollback racing queue behind each other instead of deadlocking.
 */
export async function lockRollout(tx: Tx, id: string): Promise<RolloutRow | null> {
  const [owner] = await tx.$queryRaw<Array<{ agent_id: string }>>(sql`SELECT agent_id::text FROM rollouts WHERE id = ${id}::uuid`);
  if (!owner) return null;
  await lockAgent(tx, owner.agent_id);
  await tx.$queryRaw(sql`SELECT 1 FROM rollouts WHERE id = ${id}::uuid FOR UPDATE`);
  return tx.rollout.findUnique({ where: { id }, select: rolloutColumns });
}

export async function lockAgent(tx: Tx, agentId: string): Promise<void> {
  await tx.$queryRaw(sql`SELECT 1 FROM agents WHERE id = ${agentId}::uuid FOR UPDATE`);
}

export function liveRolloutOf(client: Client, agentId: string): Promise<RolloutRow | null> {
  return client.rollout.findFirst({ where: { agentId, status: { in: [...LIVE_ROLLOUT] } }, select: rolloutColumns });
}

export function findRollout(client: Client, id: string): Promise<RolloutRow | null> {
  return client.rollout.findUnique({ where: { id }, select: rolloutColumns });
}

export function insertRollout(tx: Tx, data: Prisma.RolloutUncheckedCreateInput): Promise<RolloutRow> {
  return tx.rollout.create({ data, select: rolloutColumns });
}

/** Applies a change and bumps the revision. */
export function updateRollout(tx: Tx, id: string, data: Prisma.RolloutUncheckedUpdateInput): Promise<RolloutRow> {
  return tx.rollout.update({ where: { id }, data: { ...data, revision: { increment: 1 } }, select: rolloutColumns });
}

export function listRollouts(prisma: PrismaClient, agentId?: string, take = 50) {
  return prisma.rollout.findMany({ where: agentId ? { agentId } : {}, select: rolloutColumns, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}

/** Every live rollout with its versions, for the serving index and ingestion. */
export function liveRollouts(client: Client) {
  return client.$queryRaw<Array<{
    id: string; agent_id: string; status: "RUNNING" | "PAUSED"; percent: number; step_index: number;
    candidate_id: string; candidate_version: string; candidate_kind: "BUILTIN" | "EXTERNAL"; candidate_weights: unknown;
    baseline_id: string | null; baseline_version: string | null;
  }>>(sql`
    SELECT r.id::text, r.agent_id::text, r.status::text AS status, r.percent, r.step_index,
           c.id::text AS candidate_id, c.version AS candidate_version, c.kind::text AS candidate_kind, c.weights AS candidate_weights,
           b.id::text AS baseline_id, b.version AS baseline_version
      FROM rollouts r
      JOIN model_versions c ON c.id = r.candidate_version_id
      LEFT JOIN model_versions b ON b.id = r.baseline_version_id
     WHERE r.status IN ('RUNNING', 'PAUSED')`);
}

export interface ArmIncrement extends ArmOutcome {
  rolloutId: string;
  step: number;
  arm: "baseline" | "candidate";
}

/** Adds a batch's outcomes to its rollouts' arm counters (ingestion's transaction). */
export async function addArmCounts(conn: Queryable, rows: ArmIncrement[]): Promise<void> {
  if (rows.length === 0) return;
  await conn.query(sql`
    INSERT INTO rollout_arm_counts (rollout_id, step, arm, interactions, failures, latency_sum_ms, latency_count, latency_buckets, corrections_applied, corrections_failed)
    SELECT rollout_id, step, arm, n, failures, latency_sum, latency_count, string_to_array(buckets, ',')::int[], applied, failed
      FROM unnest(
             ${rows.map((row) => row.rolloutId)}::uuid[], ${rows.map((row) => row.step)}::int[], ${rows.map((row) => row.arm)}::text[],
             ${rows.map((row) => row.interactions)}::int[], ${rows.map((row) => row.failures)}::int[],
             ${rows.map((row) => String(row.latencySumMs))}::bigint[], ${rows.map((row) => row.latencyCount)}::int[],
             ${rows.map((row) => row.latencyBuckets.join(","))}::text[],
             ${rows.map((row) => row.correctionsApplied)}::int[], ${rows.map((row) => row.correctionsFailed)}::int[]
           ) AS u(rollout_id, step, arm, n, failures, latency_sum, latency_count, buckets, applied, failed)
     ORDER BY rollout_id, step, arm
    ON CONFLICT (rollout_id, step, arm) DO UPDATE SET
      interactions = rollout_arm_counts.interactions + EXCLUDED.interactions,
      failures = rollout_arm_counts.failures + EXCLUDED.failures,
      latency_sum_ms = rollout_arm_counts.latency_sum_ms + EXCLUDED.latency_sum_ms,
      latency_count = rollout_arm_counts.latency_count + EXCLUDED.latency_count,
      latency_buckets = ARRAY(SELECT a + b FROM unnest(rollout_arm_counts.latency_buckets, EXCLUDED.latency_buckets) AS z(a, b)),
      corrections_applied = rollout_arm_counts.corrections_applied + EXCLUDED.corrections_applied,
      corrections_failed = rollout_arm_counts.corrections_failed + EXCLUDED.corrections_failed`);
}

export async function armCounts(client: Client, rolloutId: string, step?: number) {
  const rows = await client.rolloutArmCount.findMany({ where: { rolloutId, ...(step === undefined ? {} : { step }) }, orderBy: [{ step: "asc" }, { arm: "asc" }] });
  return rows.map((row) => ({
    step: row.step,
    arm: row.arm as "baseline" | "candidate",
    outcome: {
      interactions: row.interactions, failures: row.failures, latencySumMs: Number(row.latencySumMs), latencyCount: row.latencyCount,
      latencyBuckets: row.latencyBuckets, correctionsApplied: row.correctionsApplied, correctionsFailed: row.correctionsFailed,
    } satisfies ArmOutcome,
  }));
}

export function insertGateEvaluation(tx: Tx, data: Prisma.GateEvaluationUncheckedCreateInput) {
  return tx.gateEvaluation.create({ data, select: { id: true } });
}

export function gateHistory(client: Client, rolloutId: string) {
  return client.gateEvaluation.findMany({ where: { rolloutId }, orderBy: { at: "desc" }, take: 100 });
}

export function insertSnapshot(tx: Tx, data: Prisma.SnapshotUncheckedCreateInput) {
  return tx.snapshot.create({ data, select: { id: true, takenAt: true } });
}

/** The agent's newest snapshot not yet restored: what a rollback returns to. */
export function latestSnapshot(client: Client, agentId: string) {
  return client.snapshot.findFirst({ where: { agentId, restoredAt: null }, orderBy: [{ takenAt: "desc" }, { id: "desc" }] });
}

export function agentSnapshots(client: Client, agentId: string, take = 20) {
  return client.snapshot.findMany({ where: { agentId }, orderBy: [{ takenAt: "desc" }, { id: "desc" }], take });
}

/** Ids of an agent's knowledge entries that are switched on. */
export async function enabledKnowledgeIds(client: Client, agentId: string): Promise<string[]> {
  const rows = await client.knowledgeEntry.findMany({ where: { agentId, enabled: true }, select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.id);
}

/** Switches an agent's knowledge to exactly this set (a rollback); returns how many entries changed. */
export async function setEnabledKnowledge(tx: Tx, agentId: string, enabledIds: string[]): Promise<number> {
  const on = await tx.knowledgeEntry.updateMany({ where: { agentId, id: { in: enabledIds }, enabled: false }, data: { enabled: true, version: { increment: 1 } } });
  const off = await tx.knowledgeEntry.updateMany({ where: { agentId, id: { notIn: enabledIds }, enabled: true }, data: { enabled: false, version: { increment: 1 } } });
  return on.count + off.count;
}

/** A capability's last `window` applied remedies: how many, and how many still failed. */
export async function recentRemedyOutcomes(conn: Queryable, capability: string, window: number): Promise<{ applied: number; failed: number }> {
  const [row] = await conn.query<{ applied: number; failed: number }>(sql`
    SELECT count(*)::int AS applied, (count(*) FILTER (WHERE failed))::int AS failed FROM (
      SELECT failed FROM interactions WHERE remedy_id IS NOT NULL AND split_part(remedy_id, '.', 1) = ${capability}
       ORDER BY split_part(remedy_id, '.', 1), id DESC LIMIT ${window}) recent`);
  return { applied: Number(row.applied), failed: Number(row.failed) };
}

export function insertBreakerTrip(tx: Tx, data: Prisma.BreakerTripUncheckedCreateInput) {
  return tx.breakerTrip.create({ data, select: { id: true } });
}

export function openBreakerTrips(client: Client) {
  return client.breakerTrip.findMany({ where: { acknowledgedAt: null }, orderBy: { at: "desc" }, take: 20 });
}
