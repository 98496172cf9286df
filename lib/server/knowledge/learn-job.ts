import { z } from "zod";
import { db } from "@/lib/db/client";
import { autoApprovedNotLearned } from "@/lib/db/knowledge";
import { systemContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { defineJob } from "@/lib/server/jobs";
import { getSettings } from "@/lib/server/settings";
import { learnFromDecisions } from "./index";

const BATCH = 500;

/**
 * In the full stage the trusted pre-screen approves samples during
 * ingestion; the memory layer learns from them here, in batches, each batch
 * one transaction with one audit event. It picks up every auto-approved
 * sample without evidence, so a job lost between ingestion's commit and its
 * enqueueing is caught up by the next one.
 */
export const learnAutoApprovedJob = defineJob("knowledge.learn_auto_approved", z.object({}).strict(), async (_payload, job) => {
  const settings = await getSettings();
  const prisma = await db();
  const ctx = systemContext("pre-screen auto-approval");
  let learned = 0;
  for (;;) {
    if (job.signal.aborted) break;
    const count = await prisma.$transaction(async (tx) => {
      const ids = await autoApprovedNotLearned(tx, BATCH);
      if (ids.length === 0) return 0;
      const changed = await learnFromDecisions(tx, null, ids.map((sampleId) => ({ sampleId, decision: "approve" as const })), settings);
      await recordAudit(tx, ctx, { action: "knowledge.learn_auto_approved", targetType: "knowledge", after: { samples: ids.length, entriesChanged: changed } });
      return ids.length;
    });
    learned += count;
    job.progress(0.5, `${learned} auto-approved samples learned`);
    if (count < BATCH) break;
  }
  return { learned };
});
