import type { Prisma, PrismaClient } from "./generated/client";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { sql } from "./sql";

type Tx = Prisma.TransactionClient;
type Client = PrismaClient | Tx;

/** The model version each agent serves, with the built-in student's weights. */
export function servingModels(client: Client) {
  return client.$queryRaw<Array<{ agent_id: string; id: string; version: string; kind: "BUILTIN" | "EXTERNAL"; weights: unknown }>>(sql`
    SELECT a.id::text AS agent_id, m.id::text, m.version, m.kind::text AS kind, m.weights
      FROM agents a JOIN model_versions m ON m.id = a.serving_model_version_id`);
}

const versionColumns = {
  id: true, agentId: true, version: true, kind: true, runId: true, artifactUri: true, metrics: true, holdOutAccuracy: true,
  sandboxSuccessRate: true, sandbox: true, safetyStatus: true, safetyReport: true, createdAt: true,
  agent: { select: { name: true, servingModelVersionId: true } },
} as const;

export async function listModelVersions(prisma: PrismaClient, filter: { agentId?: string; cursor?: string }, size = 50) {
  const cursor = decodeCursor(filter.cursor, "uuid");
  const rows = await prisma.modelVersion.findMany({
    where: {
      AND: [filter.agentId ? { agentId: filter.agentId } : {}, beforeCursorWhere<Prisma.ModelVersionWhereInput>(cursor, "createdAt", "id", (id) => id) ?? {}],
    },
    select: versionColumns,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  return pageOf(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
}

export function findModelVersion(client: Client, id: string) {
  return client.modelVersion.findUnique({ where: { id }, select: versionColumns });
}

export function findModelVersionByName(client: Client, agentId: string, version: string) {
  return client.modelVersion.findUnique({ where: { agentId_version: { agentId, version } }, select: { id: true } });
}

export interface NewModelVersion {
  agentId: string;
  version: string;
  kind: "BUILTIN" | "EXTERNAL";
  runId?: string;
  weights?: Prisma.InputJsonValue;
  artifactUri?: string;
  metrics: Prisma.InputJsonValue;
  holdOutAccuracy: number | null;
  sandboxSuccessRate?: number | null;
  sandbox?: Prisma.InputJsonValue;
  safetyStatus: "PENDING" | "PASS" | "FAIL";
  safetyReport: Prisma.InputJsonValue;
  createdById?: string | null;
}

export function insertModelVersion(tx: Tx, row: NewModelVersion) {
  return tx.modelVersion.create({ data: row, select: { id: true, version: true, safetyStatus: true } });
}

/** How many versions an agent has, to name the next built-in one. */
export function countModelVersions(client: Client, agentId: string): Promise<number> {
  return client.modelVersion.count({ where: { agentId } });
}

/** Sets which version an agent serves (rollouts do this); null serves knowledge only. A change is kept in the serving history. */
export async function setServingModel(tx: Tx, agentId: string, modelVersionId: string | null): Promise<void> {
  const before = await tx.agent.findUniqueOrThrow({ where: { id: agentId }, select: { servingModelVersionId: true } });
  if (before.servingModelVersionId === modelVersionId) return;
  await tx.agent.update({ where: { id: agentId }, data: { servingModelVersionId: modelVersionId } });
  await tx.servingChange.create({ data: { agentId, modelVersionId } });
}
