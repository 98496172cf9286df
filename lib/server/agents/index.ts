import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  findAgentById,
  findAgentByName as loadAgentByName,
  findApiKeyByPrefix,
  findKeyOwner,
  insertAgent,
  insertApiKey,
  listAgents as loadAgents,
  revokeApiKeyRow,
  touchApiKey,
  type AgentRow,
  type ApiKeyRow,
  type KeyOwner,
} from "@/lib/db/agents";
import { db, getDatabase } from "@/lib/db/client";
import { generateApiKey, parseApiKey } from "@/lib/domain/api-key";
import { processSingleton } from "@/lib/process-state";
import type { createAgentSchema, issueKeySchema } from "@/lib/schemas/agents";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";

export type ApiKeyView = ApiKeyRow;
export type AgentView = AgentRow;

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function listAgents(): Promise<AgentView[]> {
  return loadAgents(await db());
}

export async function createAgent(ctx: RequestContext, input: z.output<typeof createAgentSchema>): Promise<AgentView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    if (await loadAgentByName(tx, input.name)) throw conflict(`An agent named ${input.name} already exists.`);
    const agent = await insertAgent(tx, input);
    await recordAudit(tx, ctx, { action: "agent.create", targetType: "agent", targetId: agent.id, after: input });
    return agent;
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
    const agent = await findAgentById(tx, input.agentId);
    if (!agent) throw notFound("That agent");
    const apiKey = await insertApiKey(tx, { agentId: agent.id, prefix, hash: hashApiKey(key), label: input.label });
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
  return loadAgentByName(await db(), name);
}

export async function revokeApiKey(ctx: RequestContext, prefix: string): Promise<ApiKeyView> {
  const prisma = await db();
  const revoked = await prisma.$transaction(async (tx) => {
    const apiKey = await findApiKeyByPrefix(tx, prefix);
    if (!apiKey) throw notFound(`The key ${prefix}`);
    if (apiKey.revokedAt) throw conflict(`The key ${prefix} was already revoked on ${apiKey.revokedAt.toISOString()}.`);
    const revoked = await revokeApiKeyRow(tx, apiKey.id, new Date());
    await recordAudit(tx, ctx, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: apiKey.id,
      before: { agent: apiKey.agent.name, prefix, revoked: false },
      after: { agent: apiKey.agent.name, prefix, revoked: true },
    });
    return revoked;
  });
  // At once in this process; other processes within a second.
  owners.clear();
  return revoked;
}

export interface AuthenticatedAgent {
  agentId: string;
  agentName: string;
  keyId: string;
  prefix: string;
}

/** Only refresh last-used once a minute: a write per request would halve ingestion. */
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * Key owners are remembered for a second: /remedy answers thousands of
 * requests a second without reading the database, and a key revoked by
 * another process sharing the database stops working within that second
 * (one revoked here stops at once: revoking clears the map). The embedded
 * database has no other process, so there an owner is remembered for a
 * minute: a lookup per key and second would be a query on the thread that
 * answers the agents.
 */
const OWNER_CACHE_MS = 1_000;
const OWNER_CACHE_EMBEDDED_MS = 60_000;
interface OwnerEntry {
  at: number;
  /** How long the entry holds, set by the database that answered. */
  ttl: number;
  owner: Promise<KeyOwner | null>;
  /** Set once the lookup has answered, so that the hot path can read it without a promise. */
  settled?: KeyOwner | null;
}
const owners = processSingleton("agents:key-owners", () => new Map<string, OwnerEntry>());

/**
 * The hashes of the keys seen lately, so that the hot path hashes a key once rather than per
 * request (SHA-256 was a tenth of what answering /route cost). Bounded like `owners`; the keys
 * held here are in this process's memory for their requests anyway.
 */
const hashes = processSingleton("agents:key-hashes", () => new Map<string, string>());

function recentHash(key: string): string {
  let hash = hashes.get(key);
  if (hash === undefined) {
    if (hashes.size >= 10_000) hashes.clear();
    hash = hashApiKey(key);
    hashes.set(key, hash);
  }
  return hash;
}

function keyOwner(hash: string, now: number): Promise<KeyOwner | null> {
  const hit = owners.get(hash);
  if (hit && now - hit.at < hit.ttl) return hit.owner;
  // Bounded: unknown keys sent in a flood must not grow the map without end.
  if (owners.size > 10_000) owners.clear();
  const owner = getDatabase().then((database) => {
    if (database.kind === "pglite") entry.ttl = OWNER_CACHE_EMBEDDED_MS;
    return database.withConnection((conn) => findKeyOwner(conn, hash));
  });
  const entry: OwnerEntry = { at: now, ttl: OWNER_CACHE_MS, owner };
  owners.set(hash, entry);
  owner.then((value) => {
    entry.settled = value;
  }, () => owners.delete(hash));
  return owner;
}

/**
 * The agent of a valid key whose owner is remembered and needs no last-used write, at once
 * (no promise, no database); null in every other case, where `authenticateApiKey` decides.
 */
export function rememberedAgentOfKey(key: string, now = Date.now()): AuthenticatedAgent | null {
  if (!parseApiKey(key).ok) return null;
  const hit = owners.get(recentHash(key));
  const owner = hit?.settled;
  if (!hit || !owner || now - hit.at >= hit.ttl) return null;
  if (owner.revokedAt || owner.agentDisabledAt) return null;
  if (!owner.lastUsedAt || now - owner.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) return null;
  return { agentId: owner.agentId, agentName: owner.agentName, keyId: owner.keyId, prefix: owner.prefix };
}

export async function authenticateApiKey(key: string): Promise<AuthenticatedAgent> {
  const parsed = parseApiKey(key);
  if (!parsed.ok) throw new UserError(parsed.reason, 401);
  const now = Date.now();
  const owner = await keyOwner(recentHash(key), now);
  if (!owner) throw new UserError(`Unknown API key ${parsed.prefix}. Ask an admin for a key on the Agents page.`, 401);
  if (owner.revokedAt) throw new UserError(`The API key ${owner.prefix} was revoked on ${owner.revokedAt.toISOString()}.`, 401);
  if (owner.agentDisabledAt) throw new UserError(`The agent ${owner.agentName} is disabled.`, 401);
  if (!owner.lastUsedAt || now - owner.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    owner.lastUsedAt = new Date(now);
    const database = await getDatabase();
    await database.withConnection((conn) => touchApiKey(conn, owner.keyId, new Date(now)));
  }
  return { agentId: owner.agentId, agentName: owner.agentName, keyId: owner.keyId, prefix: owner.prefix };
}
