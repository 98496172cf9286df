import type { z } from "zod";
import { db } from "@/lib/db/client";
import {
  countUsers,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers as loadUsers,
  lockActiveAdmins,
  setPasswordHash,
  setUserDisabledAt,
  setUserRole,
  type UserRow,
} from "@/lib/db/users";
import { revokeUserSessions } from "@/lib/db/sessions";
import { passwordProblem } from "@/lib/domain/passwords/policy";
import type { Role } from "@/lib/domain/roles";
import type { changePasswordSchema, changeRoleSchema, inviteUserSchema, setDisabledSchema } from "@/lib/schemas/users";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound, UserError } from "@/lib/server/errors";
import { generatePassword, hashPassword } from "@/lib/server/auth/passwords";
import { tooManyAttemptsMessage } from "@/lib/domain/sign-in-throttle";
import { verifyCurrentPassword } from "./sign-in";

export type UserView = UserRow;
export { endedSessionReason, endSession, loadSessionUser, oidcAccountStatus, signInWithOidc, verifyCredentials } from "./sign-in";
export type { CredentialCheck, SessionStart, SignInAttempt } from "./sign-in";

/**
 * The hash of a new password that passed the password policy; otherwise a form error on
 * `field`. Every way a password is set goes through here, generated ones included.
 */
async function acceptedPasswordHash(password: string, email: string, field = "password"): Promise<string> {
  const problem = passwordProblem(password, email);
  if (problem) throw invalid(problem, { [field]: problem });
  return hashPassword(password);
}

/** REMEDY_ADMIN_PASSWORD fails the password policy: the first start stops and says why. */
export class WeakAdminPasswordError extends Error {
  override name = "WeakAdminPasswordError";
}

export async function listUsers(): Promise<UserView[]> {
  return loadUsers(await db());
}

/** Creates an account with a one-time password the admin hands over. */
export async function inviteUser(
  ctx: RequestContext,
  input: z.output<typeof inviteUserSchema>,
): Promise<{ user: UserView; temporaryPassword: string }> {
  const prisma = await db();
  const temporaryPassword = generatePassword();
  const passwordHash = await acceptedPasswordHash(temporaryPassword, input.email);
  return prisma.$transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict(`${input.email} already has an account.`);
    const user = await insertUser(tx, { ...input, passwordHash, mustChangePassword: true });
    await recordAudit(tx, ctx, {
      action: "user.invite",
      targetType: "user",
      targetId: user.id,
      after: { email: user.email, name: user.name, role: user.role },
    });
    return { user, temporaryPassword };
  });
}

export async function changeUserRole(ctx: RequestContext, input: z.output<typeof changeRoleSchema>): Promise<UserView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound("That user");
    if (user.role === input.role) return pick(user);
    if (isLastActiveAdmin(user.id, admins)) throw conflict("This is the last active admin. Make someone else an admin first.");
    const updated = await setUserRole(tx, user.id, input.role);
    await recordAudit(tx, ctx, {
      action: "user.change_role",
      targetType: "user",
      targetId: user.id,
      before: { email: user.email, role: user.role },
      after: { email: user.email, role: updated.role },
    });
    return updated;
  });
}

export async function setUserDisabled(ctx: RequestContext, input: z.output<typeof setDisabledSchema>): Promise<UserView> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound("That user");
    if (input.disabled === Boolean(user.disabledAt)) return pick(user);
    if (input.disabled && ctx.actor.type === "USER" && ctx.actor.id === user.id) {
      throw conflict("You cannot disable your own account.");
    }
    if (input.disabled && isLastActiveAdmin(user.id, admins)) {
      throw conflict("This is the last active admin. Make someone else an admin first.");
    }
    const updated = await setUserDisabledAt(tx, user.id, input.disabled ? new Date() : null);
    await recordAudit(tx, ctx, {
      action: input.disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: user.id,
      before: { email: user.email, disabled: Boolean(user.disabledAt) },
      after: { email: user.email, disabled: input.disabled },
    });
    return updated;
  });
}

/** A new one-time password from an admin: every session of the user ends. */
export async function resetUserPassword(ctx: RequestContext, userId: string): Promise<{ email: string; temporaryPassword: string }> {
  const prisma = await db();
  const found = await findUserById(prisma, userId);
  if (!found) throw notFound("That user");
  const temporaryPassword = generatePassword();
  const passwordHash = await acceptedPasswordHash(temporaryPassword, found.email);
  return prisma.$transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound("That user");
    await setPasswordHash(tx, userId, passwordHash, { signOutEverywhere: true, oneTime: true });
    await revokeUserSessions(tx, userId, new Date());
    await recordAudit(tx, ctx, { action: "user.reset_password", targetType: "user", targetId: userId, after: { email: user.email } });
    return { email: user.email, temporaryPassword };
  });
}

/**
 * A new password chosen by its owner: their other sessions end (a session someone else
 * holds is what a password change is usually for); `currentSessionId`, the one making the
 * change, goes on. It replaces a one-time password an admin issued.
 */
export async function changeOwnPassword(ctx: RequestContext, input: z.output<typeof changePasswordSchema>, currentSessionId: string): Promise<{ endedSessions: number }> {
  if (ctx.actor.type !== "USER") throw new UserError("Only people have passwords.", 403);
  const prisma = await db();
  const userId = ctx.actor.id;
  const user = await findUserById(prisma, userId);
  if (!user) throw new UserError("Your account no longer exists.", 404);
  const check = await verifyCurrentPassword(user, input.current, ctx.requestId);
  if (!check.ok && check.reason === "throttled") {
    const message = tooManyAttemptsMessage(check.retryAfterMs);
    throw invalid(message, { current: message });
  }
  if (!check.ok) throw invalid("Your current password is not correct.", { current: "Your current password is not correct." });
  if (input.next === input.current) {
    throw invalid("Choose a new password, not the one you have now.", { next: "Choose a new password, not the one you have now." });
  }
  const passwordHash = await acceptedPasswordHash(input.next, user.email, "next");
  return prisma.$transaction(async (tx) => {
    await setPasswordHash(tx, userId, passwordHash, { signOutEverywhere: false, oneTime: false });
    const endedSessions = await revokeUserSessions(tx, userId, new Date(), currentSessionId);
    await recordAudit(tx, ctx, { action: "user.change_password", targetType: "user", targetId: userId, after: { endedSessions } });
    return { endedSessions };
  });
}

/**
 * On first start, with no user at all, creates the admin: email from
 * REMEDY_ADMIN_EMAIL, password from REMEDY_ADMIN_PASSWORD or generated.
 * Returns the password only when it was generated, to be printed once.
 */
export async function ensureFirstAdmin(email: string, password: string | undefined): Promise<{ email: string; generatedPassword: string | null } | null> {
  const prisma = await db();
  if ((await countUsers(prisma)) > 0) return null;
  const chosen = password ?? generatePassword();
  const problem = passwordProblem(chosen, email);
  if (problem) {
    throw new WeakAdminPasswordError(`REMEDY_ADMIN_PASSWORD is refused for the first admin ${email}: ${problem} Set another one, or unset it and Remedy generates one and prints it once.`);
  }
  const passwordHash = await hashPassword(chosen);
  try {
    return await prisma.$transaction(async (tx) => {
      if ((await countUsers(tx)) > 0) return null;
      const user = await insertUser(tx, { email: email.toLowerCase(), name: "Admin", role: "ADMIN", passwordHash });
      await recordAudit(tx, { actor: { type: "SYSTEM", label: "first start" } }, {
        action: "user.create_first_admin",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email, role: "ADMIN", passwordFrom: password ? "REMEDY_ADMIN_PASSWORD" : "generated" },
      });
      return { email: user.email, generatedPassword: password ? null : chosen };
    });
  } catch (error) {
    // Several instances starting together on one PostgreSQL: one of them creates the admin, the others find it made.
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
}

/** Scripting: creates a user with a known or generated password. */
export async function createUser(
  ctx: RequestContext,
  input: { email: string; name?: string; role: Role; password?: string },
): Promise<{ user: UserView; password: string; generated: boolean }> {
  const prisma = await db();
  const password = input.password ?? generatePassword();
  const passwordHash = await acceptedPasswordHash(password, input.email);
  return prisma.$transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict(`${input.email} already has an account.`);
    const user = await insertUser(tx, { email: input.email, name: input.name ?? "", role: input.role, passwordHash });
    await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: user.id, after: { email: user.email, role: user.role } });
    return { user, password, generated: !input.password };
  });
}

/** Whether taking this user out of the active admins (already locked by the caller) would leave none. */
function isLastActiveAdmin(userId: string, activeAdmins: string[]): boolean {
  return activeAdmins.includes(userId) && activeAdmins.length <= 1;
}

function pick(user: UserView): UserView {
  const { id, email, name, role, disabledAt, lastSignInAt, createdAt } = user;
  return { id, email, name, role, disabledAt, lastSignInAt, createdAt };
}

/** OIDC: the account an invited email signs in to. */
export async function findUserForSession(email: string): Promise<{ id: string; sessionVersion: number } | null> {
  const user = await findUserByEmail(await db(), email.toLowerCase());
  return user ? { id: user.id, sessionVersion: user.sessionVersion } : null;
}
