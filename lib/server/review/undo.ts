import { db } from "@/lib/db/client";
import { lockEntry, updateEntry } from "@/lib/db/knowledge";
import { latestPrescreenModel } from "@/lib/db/prescreen";
import {
  decidedAnotherSince,
  evidenceOfSample,
  forgetEvidence,
  inDistillationRun,
  lockDecidedSample,
  removeReviewDecision,
  returnToQueue,
} from "@/lib/db/samples";
import { bumpServingVersion } from "@/lib/db/serving";
import { entryIsActive, knowledgeConfidence } from "@/lib/domain/knowledge";
import { can } from "@/lib/domain/roles";
import type { Settings } from "@/lib/domain/settings";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit, type Tx } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";
import { servingChanged } from "@/lib/server/remedy";
import { cachedSettings } from "@/lib/server/settings/cache";

/**
 * How long a one-key decision can be taken back. The browser offers undo for
 * 8 seconds; the server allows a little more for the request in flight.
 */
export const UNDO_WINDOW_MS = 12_000;

/** Where an undone sample stands in the queue: held by the reviewer who undid it. */
export const UNDONE_REASON = "decision undone: back with the reviewer who made it";

/** A one-key decision's status reasons; an edited approval or a bulk decision is not undone here. */
const ONE_KEY = /^(approved by a reviewer|rejected: )/;

/**
 * Takes back a one-key approve or reject: the sample is pending again, held by
 * the same reviewer, and what the decision taught the memory layer is
 * forgotten. Only the reviewer who decided, only within the undo window and
 * before their next decision, and only while nothing has used the decision
 * since (a pre-screen training or a distillation run). One transaction, one
 * audit event.
 */
export async function undoDecision(ctx: RequestContext, sampleId: string, leaseMs: number): Promise<{ sampleId: string }> {
  if (ctx.actor.type !== "USER") throw new UserError("Only people review samples.", 403);
  if (!can(ctx.actor.role, "samples:decide")) throw new UserError("Your role does not allow this.", 403);
  const reviewerId = ctx.actor.id;
  const settings = await cachedSettings();
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const sample = await lockDecidedSample(tx, sampleId);
    if (!sample) throw notFound("That sample");
    const decidedAt = sample.decidedAt;
    if ((sample.status !== "APPROVED" && sample.status !== "REJECTED") || !decidedAt) throw conflict("This sample has no decision to undo.");
    if (sample.decidedById !== reviewerId) throw new UserError("Only the reviewer who decided a sample can undo it.", 403);
    if (sample.bulkDecided || !ONE_KEY.test(sample.statusReason)) throw conflict("Only a one-key approve or reject can be undone.");
    const now = new Date();
    if (now.getTime() - decidedAt.getTime() > UNDO_WINDOW_MS) throw conflict("Too late to undo: a decision can be taken back for a few seconds only.");
    if (await decidedAnotherSince(tx, reviewerId, decidedAt, sampleId)) throw conflict("Too late to undo: you decided another sample since.");
    const model = await latestPrescreenModel(tx);
    if (model && model.trainedAt > decidedAt) throw conflict("Too late to undo: the pre-screen has already trained on this decision.");
    if (await inDistillationRun(tx, sampleId)) throw conflict("Too late to undo: a distillation run has already taken this sample.");

    const forgotten = await forgetKnowledge(tx, sampleId, decidedAt, settings);
    await removeReviewDecision(tx, sampleId, decidedAt, sample.decisionSeconds);
    await returnToQueue(tx, sampleId, { reviewerId, leaseUntil: new Date(now.getTime() + leaseMs), statusReason: UNDONE_REASON });
    await recordAudit(tx, ctx, {
      action: "sample.undo",
      targetType: "sample",
      targetId: sampleId,
      before: { status: sample.status, reason: sample.statusReason },
      after: { status: "PENDING", knowledgeEntries: forgotten },
    });
    return { forgotten };
  });
  if (result.forgotten > 0) servingChanged();
  return { sampleId };
}

/** Reverses what learnFromDecisions recorded for the sample; returns how many entries changed. */
async function forgetKnowledge(tx: Tx, sampleId: string, decidedAt: Date, settings: Settings): Promise<number> {
  const evidence = await evidenceOfSample(tx, sampleId);
  let changed = 0;
  for (const item of evidence.sort((a, b) => a.entryId.localeCompare(b.entryId))) {
    // Evidence recorded by this very decision: anything older belongs to a decision not being undone.
    if (item.at.getTime() !== decidedAt.getTime()) continue;
    const entry = await lockEntry(tx, item.entryId);
    if (!entry) continue;
    const totals = item.kind === "APPROVED"
      ? { approvals: Math.max(0, entry.approvals - 1), rejections: entry.rejections, confidenceSum: Math.max(0, entry.confidenceSum - item.confidence) }
      : { approvals: entry.approvals, rejections: Math.max(0, entry.rejections - 1), confidenceSum: entry.confidenceSum };
    // An imported entry without local approvals was scaled by the rejection (see learnFromDecisions): scale it back.
    const confidence = totals.approvals > 0
      ? knowledgeConfidence(totals, { supportPerApproval: settings["knowledge.supportPerApproval"] })
      : item.kind === "REJECTED" ? Math.min(1, entry.confidence * ((totals.rejections + 2) / (totals.rejections + 1))) : 0;
    const updated = await updateEntry(tx, entry.id, { ...totals, confidence });
    await forgetEvidence(tx, { entryId: entry.id, sampleId, at: decidedAt, stillActive: entryIsActive(updated, settings["knowledge.activationConfidence"]) });
    changed += 1;
  }
  if (changed > 0) await bumpServingVersion(tx);
  return changed;
}
