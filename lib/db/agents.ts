import type { Stage } from "@/lib/domain/stage";
import type { Prisma, PrismaClient } from "./generated/client";
import { sql, type Queryable } from "./sql";

type Tx = Prisma.TransactionClient;

export interface ApiKeyRow {
  id: string;
  prefix: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AgentRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  interactionCount: number;
  stage: Stage;
  stageChangedAt: Date;
  apiKeys: ApiKeyRow[];
}

const keyColumns = { id: true, prefix: true, label: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listAgents(prisma: PrismaClient): Promise<AgentRow[]> {
  const agents = await prisma.agent.findMany({
    select: {
      id: true, name: true, description: true, createdAt: true, interactionCount: true, stage: true, stageChangedAt: true,
      apiKeys: { select: keyColumns, orderBy: { createdAt: "desc" } },
    },
    orderBy: { name: "asc" },
  });
  return agents.map((agent) => ({ ...agent, interactionCount: Number(agent.interactionCount) }));
}

/** Agents by name, for filters. */
export function agentNames(prisma: PrismaClient): Promise<Array<{ id: string; name: string }>> {
  return prisma.agent.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export function findAgentByName(client: PrismaClient | Tx, name: string) {
  return client.agent.findUnique({ where: { name }, select: { id: true, name: true, description: true, stage: true } });
}

export function findAgentById(tx: Tx, id: string) {
  return tx.agent.findUnique({ where: { id }, select: { id: true, name: true } });
}

export async function insertAgent(tx: Tx, input: { name: string; description: string }): Promise<AgentRow> {
  const agent = await tx.agent.create({
    data: input,
    select: { id: true, name: true, description: true, createdAt: true, stage: true, stageChangedAt: true },
  });
  return { ...agent, interactionCount: 0, apiKeys: [] };
}

export function insertApiKey(tx: Tx, key: { agentId: string; prefix: string; hash: string; label: string }): Promise<ApiKeyRow> {
  return tx.apiKey.create({ data: key, select: keyColumns });
}

export function findApiKeyByPrefix(tx: Tx, prefix: string) {
  return tx.apiKey.findUnique({ where: { prefix }, select: { ...keyColumns, agent: { select: { name: true } } } });
}

export function revokeApiKeyRow(tx: Tx, id: string, at: Date): Promise<ApiKeyRow> {
  return tx.apiKey.update({ where: { id }, data: { revokedAt: at }, select: keyColumns });
}

export interface KeyOwner {
  keyId: string;
  agentId: string;
  prefix: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  agentName: string;
  agentDisabledAt: Date | null;
}

/** Every agent request starts here: one plain query on the driver, without Prisma's query compiler in the way. */
export async function findKeyOwner(conn: Queryable, hash: string): Promise<KeyOwner | null> {
  const [row] = await conn.query<{
    id: string; agent_id: string; prefix: string; revoked_at: Date | string | null; last_used_at: Date | string | null;
    agent_name: string; agent_disabled_at: Date | string | null;
  }>(sql`
    SELECT k.id::text, k.agent_id::text, k.prefix, k.revoked_at, k.last_used_at, a.name AS agent_name, a.disabled_at AS agent_disabled_at
      FROM api_keys k JOIN agents a ON a.id = k.agent_id
     WHERE k.hash = ${hash}`);
  if (!row) return null;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    keyId: row.id,
    agentId: row.agent_id,
    prefix: row.prefix,
    revokedAt: date(row.revoked_at),
    lastUsedAt: date(row.last_used_at),
    agentName: row.agent_name,
    agentDisabledAt: date(row.agent_disabled_at),
  };
}

export async function touchApiKey(conn: Queryable, keyId: string, at: Date): Promise<void> {
  await conn.query(sql`UPDATE api_keys SET last_used_at = ${at} WHERE id = ${keyId}::uuid`);
}

export async function setAgentStage(conn: Queryable, agentId: string, stage: Stage): Promise<void> {
  await conn.query(sql`UPDATE agents SET stage = ${stage}::"Stage", stage_changed_at = now() WHERE id = ${agentId}::uuid`);
}
