import { db } from "@/lib/db/client";
import { findModelVersionByName, insertModelVersion, listModelVersions as loadVersions } from "@/lib/db/models";
import { evaluateSafety, type SafetyReport } from "@/lib/domain/safety";
import type { RegisterModelInput, SandboxReport } from "@/lib/schemas/distillation";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound } from "@/lib/server/errors";
import { getListSettings, getSettings } from "@/lib/server/settings";

export interface ModelVersionView {
  id: string;
  agent: string;
  version: string;
  kind: "BUILTIN" | "EXTERNAL";
  runId: string | null;
  artifactUri: string | null;
  holdOutAccuracy: number | null;
  sandboxSuccessRate: number | null;
  sandbox: SandboxReport | null;
  safetyStatus: "PENDING" | "PASS" | "FAIL";
  safetyReport: SafetyReport | null;
  serving: boolean;
  metrics: unknown;
  createdAt: Date;
}

/** Model versions newest first, with their safety reports. */
export async function listModelVersions(filter: { agentId?: string; cursor?: string }) {
  const page = await loadVersions(await db(), filter);
  return {
    versions: page.items.map((row): ModelVersionView => ({
      id: row.id,
      agent: row.agent.name,
      version: row.version,
      kind: row.kind,
      runId: row.runId,
      artifactUri: row.artifactUri,
      holdOutAccuracy: row.holdOutAccuracy,
      sandboxSuccessRate: row.sandboxSuccessRate,
      sandbox: (row.sandbox as SandboxReport | null) ?? null,
      safetyStatus: row.safetyStatus,
      safetyReport: (row.safetyReport as SafetyReport | null) ?? null,
      serving: row.agent.servingModelVersionId === row.id,
      metrics: row.metrics,
      createdAt: row.createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Registers a model trained elsewhere (from a run's exported dataset) so it
 * is evaluated, rolled out and rolled back like a built-in one. Its safety
 * evaluation reads the outputs it gave on the evaluation set and its
 * reported hold-out accuracy.
 */
export async function registerExternalModel(ctx: RequestContext, input: RegisterModelInput) {
  const [settings, lists] = await Promise.all([getSettings(), getListSettings()]);
  const safety = evaluateSafety({
    outputs: [...new Set(input.outputs)],
    holdOutAccuracy: input.metrics.hold_out_accuracy,
    accuracyTarget: settings["target.distillationAccuracy"],
    denyList: lists["safety.denyList"],
    piiMinScore: settings["pii.minScore"],
  });
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { name: input.agent }, select: { id: true, name: true } });
    if (!agent) throw notFound(`The agent ${input.agent}`);
    if (await findModelVersionByName(tx, agent.id, input.version)) throw conflict(`${agent.name} already has a model version ${input.version}; register the new model under a new version.`);
    if (input.run_id) {
      const run = await tx.distillationRun.findUnique({ where: { id: input.run_id }, select: { agentId: true } });
      if (!run || run.agentId !== agent.id) throw notFound(`The run ${input.run_id} of ${agent.name}`);
    }
    const version = await insertModelVersion(tx, {
      agentId: agent.id,
      version: input.version,
      kind: "EXTERNAL",
      artifactUri: input.artifact_uri,
      metrics: input.metrics,
      holdOutAccuracy: input.metrics.hold_out_accuracy,
      safetyStatus: safety.status,
      safetyReport: safety as unknown as object,
      createdById: ctx.actor.type === "USER" ? ctx.actor.id : null,
    });
    await recordAudit(tx, ctx, {
      action: "model.register",
      targetType: "model_version",
      targetId: version.id,
      after: { agent: agent.name, version: input.version, artifactUri: input.artifact_uri, accuracy: input.metrics.hold_out_accuracy, safety: safety.status, checks: safety.checks.map((check) => check.detail) },
    });
    return { id: version.id, version: version.version, safety };
  });
}
