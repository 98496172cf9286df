import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { db, getDatabase } from "@/lib/db/client";
import { generateApiKey, parseApiKey } from "@/lib/domain/api-key";
import type { Stage } from "@/lib/domain/stage";
import type { createAgentSchema, issueKeySchema } from "@/lib/schemas/agents";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";

export interface ApiKeyView {
  id: string;
  prefix: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AgentView {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  interactionCount: number;
  stage: Stage;
  stageChangedAt: Date;
  apiKeys: ApiKeyView[];
}

const keyView = { id: true, prefix: true, label: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function listAgents(): Promise<AgentView[]> {
  const prisma = await db();
  const agents = await prisma.agent.findMany({
    select: {
      id: true, name: true, description: true, createdAt: true, interactionCount: true, stage: true, stageChangedAt: true,
      apiKeys: { select: keyView, orderBy: { createdAt: "desc" } },
    },
    orderBy: { name: "asc" },
  });
  return agents.map((agent) => ({ ...agent, interactionCount: Number(agent.interactionCount) }));
}

export async function createAgent(ctx: RequestContext, input: z.output<typeof createAgentSchema>): Promise<AgentView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    if (await tx.agent.findUnique({ where: { name: input.name } })) throw conflict(`An agent named ${input.name} already exists.`);
    const agent = await tx.agent.create({ data: input });
    await recordAudit(tx, ctx, { action: "agent.create", targetType: "agent", targetId: agent.id, after: input });
    return { ...agent, interactionCount: 0, apiKeys: [] };
  });
}

/** Issues a key; the caller shows `key` once, since only its hash is kept. */
export async function issueApiKey(
  ctx: RequestContext,
  input: z.output<typeof issueKeySchema>,
): Promise<{ key: string; apiKey: ApiKeyView; agentName: string }> {
  const prisma = await db();
  const { key, prefix } = generateApiKey(randomBytes);
  return prisma.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: input.agentId } });
    if (!agent) throw notFound("That agent");
    const apiKey = await tx.apiKey.create({
      data: { agentId: agent.id, prefix, hash: hashApiKey(key), label: input.label },
      select: keyView,
    });
    await recordAudit(tx, ctx, {
      action: "api_key.issue",
      targetType: "api_key",
      targetId: apiKey.id,
      after: { agent: agent.name, prefix, label: input.label },
    });
    return { key, apiKey, agentName: agent.name };
  });
}

export async function findAgentByName(name: string) {
  const prisma = await db();
  return prisma.agent.findUnique({ where: { name } });
}

export async function revokeApiKey(ctx: RequestContext, prefix: string): Promise<ApiKeyView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const apiKey = await tx.apiKey.findUnique({ where: { prefix }, include: { agent: true } });
    if (!apiKey) throw notFound(`The key ${prefix}`);
    if (apiKey.revokedAt) throw conflict(`The key ${prefix} was already revoked on ${apiKey.revokedAt.toISOString()}.`);
    const revoked = await tx.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() }, select: keyView });
    await recordAudit(tx, ctx, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: apiKey.id,
      before: { agent: apiKey.agent.name, prefix, revoked: false },
      after: { agent: apiKey.agent.name, prefix, revoked: true },
    });
    return revoked;
  });
}

export interface AuthenticatedAgent {
  agentId: string;
  agentName: string;
  keyId: string;
  prefix: string;
}

/** Only refresh last-used once a minute: a write per request would halve ingestion. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(key: string): Promise<AuthenticatedAgent> {
  const parsed = parseApiKey(key);
  if (!parsed.ok) throw new UserError(parsed.reason, 401);
  // Every agent request starts here: one plain query, without Prisma's query compiler in the way.
  const database = await getDatabase();
  const [apiKey] = await database.withConnection((conn) => conn.query<{
    id: string; agent_id: string; prefix: string; revoked_at: Date | string | null; last_used_at: Date | string | null;
    agent_name: string; agent_disabled_at: Date | string | null;
  }>(
    `SELECT k.id::text, k.agent_id::text, k.prefix, k.revoked_at, k.last_used_at, a.name AS agent_name, a.disabled_at AS agent_disabled_at
       FROM api_keys k JOIN agents a ON a.id = k.agent_id
      WHERE k.hash = $1`,
    [hashApiKey(key)],
  ));
  if (!apiKey) throw new UserError(`Unknown API key ${parsed.prefix}. Ask an admin for a key on the Agents page.`, 401);
  if (apiKey.revoked_at) throw new UserError(`The API key ${apiKey.prefix} was revoked on ${new Date(apiKey.revoked_at).toISOString()}.`, 401);
  if (apiKey.agent_disabled_at) throw new UserError(`The agent ${apiKey.agent_name} is disabled.`, 401);
  const now = Date.now();
  if (!apiKey.last_used_at || now - new Date(apiKey.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
    const prisma = await db();
    await prisma.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { agentId: apiKey.agent_id, agentName: apiKey.agent_name, keyId: apiKey.id, prefix: apiKey.prefix };
}
