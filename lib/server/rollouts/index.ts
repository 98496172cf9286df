import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { findModelVersion, setServingModel } from "@/lib/db/models";
import {
  agentSnapshots,
  armCounts,
  enabledKnowledgeIds,
  findRollout,
  gateHistory,
  insertRollout,
  insertSnapshot,
  latestSnapshot,
  listRollouts as loadRollouts,
  liveRolloutOf,
  lockAgent,
  lockRollout,
  setEnabledKnowledge,
  updateRollout,
  type RolloutRow,
} from "@/lib/db/rollouts";
import { bumpServingVersion } from "@/lib/db/serving";
import { parseSteps } from "@/lib/domain/rollouts";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound } from "@/lib/server/errors";
import { queueJob, wakeJobRunners } from "@/lib/server/jobs";
import { servingChanged } from "@/lib/server/remedy";
import { getListSettings, getSettings } from "@/lib/server/settings";
import { gateJob } from "./gate-job";

type Tx = Prisma.TransactionClient;

/** What a snapshot holds: enough to put an agent's serving state back exactly. */
export interface SnapshotState {
  servingModelVersionId: string | null;
  servingVersion: string | null;
  enabledKnowledgeIds: string[];
  rollout: { id: string; status: string; percent: number; stepIndex: number } | null;
}

async function snapshotOf(tx: Tx, agentId: string, rollout: RolloutRow | null): Promise<SnapshotState> {
  const agent = await tx.agent.findUniqueOrThrow({ where: { id: agentId }, select: { servingModelVersionId: true, servingModelVersion: { select: { version: true } } } });
  return {
    servingModelVersionId: agent.servingModelVersionId,
    servingVersion: agent.servingModelVersion?.version ?? null,
    enabledKnowledgeIds: await enabledKnowledgeIds(tx, agentId),
    rollout: rollout ? { id: rollout.id, status: rollout.status, percent: rollout.percent, stepIndex: rollout.stepIndex } : null,
  };
}

async function takeSnapshot(tx: Tx, agentId: string, rollout: RolloutRow | null, reason: string) {
  return insertSnapshot(tx, { agentId, rolloutId: rollout?.id ?? null, reason, state: (await snapshotOf(tx, agentId, rollout)) as unknown as object });
}

/** Queues the gate of the rollout's current step for the end of its window; one per step (singleton key). */
async function queueGate(tx: Tx, ctx: RequestContext, rollout: RolloutRow, delayMs = rollout.windowMinutes * 60_000) {
  await queueJob(tx, ctx, gateJob, { rolloutId: rollout.id, stepIndex: rollout.stepIndex, revision: rollout.revision }, {
    singletonKey: `rollout.gate:${rollout.id}:r${rollout.revision}`,
    delayMs,
  });
}

export interface StartRolloutInput {
  candidateVersionId: string;
  autoPromote: boolean;
  onFail: "PAUSE" | "ROLLBACK";
  windowMinutes?: number;
}

/**
 * Starts a rollout of a candidate that passed safety evaluation against the
 * agent's stable version: a snapshot of the serving state first, the first
 * step's traffic, and the step's gate queued for the end of its window.
 */
export async function startRollout(ctx: RequestContext, input: StartRolloutInput) {
  const [settings, lists] = await Promise.all([getSettings(), getListSettings()]);
  const steps = parseSteps([settings["canary.initialPercent"], ...lists["canary.laterSteps"]].join(","));
  if (!steps.ok) throw invalid(`The canary steps in Settings are not usable: ${steps.error}. Fix "First canary step" and "Later canary steps".`);
  const prisma = await db();
  const rollout = await prisma.$transaction(async (tx) => {
    const candidate = await findModelVersion(tx, input.candidateVersionId);
    if (!candidate) throw notFound("That model version");
    if (candidate.safetyStatus !== "PASS") throw conflict(`${candidate.version} did not pass its safety evaluation (${candidate.safetyStatus.toLowerCase()}); only a PASS may enter a rollout.`);
    await lockAgent(tx, candidate.agentId);
    const live = await liveRolloutOf(tx, candidate.agentId);
    if (live) throw conflict(`${candidate.agent.name} already has a rollout in progress; finish or roll it back first.`);
    if (candidate.agent.servingModelVersionId === candidate.id) throw conflict(`${candidate.version} is already ${candidate.agent.name}'s stable version.`);
    await takeSnapshot(tx, candidate.agentId, null, `before rolling out ${candidate.version}`);
    const created = await insertRollout(tx, {
      agentId: candidate.agentId,
      candidateVersionId: candidate.id,
      baselineVersionId: candidate.agent.servingModelVersionId,
      percent: steps.steps[0],
      steps: steps.steps,
      windowMinutes: input.windowMinutes ?? settings["canary.windowMinutes"],
      autoPromote: input.autoPromote,
      onFail: input.onFail,
      createdBy: ctx.actor.type === "USER" ? ctx.actor.email : ctx.actor.type === "AGENT" ? ctx.actor.name : ctx.actor.label,
    });
    await queueGate(tx, ctx, created);
    await bumpServingVersion(tx);
    await recordAudit(tx, ctx, {
      action: "rollout.start",
      targetType: "rollout",
      targetId: created.id,
      after: { agent: candidate.agent.name, candidate: candidate.version, percent: created.percent, steps: created.steps, autoPromote: input.autoPromote, onFail: input.onFail },
    });
    return created;
  });
  wakeJobRunners();
  servingChanged();
  return rollout;
}

/** The revision the caller saw must still be current: two racing clicks never both apply. */
function expectRevision(rollout: RolloutRow, revision: number | undefined) {
  if (revision !== undefined && rollout.revision !== revision) {
    throw conflict(`This rollout changed since you loaded it (now ${rollout.status.toLowerCase().replace("_", " ")} at ${rollout.percent}%). Reload and decide again.`);
  }
}

/**
 * Promotes to the next step (snapshot first). The last step makes the
 * candidate the agent's stable version and ends the rollout as promoted.
 * Used by the operator's click and by a passing gate with auto-promotion.
 */
export async function promoteRollout(ctx: RequestContext, input: { rolloutId: string; revision?: number }, tx?: Tx) {
  const run = async (t: Tx) => {
    const rollout = await lockRollout(t, input.rolloutId);
    if (!rollout) throw notFound("That rollout");
    expectRevision(rollout, input.revision);
    if (rollout.status !== "RUNNING" && rollout.status !== "PAUSED") throw conflict(`This rollout already ended (${rollout.status.toLowerCase().replace("_", " ")}).`);
    if (rollout.kind === "EXPERIMENT") throw conflict("An experiment holds its split until it concludes; start a rollout of the candidate to promote it.");
    await takeSnapshot(t, rollout.agentId, rollout, `before promoting from ${rollout.percent}%`);
    const nextIndex = rollout.stepIndex + 1;
    const nextPercent = rollout.steps[nextIndex] ?? 100;
    // Reaching 100% makes the candidate the stable version and ends the rollout.
    const final = nextPercent >= 100;
    const updated = final
      ? await updateRollout(t, rollout.id, { status: "PROMOTED", percent: 100, stepIndex: Math.min(nextIndex, rollout.steps.length - 1), endedAt: new Date(), statusReason: "promoted to stable" })
      : await updateRollout(t, rollout.id, { status: "RUNNING", percent: nextPercent, stepIndex: nextIndex, stepStartedAt: new Date(), statusReason: "" });
    if (final) await setServingModel(t, rollout.agentId, rollout.candidateVersionId);
    else await queueGate(t, ctx, updated);
    await bumpServingVersion(t);
    await recordAudit(t, ctx, {
      action: "rollout.promote",
      targetType: "rollout",
      targetId: rollout.id,
      before: { percent: rollout.percent, status: rollout.status },
      after: { percent: updated.percent, status: updated.status },
    });
    return findRollout(t, rollout.id);
  };
  if (tx) return run(tx);
  const prisma = await db();
  const result = await prisma.$transaction(run);
  wakeJobRunners();
  servingChanged();
  return result;
}

export async function pauseRollout(ctx: RequestContext, input: { rolloutId: string; revision?: number; reason?: string }, tx?: Tx) {
  const run = async (t: Tx) => {
    const rollout = await lockRollout(t, input.rolloutId);
    if (!rollout) throw notFound("That rollout");
    expectRevision(rollout, input.revision);
    if (rollout.status !== "RUNNING") throw conflict(`Only a running rollout can be paused; this one is ${rollout.status.toLowerCase().replace("_", " ")}.`);
    const updated = await updateRollout(t, rollout.id, { status: "PAUSED", statusReason: input.reason ?? "paused by an operator" });
    await recordAudit(t, ctx, { action: "rollout.pause", targetType: "rollout", targetId: rollout.id, before: { status: rollout.status }, after: { status: "PAUSED", reason: updated.statusReason } });
    await bumpServingVersion(t);
    return updated;
  };
  if (tx) return run(tx);
  const result = await (await db()).$transaction(run);
  servingChanged();
  return result;
}

export async function resumeRollout(ctx: RequestContext, input: { rolloutId: string; revision?: number }) {
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const rollout = await lockRollout(tx, input.rolloutId);
    if (!rollout) throw notFound("That rollout");
    expectRevision(rollout, input.revision);
    if (rollout.status !== "PAUSED") throw conflict(`Only a paused rollout can be resumed; this one is ${rollout.status.toLowerCase().replace("_", " ")}.`);
    if (rollout.percent === 0) throw conflict("The circuit breaker took this candidate's traffic to 0%. Roll back, or start a new rollout once the cause is fixed.");
    const updated = await updateRollout(tx, rollout.id, { status: "RUNNING", stepStartedAt: new Date(), statusReason: "" });
    // An experiment's conclusion is already queued for its end; a rollout's step gets a fresh window.
    if (rollout.kind === "ROLLOUT") await queueGate(tx, ctx, updated);
    await recordAudit(tx, ctx, { action: "rollout.resume", targetType: "rollout", targetId: rollout.id, before: { status: "PAUSED" }, after: { status: "RUNNING", percent: updated.percent } });
    await bumpServingVersion(tx);
    return updated;
  });
  wakeJobRunners();
  servingChanged();
  return result;
}

/**
 * Restores the agent's newest snapshot atomically, from any state, also
 * after a full promotion: the stable version and the set of active knowledge
 * as they were, and the rollout ended as rolled back with 0% candidate traffic.
 */
export async function rollbackAgent(ctx: RequestContext, input: { agentId: string; revision?: number; rolloutId?: string }, tx?: Tx) {
  const run = async (t: Tx) => {
    await lockAgent(t, input.agentId);
    const snapshot = await latestSnapshot(t, input.agentId);
    if (!snapshot) throw conflict("There is nothing to roll back to: no snapshot of this agent's serving state exists.");
    const state = snapshot.state as unknown as SnapshotState;
    const current = await liveRolloutOf(t, input.agentId) ?? (input.rolloutId ? await findRollout(t, input.rolloutId) : null);
    if (current && input.revision !== undefined) expectRevision(current, input.revision);
    const before = await snapshotOf(t, input.agentId, current);
    await setServingModel(t, input.agentId, state.servingModelVersionId);
    const knowledgeChanged = await setEnabledKnowledge(t, input.agentId, state.enabledKnowledgeIds);
    const rolledBack = snapshot.rolloutId ?? current?.id ?? null;
    if (rolledBack) {
      const rollout = await lockRollout(t, rolledBack);
      if (rollout && rollout.status !== "ROLLED_BACK") {
        await updateRollout(t, rollout.id, { status: "ROLLED_BACK", percent: 0, endedAt: new Date(), statusReason: `rolled back to the snapshot of ${snapshot.takenAt.toISOString()}` });
      }
    }
    if (current && current.id !== rolledBack && (current.status === "RUNNING" || current.status === "PAUSED")) {
      await updateRollout(t, current.id, { status: "ROLLED_BACK", percent: 0, endedAt: new Date(), statusReason: "rolled back" });
    }
    await t.snapshot.update({ where: { id: snapshot.id }, data: { restoredAt: new Date() } });
    await bumpServingVersion(t);
    await recordAudit(t, ctx, {
      action: "rollout.rollback",
      targetType: "agent",
      targetId: input.agentId,
      before: { servingVersion: before.servingVersion, activeKnowledge: before.enabledKnowledgeIds.length, rollout: before.rollout },
      after: { servingVersion: state.servingVersion, activeKnowledge: state.enabledKnowledgeIds.length, knowledgeChanged, snapshot: snapshot.id },
    });
    return { snapshotId: snapshot.id, servingVersion: state.servingVersion, knowledgeChanged };
  };
  if (tx) return run(tx);
  const result = await (await db()).$transaction(run);
  servingChanged();
  return result;
}

/** What a rollback would change, for the confirmation. */
export async function rollbackPreview(agentId: string) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const snapshot = await latestSnapshot(tx, agentId);
    if (!snapshot) return null;
    const state = snapshot.state as unknown as SnapshotState;
    const now = await snapshotOf(tx, agentId, await liveRolloutOf(tx, agentId));
    const was = new Set(state.enabledKnowledgeIds);
    const is = new Set(now.enabledKnowledgeIds);
    return {
      takenAt: snapshot.takenAt,
      reason: snapshot.reason,
      servingVersion: { now: now.servingVersion, after: state.servingVersion },
      knowledgeOn: [...was].filter((id) => !is.has(id)).length,
      knowledgeOff: [...is].filter((id) => !was.has(id)).length,
      rollout: now.rollout,
    };
  });
}

export async function listRollouts(agentId?: string) {
  const prisma = await db();
  const rows = await loadRollouts(prisma, agentId);
  const versions = await prisma.modelVersion.findMany({
    where: { id: { in: rows.flatMap((row) => [row.candidateVersionId, ...(row.baselineVersionId ? [row.baselineVersionId] : [])]) } },
    select: { id: true, version: true },
  });
  const name = new Map(versions.map((version) => [version.id, version.version]));
  const agents = await prisma.agent.findMany({ select: { id: true, name: true, servingModelVersion: { select: { version: true } } }, orderBy: { name: "asc" } });
  return {
    rollouts: rows.map((row) => ({ ...row, candidate: name.get(row.candidateVersionId) ?? "?", baseline: row.baselineVersionId ? name.get(row.baselineVersionId) ?? "?" : null })),
    agents: agents.map((agent) => ({ id: agent.id, name: agent.name, stable: agent.servingModelVersion?.version ?? null })),
  };
}

export async function rolloutDetail(id: string) {
  const prisma = await db();
  const rollout = await findRollout(prisma, id);
  if (!rollout) throw notFound("That rollout");
  const [gates, counts, snapshots] = await Promise.all([gateHistory(prisma, id), armCounts(prisma, id), agentSnapshots(prisma, rollout.agentId)]);
  return { rollout, gates, counts, snapshots };
}

/** A model version's id by its name, for ops requests that name versions as pipelines know them. */
export async function findModelVersionId(agentId: string, version: string): Promise<string | null> {
  const row = await (await db()).modelVersion.findUnique({ where: { agentId_version: { agentId, version } }, select: { id: true } });
  return row?.id ?? null;
}
