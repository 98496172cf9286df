import { createHash } from "node:crypto";
import { loadConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { deleteEndedSessions, findSession, insertSession, revokeSession } from "@/lib/db/sessions";
import { deleteStaleThrottles, deleteThrottle, lockThrottles, readThrottles, saveThrottle } from "@/lib/db/sign-in-throttles";
import { findUserByEmail, recordSignIn, setPasswordHash, type UserCredentials } from "@/lib/db/users";
import type { Role } from "@/lib/domain/roles";
import {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  combineVerdicts,
  countAttempt,
  forgiveAttempt,
  lockIfDue,
  throttleVerdict,
  type ThrottlePolicy,
  type ThrottleVerdict,
} from "@/lib/domain/sign-in-throttle";
import { recordAudit } from "@/lib/server/audit";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/server/auth/passwords";
import { logger } from "@/lib/server/logger";

type Tx = Prisma.TransactionClient;

export interface SessionStart {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
  /** The server-side session the cookie names; signing out or a password change ends it. */
  sessionId: string;
}

export type CredentialCheck =
  | { ok: true; user: SessionStart }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

/** Where a sign-in attempt comes from: the client address lets one machine be throttled across accounts. */
export interface SignInAttempt {
  requestId?: string;
  address?: string;
}

interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
  kind: "account" | "address";
}

/** The account's key is a hash of the email: the table then holds no email an attacker tried. */
function throttleKeys(email: string, address: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `account:${createHash("sha256").update(email).digest("hex")}`, policy: ACCOUNT_THROTTLE, kind: "account" }];
  if (address) keys.push({ key: `address:${address}`, policy: ADDRESS_THROTTLE, kind: "address" });
  return keys;
}

/**
 * Checks a password sign-in. Unknown emails are throttled and answered exactly like known
 * ones, after the same hashing work, so neither the answer nor its timing says whether an
 * account exists. Attempts are audited when they lock an account or an address, not one by
 * one: the audit stays bounded, and readers (every role) see no email anyone tried.
 */
export async function verifyCredentials(email: string, password: string, attempt: SignInAttempt = {}): Promise<CredentialCheck> {
  const prisma = await db();
  const keys = throttleKeys(email, attempt.address);
  const verdict = await reserveAttempt(keys);
  if (!verdict.allowed) return { ok: false, reason: "throttled", retryAfterMs: verdict.retryAfterMs };

  const user = await findUserByEmail(prisma, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !matches) {
    await recordFailure(keys, user, attempt);
    return { ok: false, reason: "invalid" };
  }
  // The right password, from an older hash or cost: replaced now, while it is known.
  const upgradedHash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  return prisma.$transaction(async (tx) => {
    await settleRightPassword(tx, keys);
    if (user.disabledAt) return { ok: false, reason: "disabled" } as const;
    if (upgradedHash) await setPasswordHash(tx, user.id, upgradedHash, { signOutEverywhere: false });
    const started = await startSession(tx, user, { method: "password", ...(upgradedHash ? { upgradedHash: true } : {}) }, attempt.requestId);
    return { ok: true, user: started } as const;
  });
}

/**
 * The current password asked again (to change it): held to the same per-account budget as the
 * sign-in page, so that someone holding a stolen session cannot guess it faster there. A wrong
 * guess counts against the account and locks it like failed sign-ins do.
 */
export async function verifyCurrentPassword(user: UserCredentials, password: string, requestId?: string): Promise<{ ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterMs: number }> {
  const keys = throttleKeys(user.email, undefined);
  const verdict = await reserveAttempt(keys);
  if (!verdict.allowed) return { ok: false, reason: "throttled", retryAfterMs: verdict.retryAfterMs };
  if (!(await verifyPassword(password, user.passwordHash ?? null))) {
    await recordFailure(keys, user, { requestId });
    return { ok: false, reason: "invalid" };
  }
  const prisma = await db();
  await prisma.$transaction((tx) => settleRightPassword(tx, keys));
  return { ok: true };
}

/**
 * Counts the attempt before the password is checked, so that attempts sent at once are held
 * to the same budget as attempts sent one after the other; refused outright, with no hashing,
 * while the account or the address must wait.
 */
async function reserveAttempt(keys: ThrottleKey[]): Promise<ThrottleVerdict> {
  const prisma = await db();
  const now = new Date();
  // Most attempts find nothing to wait for; only they take the row locks.
  const seen = await readThrottles(prisma, keys.map(({ key }) => key));
  const quick = combineVerdicts(keys.map(({ key, policy }) => throttleVerdict(seen.get(key) ?? null, now, policy)));
  if (!quick.allowed) return quick;
  return prisma.$transaction(async (tx) => {
    const states = await lockThrottles(tx, keys.map(({ key }) => key), now);
    const verdict = combineVerdicts(keys.map(({ key, policy }) => throttleVerdict(states.get(key) ?? null, now, policy)));
    if (!verdict.allowed) return verdict;
    for (const { key, policy } of keys) await saveThrottle(tx, key, countAttempt(states.get(key) ?? null, now, policy));
    return verdict;
  });
}

/** The right password: the account starts afresh, and the address is not charged for it. */
async function settleRightPassword(tx: Tx, keys: ThrottleKey[]): Promise<void> {
  const now = new Date();
  const states = await lockThrottles(tx, keys.map(({ key }) => key), now);
  for (const { key, policy, kind } of keys) {
    if (kind === "account") await deleteThrottle(tx, key);
    else await saveThrottle(tx, key, forgiveAttempt(states.get(key) ?? null, now, policy));
  }
}

/** A wrong password: locks the account or address that reached the limit, with one audit event for that lockout. */
async function recordFailure(keys: ThrottleKey[], user: UserCredentials | null, attempt: SignInAttempt): Promise<void> {
  const prisma = await db();
  const now = new Date();
  const locked = await prisma.$transaction(async (tx) => {
    const states = await lockThrottles(tx, keys.map(({ key }) => key), now);
    const lockedNow: Array<{ kind: ThrottleKey["kind"]; until: Date }> = [];
    for (const { key, policy, kind } of keys) {
      const result = lockIfDue(states.get(key) ?? null, now, policy);
      if (!result.lockedNow) continue;
      await saveThrottle(tx, key, result.state);
      lockedNow.push({ kind, until: result.state.lockedUntil! });
    }
    const forgetAfterMs = Math.max(...keys.map(({ policy }) => policy.forgetAfterMs));
    await deleteStaleThrottles(tx, new Date(now.getTime() - forgetAfterMs), now);
    // An unknown email's lockout protects no account, and its audit would publish what was tried.
    const audited = lockedNow.filter(({ kind }) => kind === "address" || user);
    if (audited.length > 0) {
      const accountLocked = audited.some(({ kind }) => kind === "account");
      await recordAudit(tx, { actor: { type: "SYSTEM", label: "sign-in throttle" }, requestId: attempt.requestId }, {
        action: "user.sign_in_locked",
        targetType: accountLocked ? "user" : "client_address",
        targetId: accountLocked ? user!.id : (attempt.address ?? null),
        after: {
          ...(accountLocked ? { email: user!.email } : {}),
          address: attempt.address ?? null,
          locked: audited.map(({ kind }) => kind),
          until: new Date(Math.max(...audited.map(({ until }) => until.getTime()))).toISOString(),
        },
      });
    }
    return lockedNow;
  });
  logger().warn(
    { requestId: attempt.requestId, address: attempt.address, account: user ? user.id : "unknown", locked: locked.map(({ kind }) => kind) },
    "password sign-in refused",
  );
}

/** A new server-side session with the sign-in's audit event; ended sessions of the user are cleared out. */
async function startSession(tx: Tx, user: { id: string; email: string; name: string; role: Role; sessionVersion: number }, how: Record<string, unknown>, requestId?: string): Promise<SessionStart> {
  const now = new Date();
  const hours = loadConfig().REMEDY_SESSION_HOURS;
  await deleteEndedSessions(tx, user.id, now);
  const session = await insertSession(tx, user.id, new Date(now.getTime() + hours * 3_600_000));
  await recordSignIn(tx, user.id, now);
  await recordAudit(tx, { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId }, {
    action: "user.sign_in",
    targetType: "user",
    targetId: user.id,
    after: how,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, sessionId: session.id };
}

/** OIDC sign-in: only people an admin invited get in; the provider proves the email. */
export async function signInWithOidc(email: string, requestId?: string): Promise<CredentialCheck> {
  const prisma = await db();
  const user = await findUserByEmail(prisma, email.toLowerCase());
  if (!user) return { ok: false, reason: "invalid" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  const started = await prisma.$transaction((tx) => startSession(tx, user, { method: "oidc" }, requestId));
  return { ok: true, user: started };
}

/** Whether an OIDC email may sign in, without signing it in: next-auth asks before it issues the session. */
export async function oidcAccountStatus(email: string): Promise<"ok" | "invalid" | "disabled"> {
  const user = await findUserByEmail(await db(), email.toLowerCase());
  return !user ? "invalid" : user.disabledAt ? "disabled" : "ok";
}

/**
 * The signed-in user as the guard sees them: null once the session was ended (signed out,
 * password changed elsewhere), it expired, or the user was disabled or signed out everywhere.
 */
export async function loadSessionUser(sessionId: string, userId: string, sessionVersion: number) {
  const session = await findSession(await db(), sessionId);
  if (!session || session.revokedAt || session.expiresAt <= new Date()) return null;
  const { user } = session;
  if (user.id !== userId || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, mustChangePassword: user.mustChangePassword };
}

/**
 * Why a session cookie no longer signs anyone in, for the sign-in page's message: the account
 * was disabled, or the session expired or was ended (signed out, password changed elsewhere).
 */
export async function endedSessionReason(sessionId: string | undefined): Promise<"disabled" | "expired"> {
  const session = sessionId ? await findSession(await db(), sessionId) : null;
  return session?.user.disabledAt ? "disabled" : "expired";
}

/** Signing out ends the session on the server: its cookie, replayed, no longer works. */
export async function endSession(sessionId: string, requestId?: string): Promise<void> {
  const prisma = await db();
  const session = await findSession(prisma, sessionId);
  if (!session) return;
  const { user } = session;
  await prisma.$transaction(async (tx) => {
    if ((await revokeSession(tx, sessionId, new Date())) === 0) return;
    await recordAudit(tx, { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId }, {
      action: "user.sign_out",
      targetType: "user",
      targetId: user.id,
    });
  });
}
