import type { Role } from "@/lib/domain/roles";
import type { Prisma, PrismaClient } from "./generated/client";
import { sql } from "./sql";

type Tx = Prisma.TransactionClient;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

/** What signing in and the session guard need; the password hash never leaves lib/server/auth and users. */
export interface UserCredentials extends UserRow {
  passwordHash: string | null;
  sessionVersion: number;
  /** A one-time password from an admin is in force: the user must choose their own. */
  mustChangePassword: boolean;
}

const userColumns = { id: true, email: true, name: true, role: true, disabledAt: true, lastSignInAt: true, createdAt: true } as const;
const credentialColumns = { ...userColumns, passwordHash: true, sessionVersion: true, mustChangePassword: true } as const;

export function listUsers(prisma: PrismaClient): Promise<UserRow[]> {
  return prisma.user.findMany({ select: userColumns, orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }] });
}

export function findUserByEmail(client: PrismaClient | Tx, email: string): Promise<UserCredentials | null> {
  return client.user.findUnique({ where: { email }, select: credentialColumns });
}

export function findUserById(client: PrismaClient | Tx, id: string): Promise<UserCredentials | null> {
  return client.user.findUnique({ where: { id }, select: credentialColumns });
}

export function countUsers(client: PrismaClient | Tx): Promise<number> {
  return client.user.count();
}

/**
 * Locks the active admins' rows until the transaction ends and returns their ids. Two
 * transactions that each demote or disable an admin then run one after the other: under
 * READ COMMITTED the second, once the first commits, re-reads the locked rows and no longer
 * sees the admin the first one changed. A count without the lock let both see two admins
 * and leave none.
 */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(sql`
    SELECT id::text FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL ORDER BY id FOR UPDATE`);
  return rows.map((row) => row.id);
}

export function insertUser(tx: Tx, user: { email: string; name: string; role: Role; passwordHash: string; mustChangePassword?: boolean }): Promise<UserRow> {
  return tx.user.create({ data: user, select: userColumns });
}

export function setUserRole(tx: Tx, id: string, role: Role): Promise<UserRow> {
  return tx.user.update({ where: { id }, data: { role }, select: userColumns });
}

/** Disabling or enabling bumps the session version: the user is signed out everywhere. */
export function setUserDisabledAt(tx: Tx, id: string, disabledAt: Date | null): Promise<UserRow> {
  return tx.user.update({ where: { id }, data: { disabledAt, sessionVersion: { increment: 1 } }, select: userColumns });
}

/**
 * A new password; `signOutEverywhere` ends the user's other sessions. `oneTime` true marks a
 * password an admin issued, which its owner must change at their next sign-in; false, one its
 * owner chose; left out (a rehash of the same password), the mark stays as it was.
 */
export async function setPasswordHash(tx: Tx, id: string, passwordHash: string, { signOutEverywhere, oneTime }: { signOutEverywhere: boolean; oneTime?: boolean }): Promise<void> {
  await tx.user.update({
    where: { id },
    data: { passwordHash, ...(oneTime === undefined ? {} : { mustChangePassword: oneTime }), ...(signOutEverywhere ? { sessionVersion: { increment: 1 } } : {}) },
  });
}

export async function recordSignIn(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.user.update({ where: { id }, data: { lastSignInAt: at } });
}
