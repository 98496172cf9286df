import type { Role } from "@/lib/domain/roles";
import type { Prisma, PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

export interface AccessTokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenColumns = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export function listUserTokens(prisma: PrismaClient, userId: string): Promise<AccessTokenRow[]> {
  return prisma.accessToken.findMany({ where: { userId }, select: tokenColumns, orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }] });
}

export function insertAccessToken(tx: Tx, row: { userId: string; name: string; prefix: string; hash: string }): Promise<AccessTokenRow> {
  return tx.accessToken.create({ data: row, select: tokenColumns });
}

export function findUserToken(tx: Tx, userId: string, id: string) {
  return tx.accessToken.findFirst({ where: { id, userId }, select: tokenColumns });
}

export function revokeAccessTokenRow(tx: Tx, id: string, at: Date): Promise<AccessTokenRow> {
  return tx.accessToken.update({ where: { id }, data: { revokedAt: at }, select: tokenColumns });
}

export interface TokenOwner {
  tokenId: string;
  prefix: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  user: { id: string; email: string; role: Role; disabledAt: Date | null };
}

export async function findTokenOwner(prisma: PrismaClient, hash: string): Promise<TokenOwner | null> {
  const row = await prisma.accessToken.findUnique({
    where: { hash },
    select: { id: true, prefix: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, role: true, disabledAt: true } } },
  });
  return row ? { tokenId: row.id, prefix: row.prefix, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt, user: row.user } : null;
}

export async function touchAccessToken(prisma: PrismaClient, id: string, at: Date): Promise<void> {
  await prisma.accessToken.update({ where: { id }, data: { lastUsedAt: at } });
}
