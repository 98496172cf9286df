import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { densify, rangeDays } from "@/lib/domain/ranges";
import { shouldRetrain } from "@/lib/domain/prescreen";
import { prescreenFactorsSchema, sampleInputSchema, type DecisionInput, type QueueFilter, type QueueStats, type RejectReason, type SampleView } from "@/lib/schemas/review";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";
import { currentPrescreen, refusePersonalData, trainPrescreen } from "@/lib/server/samples";

/** A claim lasts 10 minutes and is renewed while the reviewer works. */
export const LEASE_MS = 10 * 60 * 1000;
/** The current sample plus the next one, so the next is on screen the moment a decision lands. */
const HELD_PER_REVIEWER = 2;
/** A skipped sample stays out of that reviewer's queue this long. */
const SKIP_MS = 60 * 60 * 1000;


const TREND_DAYS = 14;

/** The samples a reviewer holds, with their pattern and its 14-day trend: two queries. */
async function loadSamples(prisma: Awaited<ReturnType<typeof db>>, ids: string[]): Promise<SampleView[]> {
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT s.id::text, s.input, s.output, s.original_output, s.error_category, s.confidence, s.grade::text, s.grade_reason,
            s.stage::text, s.status::text, s.status_reason, s.prescreen_score, s.prescreen_factors, s.created_at, s.claimed_at,
            s.locked_until, s.edited, s.interaction_id::text, a.name AS agent_name,
            p.id::text AS pattern_id, p.count AS pattern_count, p.action_template, p.error_template, p.last_seen_at
       FROM samples s JOIN agents a ON a.id = s.agent_id LEFT JOIN error_patterns p ON p.id = s.pattern_id
      WHERE s.id = ANY($1::uuid[])`,
    ids,
  );
  const patternIds = [...new Set(rows.map((row) => row.pattern_id as string | null).filter((id): id is string => Boolean(id)))];
  const days = rangeDays("30d").slice(-TREND_DAYS);
  const daily = patternIds.length
    ? await prisma.$queryRawUnsafe<Array<{ pattern_id: string; day: string; failures: number }>>(
        `SELECT pattern_id::text, to_char(day, 'YYYY-MM-DD') AS day, failures FROM pattern_daily
          WHERE pattern_id = ANY($1::uuid[]) AND day >= $2::date`,
        patternIds, days[0],
      )
    : [];
  const order = new Map(ids.map((id, index) => [id, index]));
  return rows
    .sort((a, b) => order.get(a.id as string)! - order.get(b.id as string)!)
    .map((row) => ({
      id: row.id as string,
      input: sampleInputSchema.parse(row.input),
      output: row.output as string,
      originalOutput: row.original_output as string,
      errorCategory: row.error_category as string,
      confidence: Number(row.confidence),
      grade: row.grade as "HIGH" | "LOW",
      gradeReason: row.grade_reason as string,
      stage: row.stage as string,
      status: row.status as string,
      statusReason: row.status_reason as string,
      prescreenScore: row.prescreen_score === null ? null : Number(row.prescreen_score),
      prescreenFactors: prescreenFactorsSchema.parse(row.prescreen_factors) ?? [],
      createdAt: new Date(row.created_at as string),
      claimedAt: row.claimed_at ? new Date(row.claimed_at as string) : null,
      lockedUntil: row.locked_until ? new Date(row.locked_until as string) : null,
      edited: Boolean(row.edited),
      interactionId: row.interaction_id as string,
      agent: { name: row.agent_name as string },
      pattern: row.pattern_id
        ? {
            id: row.pattern_id as string,
            count: Number(row.pattern_count),
            actionTemplate: row.action_template as string,
            errorTemplate: row.error_template as string,
            lastSeenAt: new Date(row.last_seen_at as string),
          }
        : null,
      trend: row.pattern_id
        ? densify(days, daily.filter((d) => d.pattern_id === row.pattern_id).map((d) => ({ day: d.day, value: Number(d.failures) })))
        : [],
    }));
}

function filterSql(filter: QueueFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace("?", `$${params.length}`));
  };
  if (filter.patternId) add("pattern_id = ?::uuid", filter.patternId);
  if (filter.agentId) add("agent_id = ?::uuid", filter.agentId);
  if (filter.grade) add(`grade = ?::"ValueGrade"`, filter.grade);
  if (filter.minScore !== undefined) add("prescreen_score >= ?", filter.minScore);
  if (filter.maxScore !== undefined) add("prescreen_score <= ?", filter.maxScore);
  return clauses.length ? ` AND ${clauses.join(" AND ")}` : "";
}

/**
 * Claims samples for a reviewer: the ones they already hold (leases renewed),
 * topped up to two with the next free pending samples, high value first, then
 * oldest. SKIP LOCKED keeps two reviewers from ever taking the same one.
 */
export async function claimSamples(ctx: RequestContext, filter: QueueFilter = {}): Promise<SampleView[]> {
  const reviewerId = userId(ctx);
  const prisma = await db();
  const now = new Date();
  const params: unknown[] = [reviewerId, new Date(now.getTime() + LEASE_MS), now, new Date(now.getTime() - SKIP_MS), HELD_PER_REVIEWER];
  const where = filterSql(filter, params);
  // One statement, so atomic without a transaction: renew what the reviewer
  // holds, then top up from the head of the queue. Rows being renewed still
  // have a live lease, so the top-up never picks them again.
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `WITH renewed AS (
       UPDATE samples SET locked_until = $2
        WHERE locked_by_id = $1::uuid AND status = 'PENDING' AND locked_until > $3
        RETURNING id, claimed_at
     ), next AS (
       SELECT id FROM samples
        WHERE status = 'PENDING' AND (locked_until IS NULL OR locked_until <= $3)
          AND NOT EXISTS (SELECT 1 FROM sample_skips k WHERE k.sample_id = samples.id AND k.user_id = $1::uuid AND k.at > $4)
          ${where}
        ORDER BY grade, created_at, id
        LIMIT GREATEST(0, $5 - (SELECT count(*) FROM renewed))
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE samples SET locked_by_id = $1::uuid, locked_until = $2, claimed_at = $3
        WHERE id = ANY (ARRAY(SELECT id FROM next))
        RETURNING id, claimed_at
     )
     SELECT id::text FROM (SELECT * FROM renewed UNION ALL SELECT * FROM claimed) held ORDER BY claimed_at, id`,
    ...params,
  );
  if (rows.length === 0) return [];
  // The one claimed first is worked first.
  return loadSamples(prisma, rows.map((row) => row.id));
}

function userId(ctx: RequestContext): string {
  if (ctx.actor.type !== "USER") throw new UserError("Only people review samples.", 403);
  return ctx.actor.id;
}

/**
 * Records one decision on a sample the reviewer holds: approve (optionally
 * with an edited correction), reject with a reason, or skip. One transaction,
 * one audit event; the time from claim to decision is stored.
 */
export async function decideSample(ctx: RequestContext, input: DecisionInput): Promise<{ status: string }> {
  const reviewerId = userId(ctx);
  if (input.decision === "approve" && input.output !== undefined) refusePersonalData(input.output, "output");
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const [sample] = await tx.$queryRawUnsafe<Array<{ id: string; status: string; locked_by_id: string | null; locked_until: Date | null; claimed_at: Date | null; output: string }>>(
      `SELECT id::text, status::text, locked_by_id::text, locked_until, claimed_at, output FROM samples WHERE id = $1::uuid FOR UPDATE`,
      input.sampleId,
    );
    if (!sample) throw notFound("That sample");
    if (sample.status !== "PENDING") throw conflict(`This sample was already decided (${sample.status.toLowerCase().replace("_", "-")}).`);
    const now = new Date();
    const heldByOther = sample.locked_by_id !== null && sample.locked_by_id !== reviewerId && sample.locked_until !== null && sample.locked_until > now;
    if (heldByOther) throw conflict("Another reviewer holds this sample. Take the next one.");

    if (input.decision === "skip") {
      await tx.sample.update({ where: { id: sample.id }, data: { lockedById: null, lockedUntil: null, claimedAt: null } });
      await tx.sampleSkip.upsert({
        where: { sampleId_userId: { sampleId: sample.id, userId: reviewerId } },
        create: { sampleId: sample.id, userId: reviewerId },
        update: { at: now },
      });
      await recordAudit(tx, ctx, { action: "sample.skip", targetType: "sample", targetId: sample.id });
      return { status: "PENDING", counted: false };
    }

    const seconds = sample.claimed_at && sample.locked_by_id === reviewerId ? (now.getTime() - sample.claimed_at.getTime()) / 1000 : null;
    const edited = input.decision === "approve" && input.output !== undefined && input.output !== sample.output;
    const data: Prisma.SampleUpdateInput = {
      status: input.decision === "approve" ? "APPROVED" : "REJECTED",
      statusReason: input.decision === "approve" ? (edited ? "approved with an edited correction" : "approved by a reviewer") : `rejected: ${input.reason.toLowerCase().replace("_", " ")}${input.note ? ` (${input.note})` : ""}`,
      decidedById: reviewerId,
      decidedAt: now,
      decisionSeconds: seconds,
      lockedById: null,
      lockedUntil: null,
      ...(input.decision === "reject" ? { rejectReason: input.reason, rejectNote: input.note ?? null } : {}),
      ...(edited ? { output: input.output, edited: true } : {}),
    };
    await tx.sample.update({ where: { id: sample.id }, data });
    await recordAudit(tx, ctx, {
      action: input.decision === "approve" ? "sample.approve" : "sample.reject",
      targetType: "sample",
      targetId: sample.id,
      before: edited ? { output: sample.output } : undefined,
      after: {
        ...(edited ? { output: input.output } : {}),
        ...(input.decision === "reject" ? { reason: input.reason, note: input.note } : {}),
        seconds: seconds === null ? null : Math.round(seconds * 10) / 10,
      },
    });
    return { status: data.status as string, counted: true };
  });
  if (result.counted) void retrainWhenDue(ctx);
  return { status: result.status };
}

const globalForRetrain = globalThis as unknown as { __remedyRetraining?: boolean };

/** After enough new decisions the pre-screen retrains itself, off the request path. */
async function retrainWhenDue(ctx: RequestContext): Promise<void> {
  if (globalForRetrain.__remedyRetraining) return;
  globalForRetrain.__remedyRetraining = true;
  try {
    const prisma = await db();
    const [current, decisionsNow] = await Promise.all([
      currentPrescreen(),
      prisma.sample.count({ where: { status: { in: ["APPROVED", "REJECTED"] }, decidedById: { not: null } } }),
    ]);
    if (shouldRetrain({ decisionsAtLastTraining: current?.decisions ?? null, decisionsNow })) {
      await trainPrescreen({ ...ctx, actor: { type: "SYSTEM", label: "pre-screen retraining" } });
    }
  } catch {
    // Retraining is an optimisation; a failure leaves the previous model in use.
  } finally {
    globalForRetrain.__remedyRetraining = false;
  }
}

/** How many pending samples a bulk decision would touch. */
export async function previewBulk(filter: QueueFilter): Promise<number> {
  const prisma = await db();
  const params: unknown[] = [];
  const where = filterSql(filter, params);
  const [{ count }] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM samples WHERE status = 'PENDING'${where}`,
    ...params,
  );
  return count;
}

/**
 * Approves or rejects every pending sample matching a filter, as one audited
 * action with the count. Samples another reviewer holds right now are left alone.
 * `expected` is the count the user confirmed; a different count means the queue moved.
 */
export async function bulkDecide(
  ctx: RequestContext,
  input: { decision: "approve" | "reject"; filter: QueueFilter; expected: number; reason?: RejectReason; note?: string },
): Promise<{ count: number }> {
  const reviewerId = userId(ctx);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const params: unknown[] = [reviewerId, new Date()];
    const where = filterSql(input.filter, params);
    params.push(input.decision === "approve" ? "APPROVED" : "REJECTED");
    const statusParam = `$${params.length}`;
    params.push(input.decision === "approve" ? "approved in bulk" : `rejected in bulk: ${(input.reason ?? "OTHER").toLowerCase().replace("_", " ")}`);
    const reasonParam = `$${params.length}`;
    params.push(input.decision === "reject" ? input.reason ?? "OTHER" : null);
    const rejectParam = `$${params.length}`;
    const updated = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      `UPDATE samples SET status = ${statusParam}::"SampleStatus", status_reason = ${reasonParam}, reject_reason = ${rejectParam}::"RejectReason",
              decided_by_id = $1::uuid, decided_at = $2, locked_by_id = NULL, locked_until = NULL
        WHERE status = 'PENDING' AND (locked_until IS NULL OR locked_until <= $2 OR locked_by_id = $1::uuid)${where}
        RETURNING id::text`,
      ...params,
    );
    if (updated.length === 0) throw conflict("No pending sample matches this filter any more.");
    await recordAudit(tx, ctx, {
      action: input.decision === "approve" ? "sample.bulk_approve" : "sample.bulk_reject",
      targetType: "sample",
      after: { count: updated.length, confirmed: input.expected, filter: input.filter, reason: input.reason, note: input.note },
    });
    return { count: updated.length };
  });
}


/** The reviewer panel: queue size, what this reviewer did today, and how the pre-screen compares. */
export async function queueStats(ctx: RequestContext): Promise<QueueStats> {
  const reviewerId = userId(ctx);
  const prisma = await db();
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [[counts], [mine], model] = await Promise.all([
    prisma.$queryRawUnsafe<Array<{ pending: number; high: number }>>(
      `SELECT count(*)::int AS pending, count(*) FILTER (WHERE grade = 'HIGH')::int AS high FROM samples WHERE status = 'PENDING'`,
    ),
    prisma.$queryRawUnsafe<Array<{ done: number; median: number | null; agreed: number; compared: number }>>(
      `SELECT count(*)::int AS done,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_seconds) AS median,
              count(*) FILTER (WHERE prescreen_score IS NOT NULL AND (prescreen_score >= 0.5) = (status = 'APPROVED'))::int AS agreed,
              count(*) FILTER (WHERE prescreen_score IS NOT NULL)::int AS compared
         FROM samples WHERE decided_by_id = $1::uuid AND decided_at >= $2 AND status IN ('APPROVED', 'REJECTED')`,
      reviewerId, startOfDay,
    ),
    prisma.prescreenModel.findFirst({ orderBy: { trainedAt: "desc" }, select: { accuracy: true, decisions: true, holdOut: true, trainedAt: true } }),
  ]);
  return {
    pending: counts.pending,
    pendingHigh: counts.high,
    doneToday: mine.done,
    medianSeconds: mine.median === null ? null : Number(mine.median),
    agreement: mine.compared > 0 ? { agreed: mine.agreed, compared: mine.compared } : null,
    prescreen: model,
  };
}

export interface SampleListFilter {
  status?: string;
  cursor?: string;
}

/** All samples by status, newest first, with the reason for where they are. */
export async function listSamples(filter: SampleListFilter) {
  const prisma = await db();
  const where: Prisma.SampleWhereInput = {
    status: filter.status ? (filter.status as Prisma.SampleWhereInput["status"]) : undefined,
    createdAt: filter.cursor ? { lt: new Date(Number(filter.cursor)) } : undefined,
  };
  const [rows, grouped] = await Promise.all([
    prisma.sample.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: 51,
      select: { id: true, status: true, statusReason: true, grade: true, confidence: true, errorCategory: true, output: true, prescreenScore: true, createdAt: true, decidedAt: true, agent: { select: { name: true } } },
    }),
    prisma.sample.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const page = rows.slice(0, 50);
  return {
    samples: page,
    nextCursor: rows.length > 50 ? String(page[page.length - 1].createdAt.getTime()) : null,
    counts: Object.fromEntries(grouped.map((group) => [group.status, group._count._all])) as Record<string, number>,
  };
}

/** Patterns and agents that have pending samples, for the queue filter. */
export async function queueFacets() {
  const prisma = await db();
  // The most frequent patterns: counting pending samples per pattern would scan the whole queue.
  const [patterns, agents] = await Promise.all([
    prisma.$queryRawUnsafe<Array<{ id: string; label: string }>>(
      `SELECT id::text, error_category || ' · ' || left(action_template, 60) AS label
         FROM error_patterns ORDER BY count DESC, last_seen_at DESC LIMIT 100`,
    ),
    prisma.agent.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { patterns, agents };
}

/** What a reader without decision rights sees: the queue's head, nothing claimed. */
export async function peekQueue(limit = 25) {
  const prisma = await db();
  const [rows, pending] = await Promise.all([
    prisma.sample.findMany({
      where: { status: "PENDING" },
      orderBy: [{ grade: "asc" }, { createdAt: "asc" }],
      take: limit,
      select: { id: true, grade: true, errorCategory: true, output: true, confidence: true, prescreenScore: true, createdAt: true, statusReason: true, agent: { select: { name: true } }, input: true },
    }),
    prisma.sample.count({ where: { status: "PENDING" } }),
  ]);
  return { rows, pending };
}
