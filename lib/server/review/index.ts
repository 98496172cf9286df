import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import { frequentPatternLabels, patternDailyFailures } from "@/lib/db/patterns";
import { latestPrescreenModel } from "@/lib/db/prescreen";
import {
  addReviewDecisions,
  claimSampleIds,
  countAllPending,
  countBulkScope,
  listBulkScope,
  type BulkScope,
  countSamplesByStatus,
  decidePendingMatching,
  findReviewSamples,
  listSamples as loadSamples,
  lockSample,
  markAuthored,
  peekPending,
  pendingCounts,
  recordDecision,
  reviewerDecisionsSince,
  skipSample,
} from "@/lib/db/samples";
import type { StoredSampleStatus } from "@/lib/domain/gates";
import { densify, rangeDays } from "@/lib/domain/ranges";
import type { Settings } from "@/lib/domain/settings";
import {
  prescreenFactorsSchema,
  sampleInputSchema,
  type BulkPreview,
  type DecisionInput,
  type QueueFilter,
  type QueueStats,
  type RejectReason,
  type SampleView,
} from "@/lib/schemas/review";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";
import { wakeJobRunners } from "@/lib/server/jobs";
import { learnFromDecisions } from "@/lib/server/knowledge";
import { servingChanged } from "@/lib/server/remedy";
import { FOUR_EYES_REASON, refusePersonalData } from "@/lib/server/samples";
import { queueRetrainingWhenDue } from "@/lib/server/samples/prescreen-job";
import { cachedSettings } from "@/lib/server/settings/cache";
import { possiblePersonalData } from "./possible-pii";
import { undoDecision } from "./undo";

/** A claim lasts 10 minutes and is renewed while the reviewer works. */
export const LEASE_MS = 10 * 60 * 1000;
/** The current sample and the next four: the next is on screen the moment a decision lands, and j/k has somewhere to go. */
export const HELD_PER_REVIEWER = 5;
/** Rows per page of a bulk decision's preview. */
export const BULK_PREVIEW_PAGE = 20;
/** A skipped sample stays out of that reviewer's queue this long. */
const SKIP_MS = 60 * 60 * 1000;
const TREND_DAYS = 14;

/** The samples a reviewer holds, with their pattern's 14-day trend, their JSON columns parsed: two queries. */
async function loadSamplesForReview(ids: string[]): Promise<SampleView[]> {
  const prisma = await db();
  const [rows, settings] = await Promise.all([findReviewSamples(prisma, ids), cachedSettings()]);
  const patternIds = [...new Set(rows.flatMap((row) => (row.pattern ? [row.pattern.id] : [])))];
  const days = rangeDays("30d").slice(-TREND_DAYS);
  const daily = await patternDailyFailures(prisma, patternIds, days[0]);
  return rows.map(({ agentName, ...row }) => {
    const input = sampleInputSchema.parse(row.input);
    return {
      ...row,
      input,
      possiblePii: possiblePersonalData({ input, output: row.output }, settings["pii.minScore"]),
      prescreenFactors: prescreenFactorsSchema.parse(row.prescreenFactors) ?? [],
      agent: { name: agentName },
      trend: row.pattern
        ? densify(days, daily.filter((d) => d.pattern_id === row.pattern!.id).map((d) => ({ day: d.day, value: Number(d.failures) })))
        : [],
    };
  });
}

/**
 * Claims samples for a reviewer: the ones they already hold (leases renewed),
 * topped up to two with the next free pending samples, high value first, then
 * oldest. SKIP LOCKED keeps two reviewers from ever taking the same one.
 */
export async function claimSamples(ctx: RequestContext, filter: QueueFilter = {}): Promise<SampleView[]> {
  const reviewerId = userId(ctx);
  const settings = await cachedSettings();
  const now = new Date();
  const ids = await claimSampleIds(await db(), {
    fourEyes: settings["review.fourEyes"] === 1,
    reviewerId,
    now,
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    skippedSince: new Date(now.getTime() - SKIP_MS),
    held: HELD_PER_REVIEWER,
    filter,
  });
  if (ids.length === 0) return [];
  // The one claimed first is worked first.
  return loadSamplesForReview(ids);
}

/** A reject reason as the stored status reason says it: "wrong correction". */
const reasonWords = (reason: RejectReason) => reason.toLowerCase().replace("_", " ");

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
  const settings = await cachedSettings();
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const sample = await lockSample(tx, input.sampleId);
    if (!sample) throw notFound("That sample");
    if (sample.status !== "PENDING") throw conflict(`This sample was already decided (${sample.status.toLowerCase().replace("_", "-")}).`);
    const now = new Date();
    const heldByOther = sample.lockedById !== null && sample.lockedById !== reviewerId && sample.lockedUntil !== null && sample.lockedUntil > now;
    if (heldByOther) throw conflict("Another reviewer holds this sample. Take the next one.");
    const fourEyes = settings["review.fourEyes"] === 1;
    if (fourEyes && input.decision === "approve" && sample.authorId === reviewerId) {
      throw new UserError("You wrote this correction, so another reviewer approves it (four eyes). Take the next sample.", 403);
    }

    if (input.decision === "skip") {
      await skipSample(tx, sample.id, reviewerId, now);
      await recordAudit(tx, ctx, { action: "sample.skip", targetType: "sample", targetId: sample.id });
      return { status: "PENDING", retrainingQueued: false };
    }

    const seconds = sample.claimedAt && sample.lockedById === reviewerId ? (now.getTime() - sample.claimedAt.getTime()) / 1000 : null;
    const edited = input.decision === "approve" && input.output !== undefined && input.output !== sample.output;
    if (fourEyes && edited) {
      // The reviewer wrote this text: it is saved, and someone else decides it.
      await markAuthored(tx, sample.id, { authorId: reviewerId, output: input.output, waitFor: { statusReason: FOUR_EYES_REASON } });
      await recordAudit(tx, ctx, {
        action: "sample.edit",
        targetType: "sample",
        targetId: sample.id,
        before: { output: sample.output },
        after: { output: input.output, status: "PENDING", reason: FOUR_EYES_REASON },
      });
      return { status: "PENDING", retrainingQueued: false };
    }
    const status = input.decision === "approve" ? "APPROVED" : "REJECTED";
    await recordDecision(tx, sample.id, {
      status,
      statusReason: input.decision === "approve"
        ? (edited ? "approved with an edited correction" : "approved by a reviewer")
        : `rejected: ${reasonWords(input.reason)}${input.note ? ` (${input.note})` : ""}`,
      reviewerId,
      at: now,
      seconds,
      reject: input.decision === "reject" ? { reason: input.reason, note: input.note ?? null } : undefined,
      editedOutput: edited ? input.output : undefined,
    });
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
    await addReviewDecisions(tx, [sample.id], now, seconds);
    // The memory layer learns in the same transaction: an approval is knowledge the moment it commits.
    await learnFromDecisions(tx, reviewerId, [{ sampleId: sample.id, decision: input.decision, reason: input.decision === "reject" ? input.reason : undefined }], settings, now);
    // After enough new decisions the pre-screen retrains in the background;
    // queued here, the job commits with the decision that made it due.
    return { status, retrainingQueued: await queueRetrainingWhenDue(tx, ctx) };
  });
  if (result.retrainingQueued) wakeJobRunners();
  servingChanged();
  return { status: result.status };
}

/** Pending samples a bulk decision by this reviewer would decide now: not held by others and, under four eyes, not written by them. */
function bulkScope(ctx: RequestContext, filter: QueueFilter, settings: Settings): BulkScope {
  return { filter, reviewerId: userId(ctx), at: new Date(), fourEyes: settings["review.fourEyes"] === 1 };
}

/** How many pending samples a bulk decision would decide. */
export async function previewBulk(ctx: RequestContext, filter: QueueFilter): Promise<number> {
  return countBulkScope(await db(), bulkScope(ctx, filter, await cachedSettings()));
}

/** A page of exactly the samples a bulk decision would decide now, with their count: the same scope the decision uses. */
export async function previewBulkSamples(ctx: RequestContext, filter: QueueFilter, page: number): Promise<BulkPreview> {
  const scope = bulkScope(ctx, filter, await cachedSettings());
  const prisma = await db();
  const [total, samples] = await Promise.all([
    countBulkScope(prisma, scope),
    listBulkScope(prisma, scope, { offset: page * BULK_PREVIEW_PAGE, limit: BULK_PREVIEW_PAGE }),
  ]);
  return { total, page, pageSize: BULK_PREVIEW_PAGE, samples };
}

/** Takes back the reviewer's last one-key decision while its undo window is open (see undo.ts). */
export function undoSample(ctx: RequestContext, sampleId: string): Promise<{ sampleId: string }> {
  return undoDecision(ctx, sampleId, LEASE_MS);
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
  const settings = await cachedSettings();
  const scope = bulkScope(ctx, input.filter, settings);
  const reviewerId = scope.reviewerId;
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const decided = await decidePendingMatching(tx, {
      ...scope,
      status: input.decision === "approve" ? "APPROVED" : "REJECTED",
      statusReason: input.decision === "approve" ? "approved in bulk" : `rejected in bulk: ${reasonWords(input.reason ?? "OTHER")}`,
      rejectReason: input.decision === "reject" ? input.reason ?? "OTHER" : null,
    });
    if (decided.length === 0) throw conflict("No pending sample matches this filter any more.");
    // The count the person confirmed is part of the decision: if the queue moved, nothing is decided.
    if (decided.length !== input.expected) throw queueMoved(input.expected, decided.length);
    await addReviewDecisions(tx, decided, new Date(), null);
    await learnFromDecisions(tx, reviewerId, decided.map((sampleId) => ({ sampleId, decision: input.decision, reason: input.reason ?? "OTHER" })), settings);
    await recordAudit(tx, ctx, {
      action: input.decision === "approve" ? "sample.bulk_approve" : "sample.bulk_reject",
      targetType: "sample",
      after: { count: decided.length, confirmed: input.expected, filter: input.filter, reason: input.reason, note: input.note },
    });
    return { count: decided.length };
  });
}

/** The error of a bulk decision whose count moved since the preview. */
function queueMoved(confirmed: number, now: number): UserError {
  const samples = (n: number) => `${n.toLocaleString("en-US")} sample${n === 1 ? "" : "s"}`;
  return new UserError(
    `The queue changed since the preview: ${samples(now)} match now, not the ${samples(confirmed)} you confirmed. Nothing was decided; check the new count and confirm again.`,
    409,
  );
}

/** The reviewer panel: queue size, what this reviewer did today, and how the pre-screen compares. */
export async function queueStats(ctx: RequestContext): Promise<QueueStats> {
  const reviewerId = userId(ctx);
  const prisma = await db();
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [counts, mine, model] = await Promise.all([
    pendingCounts(prisma),
    reviewerDecisionsSince(prisma, reviewerId, startOfDay),
    latestPrescreenModel(prisma),
  ]);
  return {
    pending: counts.pending,
    pendingHigh: counts.high,
    doneToday: mine.done,
    bulkToday: mine.bulk,
    medianSeconds: mine.median,
    agreement: mine.compared > 0 ? { agreed: mine.agreed, compared: mine.compared } : null,
    prescreen: model ? { accuracy: model.accuracy, decisions: model.decisions, holdOut: model.holdOut, trainedAt: model.trainedAt } : null,
  };
}

export interface SampleListFilter {
  status?: StoredSampleStatus;
  cursor?: string;
}

/** All samples by status, newest first, with the reason for where they are. */
export async function listSamples(filter: SampleListFilter) {
  const prisma = await db();
  const [page, counts] = await Promise.all([loadSamples(prisma, filter), countSamplesByStatus(prisma)]);
  return { samples: page.items, nextCursor: page.nextCursor, counts };
}

/** Patterns and agents, for the queue filter. */
export async function queueFacets() {
  const prisma = await db();
  const [patterns, agents] = await Promise.all([frequentPatternLabels(prisma), agentNames(prisma)]);
  return { patterns, agents };
}

/** What a reader without decision rights sees: the queue's head, nothing claimed. */
export async function peekQueue(limit = 25) {
  const prisma = await db();
  const [rows, pending] = await Promise.all([peekPending(prisma, limit), countAllPending(prisma)]);
  return { rows: rows.map((row) => ({ ...row, input: sampleInputSchema.parse(row.input) })), pending };
}
