import type { SampleStatus, StoredSampleStatus } from "@/lib/domain/gates";
import type { Stage } from "@/lib/domain/stage";
import type { ValueGrade } from "@/lib/domain/value-grade";
import type { QueueFilter, RejectReason, SampleView } from "@/lib/schemas/review";
import type { Prisma, PrismaClient } from "./generated/client";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { empty, join, sql, type Queryable, type Sql } from "./sql";

type Tx = Prisma.TransactionClient;

/** A sample as ingestion and corrections write it. */
export interface NewSample {
  interactionId: bigint;
  agentId: string;
  patternId: string | null;
  /** The input as the JSON text it was measured as (see lib/domain/sample-input.ts). */
  inputJson: string;
  output: string;
  errorCategory: string;
  confidence: number;
  grade: ValueGrade;
  gradeReason: string;
  stage: Stage;
  status: SampleStatus;
  statusReason: string;
  residualPii: number;
  prescreenScore: number | null;
  prescreenFactors: Array<{ feature: string; contribution: number }> | null;
  decidedAt: Date | null;
}

/**
 * Writes samples with one raw statement, on ingestion's driver transaction or
 * a Prisma transaction: the input goes in as the JSON text it was measured as
 * (Prisma's JSON input would also drop a key named "__proto__"). Returns the
 * ids written; an interaction that already has a sample gets none.
 */
export async function insertSamples(conn: Queryable, rows: NewSample[]): Promise<Array<{ id: string }>> {
  if (rows.length === 0) return [];
  const column = <T>(pick: (row: NewSample) => T) => rows.map(pick);
  return conn.query<{ id: string }>(sql`
    INSERT INTO samples (id, interaction_id, agent_id, pattern_id, input, output, original_output, error_category, confidence, grade,
                         grade_reason, stage, status, status_reason, residual_pii, prescreen_score, prescreen_factors, decided_at)
    SELECT gen_random_uuid(), u.interaction_id, u.agent_id, u.pattern_id, u.input::jsonb, u.output, u.output, u.error_category, u.confidence,
           u.grade::"ValueGrade", u.grade_reason, u.stage::"Stage", u.status::"SampleStatus", u.status_reason, u.residual_pii,
           u.prescreen_score, u.prescreen_factors::jsonb, u.decided_at
      FROM unnest(
             ${column((row) => row.interactionId.toString())}::bigint[],
             ${column((row) => row.agentId)}::uuid[],
             ${column((row) => row.patternId)}::uuid[],
             ${column((row) => row.inputJson)}::text[],
             ${column((row) => row.output)}::text[],
             ${column((row) => row.errorCategory)}::text[],
             ${column((row) => row.confidence)}::float8[],
             ${column((row) => row.grade)}::text[],
             ${column((row) => row.gradeReason)}::text[],
             ${column((row) => row.stage)}::text[],
             ${column((row) => row.status)}::text[],
             ${column((row) => row.statusReason)}::text[],
             ${column((row) => row.residualPii)}::int[],
             ${column((row) => row.prescreenScore)}::float8[],
             ${column((row) => (row.prescreenFactors ? JSON.stringify(row.prescreenFactors) : null))}::text[],
             ${column((row) => row.decidedAt?.toISOString() ?? null)}::timestamptz[]
           ) AS u(interaction_id, agent_id, pattern_id, input, output, error_category, confidence, grade, grade_reason, stage, status,
                  status_reason, residual_pii, prescreen_score, prescreen_factors, decided_at)
    ON CONFLICT (interaction_id) DO NOTHING
    RETURNING id::text`);
}

/** The queue filter as SQL conditions on `samples`, each prefixed with AND. */
function queueFilterSql(filter: QueueFilter): Sql {
  const conditions: Sql[] = [];
  if (filter.patternId) conditions.push(sql`pattern_id = ${filter.patternId}::uuid`);
  if (filter.agentId) conditions.push(sql`agent_id = ${filter.agentId}::uuid`);
  if (filter.grade) conditions.push(sql`grade = ${filter.grade}::"ValueGrade"`);
  if (filter.minScore !== undefined) conditions.push(sql`prescreen_score >= ${filter.minScore}`);
  if (filter.maxScore !== undefined) conditions.push(sql`prescreen_score <= ${filter.maxScore}`);
  return conditions.length ? sql` AND ${join(conditions, " AND ")}` : empty;
}

/** Under four eyes, a reviewer never decides a correction they wrote themselves. */
function notAuthoredBySql(reviewerId: string, fourEyes: boolean): Sql {
  return fourEyes ? sql` AND author_id IS DISTINCT FROM ${reviewerId}::uuid` : empty;
}

/**
 * Claims samples for a reviewer in one statement, so atomic without a
 * transaction: renews the leases they hold that still match the filter and
 * releases the others (a new filter applies at once), then tops up to `held`
 * from the head of the queue (high value first, then oldest), skipping what
 * they skipped recently and, under four eyes, what they wrote. Rows being
 * renewed or released still have a live lease in the statement's snapshot,
 * so the top-up never picks them again; SKIP LOCKED keeps two reviewers
 * apart. Returns the held ids, the one claimed first first; those claimed
 * together in queue order.
 */
export async function claimSampleIds(
  prisma: PrismaClient,
  claim: { reviewerId: string; now: Date; leaseUntil: Date; skippedSince: Date; held: number; filter: QueueFilter; fourEyes: boolean },
): Promise<string[]> {
  const { reviewerId, now, leaseUntil, skippedSince, held, filter, fourEyes } = claim;
  const rows = await prisma.$queryRaw<Array<{ id: string }>>(sql`
    WITH released AS (
      UPDATE samples SET locked_by_id = NULL, locked_until = NULL, claimed_at = NULL
       WHERE locked_by_id = ${reviewerId}::uuid AND status = 'PENDING' AND locked_until > ${now}
         AND (TRUE${queueFilterSql(filter)}${notAuthoredBySql(reviewerId, fourEyes)}) IS NOT TRUE
       RETURNING id
    ), renewed AS (
      UPDATE samples SET locked_until = ${leaseUntil}
       WHERE locked_by_id = ${reviewerId}::uuid AND status = 'PENDING' AND locked_until > ${now}
         ${queueFilterSql(filter)}${notAuthoredBySql(reviewerId, fourEyes)}
       RETURNING id, claimed_at
    ), next AS (
      SELECT id FROM samples
       WHERE status = 'PENDING' AND (locked_until IS NULL OR locked_until <= ${now})
         AND NOT EXISTS (SELECT 1 FROM sample_skips k WHERE k.sample_id = samples.id AND k.user_id = ${reviewerId}::uuid AND k.at > ${skippedSince})
         ${queueFilterSql(filter)}${notAuthoredBySql(reviewerId, fourEyes)}
       ORDER BY grade, created_at, id
       LIMIT GREATEST(0, ${held} - (SELECT count(*) FROM renewed))
       FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE samples SET locked_by_id = ${reviewerId}::uuid, locked_until = ${leaseUntil}, claimed_at = ${now}
       WHERE id = ANY (ARRAY(SELECT id FROM next))
       RETURNING id, claimed_at
    )
    SELECT held.id::text FROM (SELECT * FROM renewed UNION ALL SELECT * FROM claimed) held JOIN samples s ON s.id = held.id
     ORDER BY held.claimed_at, s.grade, s.created_at, s.id`);
  return rows.map((row) => row.id);
}

/** A sample as the review card shows it (lib/schemas/review.ts), before its JSON columns are parsed and its trend added. */
export type ReviewSampleRow = Omit<SampleView, "input" | "prescreenFactors" | "agent" | "trend" | "possiblePii"> & {
  input: unknown;
  prescreenFactors: unknown;
  agentName: string;
};

/** The samples with their agent and pattern, in the order of `ids`. */
export async function findReviewSamples(prisma: PrismaClient, ids: string[]): Promise<ReviewSampleRow[]> {
  const rows = await prisma.$queryRaw<Array<{
    id: string; input: unknown; output: string; original_output: string; error_category: string; confidence: number; grade: ValueGrade;
    grade_reason: string; stage: Stage; status: StoredSampleStatus; status_reason: string; prescreen_score: number | null; prescreen_factors: unknown;
    created_at: Date; claimed_at: Date | null; locked_until: Date | null; edited: boolean; interaction_id: string; agent_name: string;
    pattern_id: string | null; pattern_count: number | null; action_template: string | null; error_template: string | null; last_seen_at: Date | null;
    retry_strategy: string | null; final_outcome: string; model_version: string; occurred_at: Date;
  }>>(sql`
    SELECT s.id::text, s.input, s.output, s.original_output, s.error_category, s.confidence, s.grade::text AS grade, s.grade_reason,
           s.stage::text AS stage, s.status::text AS status, s.status_reason, s.prescreen_score, s.prescreen_factors, s.created_at, s.claimed_at,
           s.locked_until, s.edited, s.interaction_id::text, a.name AS agent_name,
           p.id::text AS pattern_id, p.count AS pattern_count, p.action_template, p.error_template, p.last_seen_at,
           i.retry_strategy, i.final_outcome, i.model_version, i.occurred_at
      FROM samples s JOIN agents a ON a.id = s.agent_id JOIN interactions i ON i.id = s.interaction_id
           LEFT JOIN error_patterns p ON p.id = s.pattern_id
     WHERE s.id = ANY(${ids}::uuid[])`);
  const order = new Map(ids.map((id, index) => [id, index]));
  return rows
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((row) => ({
      id: row.id,
      input: row.input,
      output: row.output,
      originalOutput: row.original_output,
      errorCategory: row.error_category,
      confidence: Number(row.confidence),
      grade: row.grade,
      gradeReason: row.grade_reason,
      stage: row.stage,
      status: row.status,
      statusReason: row.status_reason,
      prescreenScore: row.prescreen_score === null ? null : Number(row.prescreen_score),
      prescreenFactors: row.prescreen_factors,
      createdAt: new Date(row.created_at),
      claimedAt: row.claimed_at ? new Date(row.claimed_at) : null,
      lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
      edited: Boolean(row.edited),
      interactionId: row.interaction_id,
      retryStrategy: row.retry_strategy,
      finalOutcome: row.final_outcome,
      modelVersion: row.model_version,
      occurredAt: new Date(row.occurred_at),
      agentName: row.agent_name,
      pattern: row.pattern_id
        ? {
            id: row.pattern_id,
            count: Number(row.pattern_count),
            actionTemplate: row.action_template!,
            errorTemplate: row.error_template!,
            lastSeenAt: new Date(row.last_seen_at!),
          }
        : null,
    }));
}

export interface LockedSample {
  id: string;
  status: StoredSampleStatus;
  lockedById: string | null;
  lockedUntil: Date | null;
  claimedAt: Date | null;
  output: string;
  authorId: string | null;
}

/** The sample a decision is about, locked for the rest of the transaction. */
export async function lockSample(tx: Tx, id: string): Promise<LockedSample | null> {
  const [row] = await tx.$queryRaw<Array<{
    id: string; status: StoredSampleStatus; locked_by_id: string | null; locked_until: Date | null; claimed_at: Date | null; output: string; author_id: string | null;
  }>>(
    sql`SELECT id::text, status::text AS status, locked_by_id::text, locked_until, claimed_at, output, author_id::text FROM samples WHERE id = ${id}::uuid FOR UPDATE`,
  );
  return row
    ? { id: row.id, status: row.status, lockedById: row.locked_by_id, lockedUntil: row.locked_until, claimedAt: row.claimed_at, output: row.output, authorId: row.author_id }
    : null;
}

/** A reviewer passes on a sample: released, and out of their queue for a while. */
export async function skipSample(tx: Tx, sampleId: string, reviewerId: string, now: Date): Promise<void> {
  await tx.sample.update({ where: { id: sampleId }, data: { lockedById: null, lockedUntil: null, claimedAt: null } });
  await tx.sampleSkip.upsert({
    where: { sampleId_userId: { sampleId, userId: reviewerId } },
    create: { sampleId, userId: reviewerId },
    update: { at: now },
  });
}

export interface SampleDecision {
  status: "APPROVED" | "REJECTED";
  statusReason: string;
  reviewerId: string;
  at: Date;
  seconds: number | null;
  reject?: { reason: RejectReason; note: string | null };
  /** The reviewer's edited correction, when they changed it. */
  editedOutput?: string;
}

export async function recordDecision(tx: Tx, sampleId: string, decision: SampleDecision): Promise<void> {
  await tx.sample.update({
    where: { id: sampleId },
    data: {
      status: decision.status,
      statusReason: decision.statusReason,
      decidedById: decision.reviewerId,
      decidedAt: decision.at,
      decisionSeconds: decision.seconds,
      lockedById: null,
      lockedUntil: null,
      ...(decision.reject ? { rejectReason: decision.reject.reason, rejectNote: decision.reject.note } : {}),
      ...(decision.editedOutput !== undefined ? { output: decision.editedOutput, edited: true } : {}),
    },
  });
}

/** Decisions a reviewer made on a sample they looked at: what the pre-screen learns from. Bulk decisions are not. */
const LOOKED_AT = { status: { in: ["APPROVED", "REJECTED"] }, decidedById: { not: null }, bulkDecided: false } satisfies Prisma.SampleWhereInput;

/** How many samples reviewers have decided one by one, the pre-screen's training set size. */
export function countHumanDecisions(client: PrismaClient | Tx): Promise<number> {
  return client.sample.count({ where: LOOKED_AT });
}

/** Who may decide in bulk, and when: the same rule counts the preview and decides. */
export interface BulkScope {
  filter: QueueFilter;
  reviewerId: string;
  at: Date;
  fourEyes: boolean;
}

/** Pending samples matching the filter that nobody else holds right now and, under four eyes, that the reviewer did not write. */
function bulkScopeSql({ filter, reviewerId, at, fourEyes }: BulkScope): Sql {
  return sql`status = 'PENDING' AND (locked_until IS NULL OR locked_until <= ${at} OR locked_by_id = ${reviewerId}::uuid)${queueFilterSql(filter)}${notAuthoredBySql(reviewerId, fourEyes)}`;
}

/** How many samples a bulk decision in this scope would decide now. */
export async function countBulkScope(client: PrismaClient | Tx, scope: BulkScope): Promise<number> {
  const [{ count }] = await client.$queryRaw<Array<{ count: number }>>(sql`SELECT count(*)::int AS count FROM samples WHERE ${bulkScopeSql(scope)}`);
  return count;
}

/** One row of a bulk decision's preview: enough to recognise the sample. */
export interface BulkPreviewRow {
  id: string;
  agentName: string;
  errorCategory: string;
  grade: ValueGrade;
  userIntent: string;
  output: string;
  prescreenScore: number | null;
  residualPii: number;
}

/** A page of exactly the samples a bulk decision in this scope would decide now, in queue order. */
export async function listBulkScope(client: PrismaClient | Tx, scope: BulkScope, page: { offset: number; limit: number }): Promise<BulkPreviewRow[]> {
  const rows = await client.$queryRaw<Array<{
    id: string; agent_name: string; error_category: string; grade: ValueGrade; user_intent: string | null; output: string; prescreen_score: number | null; residual_pii: number;
  }>>(sql`
    SELECT s.id::text, a.name AS agent_name, s.error_category, s.grade::text AS grade, s.input->>'user_intent' AS user_intent, s.output,
           s.prescreen_score, s.residual_pii
      FROM samples s JOIN agents a ON a.id = s.agent_id
     WHERE s.id IN (SELECT id FROM samples WHERE ${bulkScopeSql(scope)})
     ORDER BY s.grade, s.created_at, s.id
     LIMIT ${page.limit} OFFSET ${page.offset}`);
  return rows.map((row) => ({
    id: row.id,
    agentName: row.agent_name,
    errorCategory: row.error_category,
    grade: row.grade,
    userIntent: row.user_intent ?? "",
    output: row.output,
    prescreenScore: row.prescreen_score === null ? null : Number(row.prescreen_score),
    residualPii: Number(row.residual_pii),
  }));
}

/** Decides every sample in the scope in one statement, marked as decided in bulk. Returns the ids decided. */
export async function decidePendingMatching(
  tx: Tx,
  bulk: BulkScope & { status: "APPROVED" | "REJECTED"; statusReason: string; rejectReason: RejectReason | null },
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(sql`
    UPDATE samples SET status = ${bulk.status}::"SampleStatus", status_reason = ${bulk.statusReason}, reject_reason = ${bulk.rejectReason}::"RejectReason",
           decided_by_id = ${bulk.reviewerId}::uuid, decided_at = ${bulk.at}, locked_by_id = NULL, locked_until = NULL,
           bulk_decided = TRUE
     WHERE ${bulkScopeSql(bulk)}
     RETURNING id::text`);
  return rows.map((row) => row.id);
}

/**
 * Records who wrote a sample's correction in Remedy. With `waitFor`, the
 * sample waits for a second reviewer: pending, released, with that reason;
 * with `output`, the text they wrote replaces the correction.
 */
export async function markAuthored(
  tx: Tx,
  sampleId: string,
  change: { authorId: string; output?: string; waitFor?: { statusReason: string } },
): Promise<void> {
  await tx.sample.update({
    where: { id: sampleId },
    data: {
      authorId: change.authorId,
      ...(change.output !== undefined ? { output: change.output, edited: true } : {}),
      ...(change.waitFor
        ? { status: "PENDING", statusReason: change.waitFor.statusReason, decidedAt: null, lockedById: null, lockedUntil: null, claimedAt: null }
        : {}),
    },
  });
}

export async function pendingCounts(prisma: PrismaClient): Promise<{ pending: number; high: number }> {
  const [counts] = await prisma.$queryRaw<Array<{ pending: number; high: number }>>(
    sql`SELECT count(*)::int AS pending, count(*) FILTER (WHERE grade = 'HIGH')::int AS high FROM samples WHERE status = 'PENDING'`,
  );
  return counts;
}

/**
 * A reviewer's decisions since a moment: how many they made one by one, how many in bulk,
 * and for the one-by-one decisions their median time and how often the pre-screen agreed.
 */
export async function reviewerDecisionsSince(prisma: PrismaClient, reviewerId: string, since: Date) {
  const [row] = await prisma.$queryRaw<Array<{ done: number; bulk: number; median: number | null; agreed: number; compared: number }>>(sql`
    SELECT count(*) FILTER (WHERE NOT bulk_decided)::int AS done,
           count(*) FILTER (WHERE bulk_decided)::int AS bulk,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_seconds) FILTER (WHERE NOT bulk_decided) AS median,
           count(*) FILTER (WHERE NOT bulk_decided AND prescreen_score IS NOT NULL AND (prescreen_score >= 0.5) = (status = 'APPROVED'))::int AS agreed,
           count(*) FILTER (WHERE NOT bulk_decided AND prescreen_score IS NOT NULL)::int AS compared
      FROM samples WHERE decided_by_id = ${reviewerId}::uuid AND decided_at >= ${since} AND status IN ('APPROVED', 'REJECTED')`);
  return { done: row.done, bulk: row.bulk, median: row.median === null ? null : Number(row.median), agreed: row.agreed, compared: row.compared };
}

const LIST_PAGE = 50;

/** All samples (or those of one status), newest first, paged by (created_at, id): one batch's samples share created_at. */
export async function listSamples(prisma: PrismaClient, filter: { status?: StoredSampleStatus; cursor?: string }) {
  const rows = await prisma.sample.findMany({
    where: { status: filter.status, AND: beforeCursorWhere<Prisma.SampleWhereInput>(decodeCursor(filter.cursor, "uuid"), "createdAt", "id", (id) => id) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LIST_PAGE + 1,
    select: { id: true, status: true, statusReason: true, grade: true, confidence: true, errorCategory: true, output: true, prescreenScore: true, createdAt: true, decidedAt: true, agent: { select: { name: true } } },
  });
  return pageOf(rows, LIST_PAGE, (row) => ({ at: row.createdAt, id: row.id }));
}

export async function countSamplesByStatus(prisma: PrismaClient): Promise<Partial<Record<StoredSampleStatus, number>>> {
  const grouped = await prisma.sample.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(grouped.map((group) => [group.status, group._count._all]));
}

/** The queue's head as a reader without decision rights sees it: nothing claimed. */
export function peekPending(prisma: PrismaClient, limit: number) {
  return prisma.sample.findMany({
    where: { status: "PENDING" },
    orderBy: [{ grade: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, grade: true, errorCategory: true, output: true, confidence: true, prescreenScore: true, createdAt: true, statusReason: true, input: true, agent: { select: { name: true } } },
  });
}

export function countAllPending(prisma: PrismaClient): Promise<number> {
  return prisma.sample.count({ where: { status: "PENDING" } });
}

/** What the pre-screen reads of a sample. */
const PRESCREEN_FEATURES = {
  confidence: true, grade: true, output: true, input: true, errorCategory: true, residualPii: true,
  pattern: { select: { count: true } }, interaction: { select: { retryStrategy: true, piiTotal: true } },
} as const satisfies Prisma.SampleSelect;

/** Reviewers' one-by-one decisions with what the pre-screen learns from, newest first (bulk decisions left out). */
export function humanDecisions(tx: Tx, limit: number) {
  return tx.sample.findMany({
    where: LOOKED_AT,
    select: { status: true, ...PRESCREEN_FEATURES },
    orderBy: { decidedAt: "desc" },
    take: limit,
  });
}

/** A page of pending samples with what the pre-screen reads, by id after `afterId`: rescoring walks the queue with it. */
export function pendingForPrescreen(client: PrismaClient | Tx, { afterId, limit }: { afterId: string | null; limit: number }) {
  return client.sample.findMany({
    where: { status: "PENDING", ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, ...PRESCREEN_FEATURES },
    orderBy: { id: "asc" },
    take: limit,
  });
}

/** Writes new pre-screen scores and explanations in one statement; a sample decided meanwhile keeps what it had. */
export async function setPrescreenScores(
  client: PrismaClient | Tx,
  rows: Array<{ id: string; score: number; factors: Array<{ feature: string; contribution: number }> }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  return client.$executeRaw(sql`
    UPDATE samples s SET prescreen_score = u.score, prescreen_factors = u.factors::jsonb
      FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.score)}::float8[], ${rows.map((row) => JSON.stringify(row.factors))}::text[]) AS u(id, score, factors)
     WHERE s.id = u.id AND s.status = 'PENDING'`);
}

/**
 * Counts reviewers' decisions in the day's review rollup, per agent of the
 * decided samples: `seconds` is the measured time of a single decision, null
 * for decisions that were not timed (bulk).
 */
export async function addReviewDecisions(tx: Tx, sampleIds: string[], at: Date, seconds: number | null): Promise<void> {
  if (sampleIds.length === 0) return;
  await tx.$executeRaw(sql`
    INSERT INTO review_daily (day, agent_id, decisions, timed_decisions, decision_seconds)
    SELECT (${at}::timestamptz AT TIME ZONE 'UTC')::date, agent_id, COUNT(*), ${seconds === null ? 0 : 1}, ${seconds ?? 0}::float8
      FROM samples WHERE id = ANY(${sampleIds}::uuid[]) GROUP BY agent_id
    ON CONFLICT (day, agent_id) DO UPDATE SET
      decisions = review_daily.decisions + EXCLUDED.decisions,
      timed_decisions = review_daily.timed_decisions + EXCLUDED.timed_decisions,
      decision_seconds = review_daily.decision_seconds + EXCLUDED.decision_seconds`);
}

/** A decided sample as undoing its decision needs it, locked for the rest of the transaction. */
export interface DecidedSampleRow {
  id: string;
  status: StoredSampleStatus;
  statusReason: string;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionSeconds: number | null;
  bulkDecided: boolean;
}

export async function lockDecidedSample(tx: Tx, id: string): Promise<DecidedSampleRow | null> {
  const [row] = await tx.$queryRaw<Array<{
    id: string; status: StoredSampleStatus; status_reason: string; decided_by_id: string | null; decided_at: Date | null; decision_seconds: number | null; bulk_decided: boolean;
  }>>(sql`
    SELECT id::text, status::text AS status, status_reason, decided_by_id::text, decided_at, decision_seconds, bulk_decided
      FROM samples WHERE id = ${id}::uuid FOR UPDATE`);
  return row
    ? {
        id: row.id,
        status: row.status,
        statusReason: row.status_reason,
        decidedById: row.decided_by_id,
        decidedAt: row.decided_at ? new Date(row.decided_at) : null,
        decisionSeconds: row.decision_seconds === null ? null : Number(row.decision_seconds),
        bulkDecided: Boolean(row.bulk_decided),
      }
    : null;
}

/** Whether the reviewer decided any other sample after `at`: a later decision closes the earlier one's undo. */
export async function decidedAnotherSince(tx: Tx, reviewerId: string, at: Date, sampleId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<Array<{ later: boolean }>>(sql`
    SELECT EXISTS (SELECT 1 FROM samples WHERE decided_by_id = ${reviewerId}::uuid AND decided_at > ${at} AND id <> ${sampleId}::uuid) AS later`);
  return Boolean(row.later);
}

/** Whether a distillation run took the sample (trained on it or held it out). */
export async function inDistillationRun(tx: Tx, sampleId: string): Promise<boolean> {
  return (await tx.distillationRunSample.count({ where: { sampleId } })) > 0;
}

/** Takes a decision back: the sample is pending again, held by the reviewer with a fresh lease. */
export async function returnToQueue(tx: Tx, sampleId: string, hold: { reviewerId: string; leaseUntil: Date; statusReason: string }): Promise<void> {
  await tx.sample.update({
    where: { id: sampleId },
    data: {
      status: "PENDING",
      statusReason: hold.statusReason,
      decidedById: null,
      decidedAt: null,
      decisionSeconds: null,
      rejectReason: null,
      rejectNote: null,
      lockedById: hold.reviewerId,
      lockedUntil: hold.leaseUntil,
    },
  });
}

/** Takes one decision out of the day's review rollup it was counted in (see addReviewDecisions). */
export async function removeReviewDecision(tx: Tx, sampleId: string, at: Date, seconds: number | null): Promise<void> {
  await tx.$executeRaw(sql`
    UPDATE review_daily r SET decisions = GREATEST(0, r.decisions - 1),
           timed_decisions = GREATEST(0, r.timed_decisions - ${seconds === null ? 0 : 1}),
           decision_seconds = GREATEST(0, r.decision_seconds - ${seconds ?? 0}::float8)
      FROM samples s
     WHERE s.id = ${sampleId}::uuid AND r.agent_id = s.agent_id AND r.day = (${at}::timestamptz AT TIME ZONE 'UTC')::date`);
}

/** What the memory layer learned from a sample's decision: one row per knowledge entry. */
export function evidenceOfSample(tx: Tx, sampleId: string): Promise<Array<{ entryId: string; kind: "APPROVED" | "REJECTED"; confidence: number; at: Date }>> {
  return tx.knowledgeEvidence.findMany({ where: { sampleId }, select: { entryId: true, kind: true, confidence: true, at: true } });
}

/**
 * Forgets a sample's evidence on one entry. An activation stamped by that same
 * decision is cleared when the entry is no longer active, so the entry reads as
 * if the decision never happened.
 */
export async function forgetEvidence(tx: Tx, change: { entryId: string; sampleId: string; at: Date; stillActive: boolean }): Promise<void> {
  await tx.knowledgeEvidence.delete({ where: { entryId_sampleId: { entryId: change.entryId, sampleId: change.sampleId } } });
  if (!change.stillActive) {
    await tx.$executeRaw(sql`UPDATE knowledge_entries SET activated_at = NULL WHERE id = ${change.entryId}::uuid AND activated_at = ${change.at}`);
  }
}
