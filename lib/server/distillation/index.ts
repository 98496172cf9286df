import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import {
  countQualifying,
  findRun,
  insertRun,
  listRuns as loadRuns,
  lockRun,
  runSamples,
  setRunJob,
  settleOrphanedRuns,
} from "@/lib/db/distillation";
import { requestCancel } from "@/lib/db/jobs";
import type { SafetyReport } from "@/lib/domain/safety";
import type { Settings } from "@/lib/domain/settings";
import type { DistillationPreview, DistillationScope, RunFilter, RunMetrics, RunView, SandboxReport } from "@/lib/schemas/distillation";
import { sampleInputSchema } from "@/lib/schemas/review";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound } from "@/lib/server/errors";
import { queueJob, wakeJobRunners } from "@/lib/server/jobs";
import { getSettings } from "@/lib/server/settings";
import { distillationJob } from "./job";
import { sampleScopeOf } from "./scope";

function previewOf(
  agent: { id: string; name: string; stage: string },
  counted: { samples: number; corrections: number },
  scope: DistillationScope,
  settings: Settings,
): DistillationPreview {
  const maxSamples = scope.maxSamples ?? settings["distillation.maxSamples"];
  const used = Math.min(counted.samples, maxSamples);
  const costPerSample = settings["cost.distillationPerSample"];
  const blockers: string[] = [];
  if (agent.stage === "OBSERVATION") blockers.push(`${agent.name} is in the observation stage: nothing is distilled until it has more interactions.`);
  if (used < settings["distillation.minSamples"]) {
    const found = counted.samples === 1 ? "1 approved sample" : `${counted.samples} approved samples`;
    blockers.push(`${found} above confidence ${settings["distillation.qualityFilter"].toFixed(2)} ${counted.samples === 1 ? "is" : "are"} in scope; a run needs at least ${settings["distillation.minSamples"]}. Widen the scope or review more samples.`);
  }
  if (counted.corrections < 2) blockers.push("The samples in scope hold fewer than 2 distinct corrections: there is nothing to choose between.");
  return {
    agent,
    qualifying: counted.samples,
    used,
    corrections: counted.corrections,
    qualityFilter: settings["distillation.qualityFilter"],
    maxSamples,
    costPerSample,
    estimatedCost: Math.round(used * costPerSample * 100) / 100,
    blockers,
  };
}

/** What a run with this scope would use and cost, before anyone starts it. */
export async function previewDistillation(scope: DistillationScope): Promise<DistillationPreview> {
  const prisma = await db();
  const settings = await getSettings();
  const agent = await prisma.agent.findUnique({ where: { id: scope.agentId }, select: { id: true, name: true, stage: true } });
  if (!agent) throw notFound("That agent");
  const counted = await countQualifying(prisma, sampleScopeOf(scope, settings["distillation.qualityFilter"]));
  return previewOf(agent, counted, scope, settings);
}

/**
 * Starts a run: checks the scope again inside the transaction, records the
 * run with its estimated cost and queues its job, so both exist or neither.
 */
export async function startDistillation(ctx: RequestContext, scope: DistillationScope): Promise<{ runId: string; preview: DistillationPreview }> {
  const settings = await getSettings();
  const prisma = await db();
  const started = await prisma.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: scope.agentId }, select: { id: true, name: true, stage: true } });
    if (!agent) throw notFound("That agent");
    const counted = await countQualifying(tx, sampleScopeOf(scope, settings["distillation.qualityFilter"]));
    const preview = previewOf(agent, counted, scope, settings);
    if (preview.blockers.length > 0) throw invalid(preview.blockers.join(" "), { scope: preview.blockers[0] });
    const stored = { patternIds: scope.patternIds, from: scope.from, to: scope.to, maxSamples: preview.maxSamples, qualityFilter: preview.qualityFilter };
    const run = await insertRun(tx, {
      agentId: agent.id,
      scope: stored,
      sampleCount: preview.used,
      estimatedCost: preview.estimatedCost,
      startedById: ctx.actor.type === "USER" ? ctx.actor.id : null,
      startedBy: ctx.actor.type === "USER" ? ctx.actor.email : ctx.actor.type === "AGENT" ? ctx.actor.name : ctx.actor.label,
    });
    const { job } = await queueJob(tx, ctx, distillationJob, { runId: run.id });
    await setRunJob(tx, run.id, job.id);
    await recordAudit(tx, ctx, {
      action: "distillation.start",
      targetType: "distillation_run",
      targetId: run.id,
      after: { agent: agent.name, ...stored, samples: preview.used, estimatedCost: preview.estimatedCost },
    });
    return { runId: run.id, preview };
  });
  wakeJobRunners();
  return started;
}

/**
 * Cancels a queued or running run: a queued one at once; a running one when
 * its runner next renews the job's lease (within about 10 seconds), which
 * ends training at once. A run that finishes first keeps its figures.
 */
export async function cancelDistillation(ctx: RequestContext, runId: string): Promise<{ status: string }> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) throw notFound("That run");
    if (run.status !== "QUEUED" && run.status !== "RUNNING") throw conflict(`This run already ended (${run.status.toLowerCase()}).`);
    if (run.jobId !== null) await requestCancel(tx, run.jobId.toString());
    const status = run.status === "QUEUED" ? "CANCELLED" : "RUNNING";
    if (status === "CANCELLED") {
      await tx.distillationRun.update({ where: { id: runId }, data: { status: "CANCELLED", failureReason: "Cancelled before it started.", finishedAt: new Date() } });
    }
    await recordAudit(tx, ctx, { action: "distillation.cancel", targetType: "distillation_run", targetId: runId, before: { status: run.status }, after: { status } });
    return { status: status === "CANCELLED" ? "CANCELLED" : "CANCELLING" };
  });
}

type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

function viewOf(row: RunRow): RunView {
  const scope = row.scope as RunView["scope"];
  const version = row.modelVersion;
  return {
    id: row.id,
    agent: row.agent,
    status: row.status,
    scope,
    progress: row.progress,
    progressNote: row.progressNote,
    sampleCount: row.sampleCount,
    estimatedCost: row.estimatedCost,
    failureReason: row.failureReason,
    startedBy: row.startedBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    metrics: (row.metrics as RunMetrics | null) ?? null,
    modelVersion: version
      ? {
          id: version.id,
          version: version.version,
          safetyStatus: version.safetyStatus,
          safetyReport: (version.safetyReport as SafetyReport | null) ?? null,
          sandbox: (version.sandbox as SandboxReport | null) ?? null,
        }
      : null,
  };
}

/** Runs newest first. Runs whose job ended without them are settled first, so nothing shows as running forever. */
export async function listRuns(filter: RunFilter) {
  const prisma = await db();
  await settleOrphanedRuns(prisma);
  const [page, agents] = await Promise.all([loadRuns(prisma, filter), agentNames(prisma)]);
  return { runs: page.items.map(viewOf), nextCursor: page.nextCursor, agents };
}

export async function getRun(runId: string): Promise<RunView> {
  const prisma = await db();
  await settleOrphanedRuns(prisma);
  const row = await findRun(prisma, runId);
  if (!row) throw notFound("That run");
  return viewOf(row);
}

/** A run with the samples it used (first 100), for its page. */
export async function runDetail(runId: string) {
  const run = await getRun(runId);
  const prisma = await db();
  const rows = await runSamples(prisma, runId, 100);
  return {
    run,
    samples: rows.map((row) => ({ id: row.id, holdOut: row.hold_out, output: row.output, confidence: row.confidence, errorCategory: row.error_category, intent: sampleInputSchema.parse(row.input).user_intent })),
  };
}

const SYSTEM_PROMPT = "You are an agent's remedy model. Given a failed action, answer with the correction to apply.";

/**
 * A run's samples as JSONL: OpenAI's chat fine-tuning format (one
 * conversation per sample: the failure context, then the approved
 * correction), or Remedy's own (the sample as stored, with its split). The
 * samples were redacted when they were ingested; nothing else travels.
 */
export async function exportDataset(ctx: RequestContext, runId: string, format: "openai" | "remedy"): Promise<{ body: string; fileName: string; count: number }> {
  const run = await getRun(runId);
  if (run.status !== "SUCCEEDED") throw conflict(`This run is ${run.status.toLowerCase()}; its dataset exists once it has succeeded.`);
  const prisma = await db();
  const lines: string[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const rows = await runSamples(prisma, runId, 1_000, offset);
    for (const row of rows) {
      const input = sampleInputSchema.parse(row.input);
      lines.push(JSON.stringify(format === "openai"
        ? { messages: [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: JSON.stringify(input) },
            { role: "assistant", content: row.output },
          ] }
        : { sample_id: row.id, split: row.hold_out ? "hold_out" : "train", input, output: row.output, confidence: row.confidence, pattern_id: row.pattern_id }));
    }
    if (rows.length < 1_000) break;
  }
  await prisma.$transaction((tx) =>
    recordAudit(tx, ctx, { action: "distillation.export_dataset", targetType: "distillation_run", targetId: runId, after: { format, samples: lines.length } }),
  );
  return { body: lines.length ? `${lines.join("\n")}\n` : "", fileName: `remedy-${run.agent.name}-${runId.slice(0, 8)}-${format}.jsonl`, count: lines.length };
}
