import type { RunFilter } from "@/lib/schemas/distillation";
import type { Prisma, PrismaClient } from "./generated/client";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { empty, sql } from "./sql";

type Tx = Prisma.TransactionClient;
type Client = PrismaClient | Tx;

export interface SampleScope {
  agentId: string;
  patternIds: string[];
  from?: Date;
  to?: Date;
  /** Only samples above this confidence. */
  minConfidence: number;
}

/** Approved samples (by reviewers or the trusted pre-screen) in a scope. */
function scopeSql(scope: SampleScope) {
  return sql`
    s.agent_id = ${scope.agentId}::uuid AND s.status IN ('APPROVED', 'AUTO_APPROVED') AND s.confidence > ${scope.minConfidence}
    ${scope.patternIds.length > 0 ? sql`AND s.pattern_id = ANY(${scope.patternIds}::uuid[])` : empty}
    ${scope.from ? sql`AND s.created_at >= ${scope.from}` : empty}
    ${scope.to ? sql`AND s.created_at < ${scope.to}` : empty}`;
}

export async function countQualifying(client: Client, scope: SampleScope): Promise<{ samples: number; corrections: number }> {
  const [row] = await client.$queryRaw<Array<{ samples: bigint; corrections: bigint }>>(sql`
    SELECT COUNT(*)::bigint AS samples, COUNT(DISTINCT lower(regexp_replace(btrim(s.output), '\\s+', ' ', 'g')))::bigint AS corrections
      FROM samples s WHERE ${scopeSql(scope)}`);
  return { samples: Number(row.samples), corrections: Number(row.corrections) };
}

export interface TrainingSampleRow {
  id: string;
  input: unknown;
  output: string;
  confidence: number;
}

/** The newest qualifying samples, up to the cap. */
export function qualifyingSamples(client: Client, scope: SampleScope, limit: number): Promise<TrainingSampleRow[]> {
  return client.$queryRaw<TrainingSampleRow[]>(sql`
    SELECT s.id::text, s.input, s.output, s.confidence FROM samples s
     WHERE ${scopeSql(scope)}
     ORDER BY s.created_at DESC, s.id DESC
     LIMIT ${limit}`);
}

/** Recorded failures with approved corrections that a run did not train on: the sandbox replay. */
export function replaySamples(client: Client, agentId: string, excluded: string[], limit: number): Promise<TrainingSampleRow[]> {
  return client.$queryRaw<TrainingSampleRow[]>(sql`
    SELECT s.id::text, s.input, s.output, s.confidence FROM samples s
     WHERE s.agent_id = ${agentId}::uuid AND s.status IN ('APPROVED', 'AUTO_APPROVED')
       AND NOT (s.id = ANY(${excluded}::uuid[]))
     ORDER BY s.created_at DESC, s.id DESC
     LIMIT ${limit}`);
}

export interface NewRun {
  agentId: string;
  scope: Prisma.InputJsonValue;
  sampleCount: number;
  estimatedCost: number;
  startedById: string | null;
  startedBy: string;
}

export function insertRun(tx: Tx, run: NewRun) {
  return tx.distillationRun.create({ data: run, select: { id: true } });
}

export async function setRunJob(tx: Tx, runId: string, jobId: string): Promise<void> {
  await tx.distillationRun.update({ where: { id: runId }, data: { jobId: BigInt(jobId) } });
}

const runColumns = {
  id: true, agentId: true, status: true, scope: true, progress: true, progressNote: true, sampleCount: true, estimatedCost: true,
  metrics: true, failureReason: true, jobId: true, startedBy: true, createdAt: true, startedAt: true, finishedAt: true,
  agent: { select: { id: true, name: true } },
  modelVersion: { select: { id: true, version: true, safetyStatus: true, safetyReport: true, sandbox: true } },
} as const;

export function findRun(client: Client, id: string) {
  return client.distillationRun.findUnique({ where: { id }, select: runColumns });
}

export async function lockRun(tx: Tx, id: string) {
  await tx.$queryRaw(sql`SELECT 1 FROM distillation_runs WHERE id = ${id}::uuid FOR UPDATE`);
  return findRun(tx, id);
}

const PAGE_SIZE = 30;

export async function listRuns(prisma: PrismaClient, filter: RunFilter) {
  const cursor = decodeCursor(filter.cursor, "uuid");
  const rows = await prisma.distillationRun.findMany({
    where: {
      AND: [
        filter.agent ? { agentId: filter.agent } : {},
        filter.status ? { status: filter.status } : {},
        beforeCursorWhere<Prisma.DistillationRunWhereInput>(cursor, "createdAt", "id", (id) => id) ?? {},
      ],
    },
    select: runColumns,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
  });
  return pageOf(rows, PAGE_SIZE, (row) => ({ at: row.createdAt, id: row.id }));
}

export async function updateRun(client: Client, id: string, data: Prisma.DistillationRunUpdateInput): Promise<void> {
  await client.distillationRun.update({ where: { id }, data });
}

/** Moves a queued run to running; false when it is no longer queued (cancelled, or a repeat attempt). */
export async function markRunStarted(client: Client, id: string): Promise<boolean> {
  const changed = await client.distillationRun.updateMany({ where: { id, status: "QUEUED" }, data: { status: "RUNNING", startedAt: new Date(), progress: 0 } });
  return changed.count === 1;
}

/**
 * Runs whose job ended without them (the server stopped mid-run and the
 * job's lease ran out, or the job was cancelled or failed before the run
 * could say so) are marked failed or cancelled with the job's reason.
 */
export async function settleOrphanedRuns(client: Client): Promise<number> {
  return client.$executeRaw(sql`
    UPDATE distillation_runs r
       SET status = CASE WHEN j.status = 'CANCELLED' THEN 'CANCELLED'::"RunStatus" ELSE 'FAILED'::"RunStatus" END,
           failure_reason = COALESCE(r.failure_reason, CASE WHEN j.status = 'CANCELLED' THEN 'Cancelled before it finished.'
                                                       ELSE 'The server stopped during the run: ' || COALESCE(j.last_error, 'its job ended') || '. Start it again.' END),
           finished_at = COALESCE(j.finished_at, now())
      FROM jobs j
     WHERE j.id = r.job_id AND r.status IN ('QUEUED', 'RUNNING') AND j.status IN ('FAILED', 'CANCELLED', 'SUCCEEDED')`);
}

export async function insertRunSamples(tx: Tx, runId: string, rows: Array<{ sampleId: string; holdOut: boolean }>): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw(sql`
    INSERT INTO distillation_run_samples (run_id, sample_id, hold_out)
    SELECT ${runId}::uuid, u.sample_id, u.hold_out FROM unnest(${rows.map((row) => row.sampleId)}::uuid[], ${rows.map((row) => row.holdOut)}::boolean[]) AS u(sample_id, hold_out)
    ON CONFLICT DO NOTHING`);
}

/** The samples a run used, for its page and its dataset export. */
export function runSamples(client: Client, runId: string, limit: number, offset = 0) {
  return client.$queryRaw<Array<{ id: string; input: unknown; output: string; confidence: number; hold_out: boolean; pattern_id: string | null; error_category: string }>>(sql`
    SELECT s.id::text, s.input, s.output, s.confidence, rs.hold_out, s.pattern_id::text, s.error_category
      FROM distillation_run_samples rs JOIN samples s ON s.id = rs.sample_id
     WHERE rs.run_id = ${runId}::uuid
     ORDER BY rs.hold_out DESC, s.created_at DESC, s.id
     LIMIT ${limit} OFFSET ${offset}`);
}

/** Active knowledge of one agent by fingerprint, for the sandbox replay. */
export function knowledgeByFingerprint(client: Client, agentId: string, activation: number) {
  return client.$queryRaw<Array<{ fingerprint: string; correction: string; confidence: number; id: string; version: number; intents: unknown }>>(sql`
    SELECT p.fingerprint, k.correction, k.confidence, k.id::text, k.version, k.intents
      FROM knowledge_entries k JOIN error_patterns p ON p.id = k.pattern_id
     WHERE k.agent_id = ${agentId}::uuid AND k.enabled AND k.confidence > ${activation}`);
}
