import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { latestPrescreenModel } from "@/lib/db/prescreen";
import { countHumanDecisions } from "@/lib/db/samples";
import { shouldRetrain } from "@/lib/domain/prescreen";
import { systemContext, type RequestContext } from "@/lib/server/actor";
import { defineJob, queueJob } from "@/lib/server/jobs";
import { trainPrescreen } from "./index";

/** Retrains the pre-screen on every reviewer decision so far, in the background. */
export const retrainPrescreenJob = defineJob("prescreen.retrain", z.object({}).strict(), async (_payload, job) => {
  job.progress(0, "training on reviewers' decisions");
  return trainPrescreen(systemContext("pre-screen retraining"));
});

/**
 * Queues a retraining when enough decisions arrived since the model in use
 * was trained, inside the deciding transaction: the job commits with the
 * decision or not at all. All retrainings share one singleton key, so
 * reviewers deciding at once queue one job between them. Returns whether a
 * job was created, so the caller can wake the runners after its commit.
 */
export async function queueRetrainingWhenDue(tx: Prisma.TransactionClient, ctx: RequestContext): Promise<boolean> {
  // Read in the transaction, not from the cached model: a cache that has not
  // seen the latest retraining would queue another one.
  const model = await latestPrescreenModel(tx);
  const decisionsNow = await countHumanDecisions(tx);
  if (!shouldRetrain({ decisionsAtLastTraining: model?.decisions ?? null, decisionsNow })) return false;
  const { created } = await queueJob(tx, ctx, retrainPrescreenJob, {}, { singletonKey: retrainPrescreenJob.kind });
  return created;
}
