import type { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { countJobsByStatus, findJob, insertJob, jobKinds, listJobs as listJobRows, requestCancel, requeueJob, type JobFilter, type JobRow } from "@/lib/db/jobs";
import { LIVE_JOB_STATUSES, type JobStatus } from "@/lib/domain/jobs";
import type { Page } from "@/lib/schemas/pagination";
import type { JobView } from "@/lib/schemas/jobs";
import { actorLabel, type RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound } from "@/lib/server/errors";
import { wakeJobRunners, type JobDefinition } from "./runner";

export { defineJob, startJobRunner, wakeJobRunners, type JobContext, type JobDefinition, type JobRunner } from "./runner";

export interface EnqueueOptions {
  /** At most one QUEUED or RUNNING job per key: enqueueing another returns the live one. */
  singletonKey?: string;
  /** Not started before this many milliseconds from now. */
  delayMs?: number;
}

/**
 * Enqueues a job inside a use-case's own transaction, so that it exists if
 * and only if that transaction commits. The caller wakes this process's
 * runners after the commit (`wakeJobRunners`); without that the job waits for
 * the next poll.
 */
export async function queueJob<S extends z.ZodType>(
  tx: Prisma.TransactionClient,
  ctx: RequestContext,
  definition: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<{ job: JobRow; created: boolean }> {
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) throw invalid(`That is not a valid ${definition.kind} job: ${parsed.error.issues[0]?.message}`);
  return insertJob(tx, {
    kind: definition.kind,
    payload: parsed.data,
    maxAttempts: definition.maxAttempts,
    singletonKey: options.singletonKey,
    delayMs: options.delayMs,
    createdBy: actorLabel(ctx.actor),
  });
}

/** Enqueues a job on its own: one transaction, audited when a job was created rather than found. */
export async function enqueueJob<S extends z.ZodType>(
  ctx: RequestContext,
  definition: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<{ job: JobView; created: boolean }> {
  const prisma = await db();
  const queued = await prisma.$transaction(async (tx) => {
    const result = await queueJob(tx, ctx, definition, payload, options);
    if (result.created) {
      await recordAudit(tx, ctx, { action: "job.enqueue", targetType: "job", targetId: result.job.id, after: { kind: definition.kind, singletonKey: options.singletonKey } });
    }
    return result;
  });
  if (queued.created) wakeJobRunners();
  return { job: toView(queued.job), created: queued.created };
}

/**
 * Cancels a job: a queued one at once; a running one is asked to stop, and
 * its runner aborts the handler at its next lease renewal and marks it cancelled.
 */
export async function cancelJob(ctx: RequestContext, id: string): Promise<JobView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const job = await findJob(tx, id, { forUpdate: true });
    if (!job) throw notFound("That job");
    if (!LIVE_JOB_STATUSES.includes(job.status)) throw conflict(`This job already ended (${job.status.toLowerCase()}).`);
    if (job.cancelRequested) throw conflict("This job is already being cancelled; its runner stops it within seconds.");
    const cancelled = (await requestCancel(tx, id))!;
    await recordAudit(tx, ctx, { action: "job.cancel", targetType: "job", targetId: id, before: { status: job.status }, after: { status: cancelled.status, kind: job.kind } });
    return toView(cancelled);
  });
}

/** Queues a failed or cancelled job again, with all its attempts. */
export async function retryJob(ctx: RequestContext, id: string): Promise<JobView> {
  const prisma = await db();
  const retried = await prisma.$transaction(async (tx) => {
    const job = await findJob(tx, id, { forUpdate: true });
    if (!job) throw notFound("That job");
    if (job.status !== "FAILED" && job.status !== "CANCELLED") {
      throw conflict(`Only a failed or cancelled job can be retried; this one is ${job.status.toLowerCase()}.`);
    }
    const requeued = await requeueJob(tx, id);
    if (!requeued) throw conflict(`Another ${job.kind} job is already queued or running; it does the same work.`);
    await recordAudit(tx, ctx, { action: "job.retry", targetType: "job", targetId: id, before: { status: job.status, lastError: job.lastError }, after: { status: requeued.status, kind: job.kind } });
    return requeued;
  });
  wakeJobRunners();
  return toView(retried);
}

/** The Jobs page: one page of jobs newest first, with counts by status and the kinds to filter by. */
export async function listJobs(filter: JobFilter): Promise<Page<JobView> & { counts: Partial<Record<JobStatus, number>>; kinds: string[] }> {
  const prisma = await db();
  const [page, counts, kinds] = await Promise.all([listJobRows(prisma, filter), countJobsByStatus(prisma), jobKinds(prisma)]);
  return { items: page.jobs.map(toView), nextCursor: page.nextCursor, counts, kinds };
}

function toView(job: JobRow): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    progress: job.progress,
    progressNote: job.progressNote,
    runAt: job.runAt,
    lastError: job.lastError,
    cancelRequested: job.cancelRequested,
    lockedBy: job.lockedBy,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
