import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { latestPrescreenModel } from "@/lib/db/prescreen";
import { countAllPending, pendingForPrescreen, setPrescreenScores } from "@/lib/db/samples";
import { explain, score, type PrescreenInput, type PrescreenModel } from "@/lib/domain/prescreen";
import type { ValueGrade } from "@/lib/domain/value-grade";
import type { RequestContext } from "@/lib/server/actor";
import { defineJob, queueJob } from "@/lib/server/jobs";

/** Samples rescored per statement: small enough that a decision waiting on one of them waits briefly. */
const PAGE = 500;

/** What the pre-screen reads of a stored sample (a pending one to score, or a decided one to learn from). */
export function prescreenInputOfStored(sample: {
  confidence: number; grade: ValueGrade; output: string; input: unknown; errorCategory: string; residualPii: number;
  pattern: { count: number } | null; interaction: { retryStrategy: string | null; piiTotal: number };
}): PrescreenInput {
  return {
    confidence: sample.confidence,
    grade: sample.grade,
    patternCount: sample.pattern?.count ?? 1,
    correctionLength: sample.output.length,
    inputLength: JSON.stringify(sample.input).length,
    category: sample.errorCategory,
    residualPii: sample.residualPii,
    hasRetry: sample.interaction.retryStrategy !== null,
    piiRedactions: sample.interaction.piiTotal,
  };
}

/**
 * Scores every pending sample with the newest pre-screen model, so that its
 * score-range filter and explanations cover the samples that arrived before it
 * was trained. Walks the queue by id in pages; safe to repeat, and a sample
 * decided meanwhile keeps the score it was decided with.
 */
export const rescorePendingJob = defineJob("prescreen.rescore", z.object({}).strict(), async (_payload, job) => {
  const prisma = await db();
  const row = await latestPrescreenModel(prisma);
  if (!row) return { rescored: 0 };
  // Written only by trainPrescreen, from the domain's own type.
  const model = row.model as PrescreenModel;
  const total = await countAllPending(prisma);
  let rescored = 0;
  let afterId: string | null = null;
  for (;;) {
    if (job.signal.aborted) throw new Error("Rescoring was cancelled.");
    const page = await pendingForPrescreen(prisma, { afterId, limit: PAGE });
    if (page.length === 0) break;
    rescored += await setPrescreenScores(prisma, page.map((sample) => {
      const input = prescreenInputOfStored(sample);
      return { id: sample.id, score: score(model, input), factors: explain(model, input) };
    }));
    afterId = page[page.length - 1].id;
    job.progress(Math.min(1, rescored / Math.max(1, total)), `${rescored.toLocaleString("en-US")} pending samples rescored`);
  }
  return { rescored };
});

/** Queues a rescoring in the training's transaction; one live job at a time serves every training before it starts. */
export async function queueRescoring(tx: Prisma.TransactionClient, ctx: RequestContext): Promise<boolean> {
  const { created } = await queueJob(tx, ctx, rescorePendingJob, {}, { singletonKey: rescorePendingJob.kind });
  return created;
}
