import type { Role } from "@/lib/domain/roles";
import type { Prisma, PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

export function insertSession(tx: Tx, userId: string, expiresAt: Date): Promise<{ id: string }> {
  return tx.userSession.create({ data: { userId, expiresAt }, select: { id: true } });
}

export interface SessionOwner {
  revokedAt: Date | null;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: Role; sessionVersion: number; disabledAt: Date | null; mustChangePassword: boolean };
}

/** A session and its user in one query: the guard of every request reads it. */
export async function findSession(prisma: PrismaClient, id: string): Promise<SessionOwner | null> {
  return prisma.userSession.findUnique({
    where: { id },
    select: {
      revokedAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true, mustChangePassword: true } },
    },
  });
}

export async function revokeSession(tx: Tx, id: string, at: Date): Promise<number> {
  const { count } = await tx.userSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return count;
}

/** Ends every session of the user but `keep` (the one changing the password). */
export async function revokeUserSessions(tx: Tx, userId: string, at: Date, keep?: string): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: at },
  });
  return count;
}

/** A user's sessions that can no longer be used: kept only as long as they could matter. */
export async function deleteEndedSessions(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.userSession.deleteMany({ where: { userId, OR: [{ expiresAt: { lt: now } }, { revokedAt: { not: null } }] } });
}
