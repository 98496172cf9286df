import { db } from "@/lib/db/client";
import { armCounts, insertGateEvaluation, lockRollout, updateRollout } from "@/lib/db/rollouts";
import { evaluateGate, sumOutcomes, type GateRules } from "@/lib/domain/rollouts";
import type { Settings } from "@/lib/domain/settings";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { queueJob } from "@/lib/server/jobs";
import { servingChanged } from "@/lib/server/remedy";
import { getSettings } from "@/lib/server/settings";
import { gateJob } from "./gate-job";
import { pauseRollout, promoteRollout, rollbackAgent } from "./index";

export function gateRulesOf(settings: Settings): GateRules {
  return {
    minInteractionsPerArm: settings["canary.minInteractionsPerArm"],
    minErrorReduction: settings["canary.minErrorReduction"],
    significance: settings["canary.significance"],
    maxLatencyIncreaseMs: settings["canary.maxLatencyIncreaseMs"],
    maxCorrectionFailureRate: settings["breaker.correctionFailureRate"],
  };
}

/**
 * Judges a step from its arms' counters and acts as the rollout says:
 * PASS promotes (or waits for an operator), FAIL pauses or rolls back,
 * INSUFFICIENT_DATA extends the window. The decision, every number and what
 * followed are stored, in one transaction with the action.
 */
export async function evaluateRolloutGate(ctx: RequestContext, payload: { rolloutId: string; stepIndex: number; revision: number }) {
  const settings = await getSettings();
  const rules = gateRulesOf(settings);
  const prisma = await db();
  const outcome = await prisma.$transaction(async (tx) => {
    const rollout = await lockRollout(tx, payload.rolloutId);
    if (!rollout || rollout.kind !== "ROLLOUT" || rollout.status !== "RUNNING" || rollout.stepIndex !== payload.stepIndex || rollout.revision !== payload.revision) {
      return { skipped: "the rollout moved on since this gate was queued" };
    }
    const counts = await armCounts(tx, rollout.id, rollout.stepIndex);
    const arm = (name: "baseline" | "candidate") => sumOutcomes(counts.filter((row) => row.arm === name).map((row) => row.outcome));
    const result = evaluateGate(arm("baseline"), arm("candidate"), rules);
    let action: string;
    if (result.decision === "PASS") {
      if (rollout.autoPromote) {
        await promoteRollout(ctx, { rolloutId: rollout.id }, tx);
        const next = rollout.steps[rollout.stepIndex + 1] ?? 100;
        action = next >= 100 ? "promoted to stable" : `promoted to ${next}%`;
      } else {
        await updateRollout(tx, rollout.id, { statusReason: "gate passed: waiting for an operator to promote" });
        action = "waiting for an operator";
      }
    } else if (result.decision === "FAIL") {
      const why = result.checks.filter((check) => check.passed === false).map((check) => check.detail).join("; ");
      if (rollout.onFail === "ROLLBACK") {
        await rollbackAgent(ctx, { agentId: rollout.agentId, rolloutId: rollout.id }, tx);
        action = "rolled back";
      } else {
        await pauseRollout(ctx, { rolloutId: rollout.id, reason: `gate failed: ${why}` }, tx);
        action = "paused";
      }
    } else {
      const extended = await updateRollout(tx, rollout.id, { statusReason: "insufficient data: the window was extended" });
      await queueJob(tx, ctx, gateJob, { rolloutId: extended.id, stepIndex: extended.stepIndex, revision: extended.revision }, {
        singletonKey: `rollout.gate:${extended.id}:r${extended.revision}`,
        delayMs: extended.windowMinutes * 60_000,
      });
      action = "window extended";
    }
    await insertGateEvaluation(tx, { rolloutId: rollout.id, step: rollout.stepIndex, percent: rollout.percent, decision: result.decision, result: result as unknown as object, action });
    await recordAudit(tx, ctx, {
      action: "rollout.gate",
      targetType: "rollout",
      targetId: rollout.id,
      after: { step: rollout.stepIndex, percent: rollout.percent, decision: result.decision, action, checks: result.checks.map((check) => check.detail) },
    });
    return { decision: result.decision, action };
  });
  servingChanged();
  return outcome;
}
