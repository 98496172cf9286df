import { z } from "zod";
import { db } from "@/lib/db/client";
import { findModelVersion } from "@/lib/db/models";
import { armCounts, insertGateEvaluation, insertRollout, insertSnapshot, liveRolloutOf, lockAgent, lockRollout, updateRollout } from "@/lib/db/rollouts";
import { bumpServingVersion } from "@/lib/db/serving";
import { experimentVerdict, sumOutcomes } from "@/lib/domain/rollouts";
import { systemContext, type RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound } from "@/lib/server/errors";
import { defineJob, queueJob, wakeJobRunners } from "@/lib/server/jobs";
import { servingChanged } from "@/lib/server/remedy";
import { getSettings } from "@/lib/server/settings";

/**
 * A/B experiments (the seed's monthly A/B test): two versions at a fixed
 * split for a period, then per-arm error rates with 95% intervals, a
 * two-sided significance test and a verdict. The stable version does not
 * change; the verdict informs a rollout.
 */

export const concludeExperimentJob = defineJob(
  "experiment.conclude",
  z.object({ rolloutId: z.uuid() }).strict(),
  async ({ rolloutId }) => concludeExperiment(systemContext("experiment"), rolloutId),
  { maxAttempts: 5 },
);

export async function startExperiment(ctx: RequestContext, input: { candidateVersionId: string; splitPercent: number; durationHours: number }) {
  const prisma = await db();
  const experiment = await prisma.$transaction(async (tx) => {
    const candidate = await findModelVersion(tx, input.candidateVersionId);
    if (!candidate) throw notFound("That model version");
    if (candidate.safetyStatus !== "PASS") throw conflict(`${candidate.version} did not pass its safety evaluation (${candidate.safetyStatus.toLowerCase()}); only a PASS may take traffic.`);
    await lockAgent(tx, candidate.agentId);
    if (await liveRolloutOf(tx, candidate.agentId)) throw conflict(`${candidate.agent.name} already has a rollout or experiment in progress.`);
    if (candidate.agent.servingModelVersionId === candidate.id) throw conflict(`${candidate.version} is already the stable version; compare it against another.`);
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: candidate.agentId }, select: { servingModelVersionId: true, servingModelVersion: { select: { version: true } } } });
    const enabled = await tx.knowledgeEntry.findMany({ where: { agentId: candidate.agentId, enabled: true }, select: { id: true } });
    await insertSnapshot(tx, {
      agentId: candidate.agentId,
      reason: `before the experiment ${candidate.version}`,
      state: { servingModelVersionId: agent.servingModelVersionId, servingVersion: agent.servingModelVersion?.version ?? null, enabledKnowledgeIds: enabled.map((row) => row.id), rollout: null },
    });
    const endsAt = new Date(Date.now() + input.durationHours * 3_600_000);
    const created = await insertRollout(tx, {
      agentId: candidate.agentId,
      kind: "EXPERIMENT",
      endsAt,
      candidateVersionId: candidate.id,
      baselineVersionId: agent.servingModelVersionId,
      percent: input.splitPercent,
      steps: [input.splitPercent],
      windowMinutes: Math.round(input.durationHours * 60),
      autoPromote: false,
      onFail: "PAUSE",
      createdBy: ctx.actor.type === "USER" ? ctx.actor.email : ctx.actor.type === "AGENT" ? ctx.actor.name : ctx.actor.label,
    });
    await queueJob(tx, ctx, concludeExperimentJob, { rolloutId: created.id }, { singletonKey: `experiment.conclude:${created.id}`, delayMs: input.durationHours * 3_600_000 });
    await bumpServingVersion(tx);
    await recordAudit(tx, ctx, {
      action: "experiment.start",
      targetType: "rollout",
      targetId: created.id,
      after: { agent: candidate.agent.name, candidate: candidate.version, split: input.splitPercent, endsAt: endsAt.toISOString() },
    });
    return created;
  });
  wakeJobRunners();
  servingChanged();
  return experiment;
}

/** Ends an experiment with its verdict; traffic returns to the stable version. */
export async function concludeExperiment(ctx: RequestContext, rolloutId: string) {
  const settings = await getSettings();
  const prisma = await db();
  const concluded = await prisma.$transaction(async (tx) => {
    const experiment = await lockRollout(tx, rolloutId);
    if (!experiment || experiment.kind !== "EXPERIMENT") throw notFound("That experiment");
    if (experiment.status !== "RUNNING" && experiment.status !== "PAUSED") return { skipped: `the experiment is ${experiment.status.toLowerCase().replace("_", " ")}` };
    const counts = await armCounts(tx, rolloutId, 0);
    const arm = (name: "baseline" | "candidate") => sumOutcomes(counts.filter((row) => row.arm === name).map((row) => row.outcome));
    const result = experimentVerdict(arm("baseline"), arm("candidate"), { minInteractionsPerArm: settings["canary.minInteractionsPerArm"], significance: settings["canary.significance"] });
    const verdict = result.verdict.replaceAll("_", " ");
    await updateRollout(tx, rolloutId, { status: "CONCLUDED", percent: 0, endedAt: new Date(), statusReason: `${verdict}: ${result.summary}` });
    const decision = result.verdict === "candidate_better" ? "PASS" : result.verdict === "insufficient_data" ? "INSUFFICIENT_DATA" : "FAIL";
    await insertGateEvaluation(tx, { rolloutId, step: 0, percent: experiment.percent, decision, result: result as unknown as object, action: `experiment concluded: ${verdict}` });
    await bumpServingVersion(tx);
    await recordAudit(tx, ctx, { action: "experiment.conclude", targetType: "rollout", targetId: rolloutId, after: { verdict: result.verdict, summary: result.summary } });
    return { verdict: result.verdict, summary: result.summary };
  });
  servingChanged();
  return concluded;
}
