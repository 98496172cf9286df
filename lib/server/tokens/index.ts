import { createHash, randomBytes } from "node:crypto";
import { findTokenOwner, findUserToken, insertAccessToken, listUserTokens, revokeAccessTokenRow, touchAccessToken, type AccessTokenRow } from "@/lib/db/access-tokens";
import { db } from "@/lib/db/client";
import { generateAccessToken, parseAccessToken } from "@/lib/domain/api-key";
import type { Role } from "@/lib/domain/roles";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound, UserError } from "@/lib/server/errors";

/**
 * Personal access tokens: what operators click, scripted by release
 * pipelines over /api/v1/ops. A token carries its user's role and audit
 * trail; it is shown once and only its hash is stored.
 */

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function userOf(ctx: RequestContext) {
  if (ctx.actor.type !== "USER") throw new UserError("Only people hold access tokens.", 403);
  return ctx.actor;
}

export async function listAccessTokens(ctx: RequestContext): Promise<AccessTokenRow[]> {
  return listUserTokens(await db(), userOf(ctx).id);
}

/** Creates a token for the caller (or, from the CLI, for the user it names); the caller shows `token` once. */
export async function createAccessToken(ctx: RequestContext, input: { name: string; userId?: string }): Promise<{ token: string; row: AccessTokenRow }> {
  const userId = input.userId ?? userOf(ctx).id;
  const { key: token, prefix } = generateAccessToken(randomBytes);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, disabledAt: true } });
    if (!user) throw notFound("That user");
    if (user.disabledAt) throw conflict(`${user.email} is disabled; enable the account before issuing a token.`);
    const row = await insertAccessToken(tx, { userId: user.id, name: input.name, prefix, hash: hashToken(token) });
    await recordAudit(tx, ctx, { action: "access_token.create", targetType: "access_token", targetId: row.id, after: { user: user.email, name: input.name, prefix } });
    return { token, row };
  });
}

export async function revokeAccessToken(ctx: RequestContext, tokenId: string): Promise<AccessTokenRow> {
  const user = userOf(ctx);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const token = await findUserToken(tx, user.id, tokenId);
    if (!token) throw notFound("That token");
    if (token.revokedAt) throw conflict(`The token ${token.prefix} was already revoked.`);
    const revoked = await revokeAccessTokenRow(tx, token.id, new Date());
    await recordAudit(tx, ctx, { action: "access_token.revoke", targetType: "access_token", targetId: token.id, before: { revoked: false }, after: { revoked: true, prefix: token.prefix } });
    return revoked;
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The user behind a token, with their current role: a role change applies to their tokens at once. */
export async function authenticateAccessToken(token: string): Promise<{ id: string; email: string; role: Role }> {
  const parsed = parseAccessToken(token);
  if (!parsed.ok) throw new UserError(parsed.reason, 401);
  const prisma = await db();
  const owner = await findTokenOwner(prisma, hashToken(token));
  if (!owner) throw new UserError(`Unknown access token ${parsed.prefix}. Create one on the Account page.`, 401);
  if (owner.revokedAt) throw new UserError(`The access token ${owner.prefix} was revoked on ${owner.revokedAt.toISOString()}.`, 401);
  if (owner.user.disabledAt) throw new UserError(`The account ${owner.user.email} is disabled.`, 401);
  const now = Date.now();
  if (!owner.lastUsedAt || now - owner.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) await touchAccessToken(prisma, owner.tokenId, new Date(now));
  return { id: owner.user.id, email: owner.user.email, role: owner.user.role };
}
