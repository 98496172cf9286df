import { db } from "@/lib/db/client";
import { findForCorrection, setCorrection } from "@/lib/db/interactions";
import { insertPrescreenModel, latestPrescreenModel } from "@/lib/db/prescreen";
import { humanDecisions, insertSamples, markAuthored, type NewSample } from "@/lib/db/samples";
import { prismaQueryable } from "@/lib/db/sql";
import { decideGate } from "@/lib/domain/gates";
import { scanText } from "@/lib/domain/pii";
import { explain, score, train, type PrescreenInput, type PrescreenModel } from "@/lib/domain/prescreen";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import type { Stage } from "@/lib/domain/stage";
import { sampleEvidence, type SampleEvidence } from "@/lib/domain/sample-input";
import { gradeSample, type ValueGrade } from "@/lib/domain/value-grade";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit, type Tx } from "@/lib/server/audit";
import { conflict, invalid, notFound } from "@/lib/server/errors";
import { wakeJobRunners } from "@/lib/server/jobs";
import { getListSettings, getSettings } from "@/lib/server/settings";
import { ttlCache } from "@/lib/process-state";
import { prescreenInputOfStored, queueRescoring } from "./rescore-job";

/** A failed interaction with a correction, redacted, about to become a sample; its input already measured (see sampleEvidence). */
export interface SampleCandidate extends SampleEvidence {
  interactionId: bigint;
  agentId: string;
  patternId: string | null;
  patternCount: number;
  category: string;
  output: string;
  confidence: number;
  hasRetry: boolean;
  piiRedactions: number;
}

export interface LoadedPrescreen {
  model: PrescreenModel;
  decisions: number;
}

/** The newest pre-screen model, read at most every 30 s (and right after training). */
const prescreenCache = ttlCache("prescreen", 30_000, async (): Promise<LoadedPrescreen | null> => {
  const row = await latestPrescreenModel(await db());
  // Written only by trainPrescreen below, from the domain's own type.
  return row ? { model: row.model as PrescreenModel, decisions: row.decisions } : null;
});

export const currentPrescreen = (): Promise<LoadedPrescreen | null> => prescreenCache.get();

export function prescreenInputOf(candidate: {
  confidence: number; grade: ValueGrade; patternCount: number; output: string; inputJson: string; category: string;
  residualPii: number; hasRetry: boolean; piiRedactions: number;
}): PrescreenInput {
  return {
    confidence: candidate.confidence,
    grade: candidate.grade,
    patternCount: candidate.patternCount,
    correctionLength: candidate.output.length,
    inputLength: candidate.inputJson.length,
    category: candidate.category,
    residualPii: candidate.residualPii,
    hasRetry: candidate.hasRetry,
    piiRedactions: candidate.piiRedactions,
  };
}

export type SampleRow = NewSample;

/** Grade, pre-screen score and the gates' decision for each candidate, each with its reason. */
export function planSamples(
  candidates: SampleCandidate[],
  context: { stage: Stage; settings: Settings; lists: ListSettings; prescreen: LoadedPrescreen | null },
): SampleRow[] {
  return candidates.map((candidate) => {
    const { grade, reason: gradeReason } = gradeSample({
      patternCount: candidate.patternCount,
      category: candidate.category,
      severeCategories: context.lists["samples.severeCategories"],
      frequentPatternMin: context.settings["samples.frequentPatternMin"],
    });
    const { residualPii } = candidate;
    const input = prescreenInputOf({ ...candidate, grade });
    const prescreen = context.prescreen;
    const prescreenScore = prescreen ? score(prescreen.model, input) : null;
    const gate = decideGate({
      stage: context.stage,
      confidence: candidate.confidence,
      residualPii,
      prescreen: prescreen && prescreenScore !== null ? { score: prescreenScore, accuracy: prescreen.model.accuracy, decisions: prescreen.decisions } : null,
      settings: context.settings,
      autoApproveMinScore: context.settings["prescreen.autoApproveScore"],
    });
    return {
      interactionId: candidate.interactionId,
      agentId: candidate.agentId,
      patternId: candidate.patternId,
      inputJson: candidate.inputJson,
      output: candidate.output,
      errorCategory: candidate.category,
      confidence: candidate.confidence,
      grade,
      gradeReason,
      stage: context.stage,
      status: gate.status,
      statusReason: gate.reason,
      residualPii,
      prescreenScore,
      prescreenFactors: prescreen ? explain(prescreen.model, input) : null,
      decidedAt: gate.status === "AUTO_APPROVED" ? new Date() : null,
    };
  });
}

/** Reviewers' decisions as training examples: only what a human approved or rejected one by one (bulk decisions teach nothing). */
async function trainingExamples(tx: Tx) {
  const decided = await humanDecisions(tx, 50_000);
  return decided.map((sample) => ({ approved: sample.status === "APPROVED", input: prescreenInputOfStored(sample) }));
}

/**
 * Retrains the pre-screen on every human decision so far; one audit event with the measured accuracy.
 * The pending samples are then rescored in the background with the new model.
 */
export async function trainPrescreen(ctx: RequestContext): Promise<{ decisions: number; accuracy: number | null; holdOut: number }> {
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const examples = await trainingExamples(tx);
    const trained = train(examples, { seed: 7 });
    // A history of one kind of decision cannot tell approve from reject, however accurate it looks.
    const bothKinds = new Set(examples.map((example) => example.approved)).size === 2;
    const model = bothKinds ? trained : { ...trained, accuracy: null };
    await insertPrescreenModel(tx, { decisions: examples.length, holdOut: model.holdOut, accuracy: model.accuracy, model });
    await recordAudit(tx, ctx, {
      action: "prescreen.train",
      targetType: "prescreen_model",
      after: { decisions: examples.length, holdOut: model.holdOut, accuracy: model.accuracy },
    });
    const rescoring = await queueRescoring(tx, ctx);
    return { decisions: examples.length, accuracy: model.accuracy, holdOut: model.holdOut, rescoring };
  }, { timeout: 60_000 });
  prescreenCache.invalidate();
  if (result.rescoring) wakeJobRunners();
  return { decisions: result.decisions, accuracy: result.accuracy, holdOut: result.holdOut };
}

/** Why a correction written in Remedy waits in the queue. */
export const FOUR_EYES_REASON = "written in Remedy: waiting for another reviewer (four eyes)";

/** Personal data in a correction a person typed is refused, not silently stored. */
export function refusePersonalData(correction: string, field: string): void {
  const findings = scanText(correction);
  if (findings.length > 0) {
    const types = [...new Set(findings.map((finding) => finding.type))].join(", ");
    throw invalid(`The correction contains personal data (${types}). Remove it, or use a placeholder like <EMAIL_1>.`, { [field]: `Contains ${types}` });
  }
}

/**
 * A reviewer or operator writes the correction a failed interaction lacked;
 * it becomes a sample through the same gates as one the agent sent.
 */
export async function addCorrection(ctx: RequestContext, interactionId: bigint, correction: string): Promise<{ sampleId: string; status: string; reason: string }> {
  refusePersonalData(correction, "correction");
  const [settings, lists, prescreen] = await Promise.all([getSettings(), getListSettings(), currentPrescreen()]);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const interaction = await findForCorrection(tx, interactionId);
    if (!interaction) throw notFound("That interaction");
    if (!interaction.failed || !interaction.errorCategory) throw invalid("Only failed interactions take a correction.");
    if (interaction.sample) throw conflict("This interaction already has a sample; edit its correction in the review queue.");
    await setCorrection(tx, interactionId, correction);
    const input = { user_intent: interaction.userIntent, agent_action: interaction.agentAction, api_response: interaction.apiResponse, error_category: interaction.errorCategory };
    const [row] = planSamples([{
      interactionId,
      agentId: interaction.agentId,
      patternId: interaction.patternId,
      patternCount: interaction.pattern?.count ?? 1,
      category: interaction.errorCategory,
      ...sampleEvidence(input, correction),
      output: correction,
      confidence: interaction.confidence,
      hasRetry: interaction.retryStrategy !== null,
      piiRedactions: interaction.piiTotal,
    }], { stage: interaction.agent.stage, settings, lists, prescreen });
    // The statement ingestion writes samples with, through this transaction.
    const [sample] = await insertSamples(prismaQueryable(tx), [row]);
    if (!sample) throw conflict("This interaction already has a sample; edit its correction in the review queue.");
    // Four eyes: what a person wrote here is approved by someone else, never by its author or by the gates alone.
    const waitFor = settings["review.fourEyes"] === 1 && row.status === "AUTO_APPROVED" ? { statusReason: FOUR_EYES_REASON } : undefined;
    if (ctx.actor.type === "USER") await markAuthored(tx, sample.id, { authorId: ctx.actor.id, waitFor });
    const status = waitFor ? "PENDING" : row.status;
    const reason = waitFor ? waitFor.statusReason : row.statusReason;
    await recordAudit(tx, ctx, {
      action: "interaction.add_correction",
      targetType: "interaction",
      targetId: interactionId.toString(),
      after: { correction, sample: sample.id, status },
    });
    return { sampleId: sample.id, status, reason };
  });
}
