import { db } from "@/lib/db/client";
import { findRun, insertRunSamples, knowledgeByFingerprint, markRunStarted, qualifyingSamples, replaySamples, updateRun } from "@/lib/db/distillation";
import { countModelVersions, insertModelVersion } from "@/lib/db/models";
import { evaluatePredictions, stratifiedSplit } from "@/lib/domain/classifier-metrics";
import { fingerprintFailure } from "@/lib/domain/fingerprint";
import { chooseEntry, correctionKey, knowledgeReach } from "@/lib/domain/knowledge";
import { evaluateSafety } from "@/lib/domain/safety";
import { parameterCount, predictStudent, type FailureContext, type StudentModel } from "@/lib/domain/student-model";
import type { RunMetrics, RunView, SandboxReport } from "@/lib/schemas/distillation";
import { sampleInputSchema } from "@/lib/schemas/review";
import { systemContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import type { JobContext } from "@/lib/server/jobs";
import { getListSettings, getSettings } from "@/lib/server/settings";
import { sampleScopeOf } from "./scope";
import { trainOffThread } from "./trainer";

/** How many recorded failures the sandbox replays at most. */
const REPLAY_LIMIT = 2_000;
/** The split is seeded: the same samples give the same split, model and figures. */
const SPLIT_SEED = 1;

class RunCancelled extends Error {}

/**
 * One distillation, as its background job runs it: load the qualifying
 * samples, split them by correction, train the student, measure it on the
 * hold-out, replay it in the sandbox, evaluate its safety, and store the
 * candidate model version with every figure, in one final transaction.
 * Nothing is half-written: until that transaction the run only has progress.
 */
export async function runDistillation(runId: string, job: JobContext): Promise<unknown> {
  const prisma = await db();
  const run = await findRun(prisma, runId);
  if (!run) return { skipped: "the run no longer exists" };
  if (!(await markRunStarted(prisma, runId))) return { skipped: `the run is ${run.status.toLowerCase()}` };
  const step = async (fraction: number, note: string) => {
    if (job.signal.aborted) throw new RunCancelled(String((job.signal.reason as { why?: string } | undefined)?.why ?? "cancelled"));
    job.progress(fraction, note);
    await updateRun(prisma, runId, { progress: fraction, progressNote: note });
  };
  try {
    return await distil(run, step, job.signal);
  } catch (error) {
    const why = job.signal.aborted ? String((job.signal.reason as { why?: string } | undefined)?.why ?? "cancelled") : null;
    const cancelled = why === "cancelled";
    await updateRun(prisma, runId, {
      status: cancelled ? "CANCELLED" : "FAILED",
      failureReason: cancelled ? "Cancelled while running." : why ? `Stopped: ${why}.` : (error as Error).message,
      finishedAt: new Date(),
    });
    if (cancelled) return { cancelled: true };
    throw error;
  }
}

type LoadedRun = NonNullable<Awaited<ReturnType<typeof findRun>>>;

async function distil(run: LoadedRun, step: (fraction: number, note: string) => Promise<void>, signal: AbortSignal) {
  const prisma = await db();
  const [settings, lists] = await Promise.all([getSettings(), getListSettings()]);
  const scope = run.scope as RunView["scope"];
  await step(0.05, "loading approved samples");
  const rows = await qualifyingSamples(prisma, sampleScopeOf({ agentId: run.agentId, patternIds: scope.patternIds, from: scope.from, to: scope.to }, scope.qualityFilter), scope.maxSamples);
  const samples = rows.map((row) => ({ id: row.id, context: contextOf(row.input), key: correctionKey(row.output), output: row.output }));
  // Newest first: each correction is named as it was last approved.
  const labelOf = new Map<string, string>();
  for (const sample of samples) if (!labelOf.has(sample.key)) labelOf.set(sample.key, sample.output);
  if (labelOf.size < 2) throw new Error("The samples in scope hold fewer than 2 distinct corrections: there is nothing to choose between.");

  await step(0.15, "splitting by correction");
  const { train, holdOut } = stratifiedSplit(samples, (sample) => sample.key, settings["distillation.holdOutFraction"], SPLIT_SEED);
  if (holdOut.length === 0) throw new Error("No correction has two samples, so none can be held out to measure accuracy. Review more samples.");

  await step(0.25, `training on ${train.length} samples`);
  const { model, trainingMs } = await trainOffThread(train.map((sample) => ({ context: sample.context, label: labelOf.get(sample.key)! })), signal);

  await step(0.6, `measuring on ${holdOut.length} held-out samples`);
  const report = evaluatePredictions(holdOut.map((sample) => {
    const prediction = predictStudent(model, sample.context);
    return { actual: labelOf.get(sample.key)!, predicted: prediction.correction, confidence: prediction.confidence };
  }));

  await step(0.75, "replaying recorded failures in the sandbox");
  const sandbox = await replay(run.agentId, train.map((sample) => sample.id), model, settings["knowledge.activationConfidence"]);

  await step(0.9, "evaluating safety");
  const safety = evaluateSafety({
    outputs: model.classes,
    holdOutAccuracy: report.accuracy,
    accuracyTarget: settings["target.distillationAccuracy"],
    denyList: lists["safety.denyList"],
    piiMinScore: settings["pii.minScore"],
  });
  const metrics: RunMetrics = {
    trainCount: train.length,
    holdOutCount: holdOut.length,
    classes: model.classes.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    labels: report.labels,
    confusion: report.confusion,
    calibration: report.calibration,
    expectedCalibrationError: report.expectedCalibrationError,
    parameters: parameterCount(model),
    trainingMs,
    cost: Math.round(samples.length * settings["cost.distillationPerSample"] * 100) / 100,
  };

  await step(0.95, "storing the candidate model version");
  const ctx = systemContext("distillation");
  const holdOutIds = new Set(holdOut.map((sample) => sample.id));
  return prisma.$transaction(async (tx) => {
    const number = (await countModelVersions(tx, run.agentId)) + 1;
    const version = await insertModelVersion(tx, {
      agentId: run.agentId,
      version: `student-${number}`,
      kind: "BUILTIN",
      runId: run.id,
      weights: model as unknown as object,
      metrics: { accuracy: report.accuracy, macroF1: report.macroF1, holdOutCount: holdOut.length, parameters: metrics.parameters },
      holdOutAccuracy: report.accuracy,
      sandboxSuccessRate: sandbox.modelSuccessRate,
      sandbox: sandbox as unknown as object,
      safetyStatus: safety.status,
      safetyReport: safety as unknown as object,
    });
    await insertRunSamples(tx, run.id, samples.map((sample) => ({ sampleId: sample.id, holdOut: holdOutIds.has(sample.id) })));
    await tx.distillationRun.update({
      where: { id: run.id },
      data: { status: "SUCCEEDED", progress: 1, progressNote: "done", metrics: metrics as unknown as object, sampleCount: samples.length, finishedAt: new Date() },
    });
    await recordAudit(tx, ctx, {
      action: "distillation.complete",
      targetType: "distillation_run",
      targetId: run.id,
      after: {
        modelVersion: version.version,
        accuracy: report.accuracy,
        sandboxSuccessRate: sandbox.modelSuccessRate,
        safety: safety.status,
        safetyChecks: safety.checks.map((check) => `${check.passed ? "pass" : "FAIL"}: ${check.detail}`),
        cost: metrics.cost,
      },
    });
    return { modelVersion: version.version, accuracy: report.accuracy, safety: safety.status };
  });
}

function contextOf(input: unknown): FailureContext {
  const parsed = sampleInputSchema.parse(input);
  return { user_intent: parsed.user_intent, agent_action: parsed.agent_action, api_response: parsed.api_response, error_category: parsed.error_category };
}

/**
 * The sandbox: recorded failures with approved corrections the candidate
 * was not trained on. It succeeds where its answer is the approved
 * correction. Knowledge answers first where the agent's stage lets it reach
 * the sandbox (small-scale and full), as it would when serving.
 */
async function replay(agentId: string, trained: string[], model: StudentModel, activation: number): Promise<SandboxReport> {
  const prisma = await db();
  const [rows, agent, knowledge] = await Promise.all([
    replaySamples(prisma, agentId, trained, REPLAY_LIMIT),
    prisma.agent.findUniqueOrThrow({ where: { id: agentId }, select: { stage: true } }),
    knowledgeByFingerprint(prisma, agentId, activation),
  ]);
  const reachesSandbox = knowledgeReach(agent.stage) !== "never";
  const entriesByFingerprint = new Map<string, typeof knowledge>();
  for (const entry of knowledge) entriesByFingerprint.set(entry.fingerprint, [...(entriesByFingerprint.get(entry.fingerprint) ?? []), entry]);
  let modelSuccess = 0;
  let withKnowledgeSuccess = 0;
  for (const row of rows) {
    const context = contextOf(row.input);
    const expected = correctionKey(row.output);
    const predicted = correctionKey(predictStudent(model, context).correction);
    if (predicted === expected) modelSuccess += 1;
    let answer = predicted;
    if (reachesSandbox && context.error_category) {
      const candidates = entriesByFingerprint.get(fingerprintFailure(context.error_category, context.agent_action, context.api_response).hash) ?? [];
      const chosen = chooseEntry(candidates.map((entry) => ({ ...entry, intents: (entry.intents ?? {}) as Record<string, number> })), context.user_intent);
      if (chosen) answer = correctionKey(chosen.correction);
    }
    if (answer === expected) withKnowledgeSuccess += 1;
  }
  const rate = (count: number) => (rows.length > 0 ? count / rows.length : null);
  return { replayed: rows.length, modelSuccess, modelSuccessRate: rate(modelSuccess), withKnowledgeSuccess, withKnowledgeSuccessRate: rate(withKnowledgeSuccess) };
}
