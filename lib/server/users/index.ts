import type { z } from "zod";
import { db } from "@/lib/db/client";
import {
  countActiveAdmins,
  countUsers,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers as loadUsers,
  recordSignIn,
  setPasswordHash,
  setUserDisabledAt,
  setUserRole,
  type UserRow,
} from "@/lib/db/users";
import type { Role } from "@/lib/domain/roles";
import type { changePasswordSchema, changeRoleSchema, inviteUserSchema, setDisabledSchema } from "@/lib/schemas/users";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound, UserError } from "@/lib/server/errors";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/server/auth/passwords";

export type UserView = UserRow;

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
  const passwordHash = await hashPassword(temporaryPassword);
  return prisma.$transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict(`${input.email} already has an account.`);
    const user = await insertUser(tx, { ...input, passwordHash });
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
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound("That user");
    if (user.role === input.role) return pick(user);
    if (user.role === "ADMIN" && !user.disabledAt && (await countActiveAdmins(tx)) <= 1) {
      throw conflict("This is the last active admin. Make someone else an admin first.");
    }
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
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound("That user");
    if (input.disabled === Boolean(user.disabledAt)) return pick(user);
    if (input.disabled && ctx.actor.type === "USER" && ctx.actor.id === user.id) {
      throw conflict("You cannot disable your own account.");
    }
    if (input.disabled && user.role === "ADMIN" && (await countActiveAdmins(tx)) <= 1) {
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

export async function resetUserPassword(ctx: RequestContext, userId: string): Promise<{ email: string; temporaryPassword: string }> {
  const prisma = await db();
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return prisma.$transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound("That user");
    await setPasswordHash(tx, userId, passwordHash, true);
    await recordAudit(tx, ctx, { action: "user.reset_password", targetType: "user", targetId: userId, after: { email: user.email } });
    return { email: user.email, temporaryPassword };
  });
}

export async function changeOwnPassword(ctx: RequestContext, input: z.output<typeof changePasswordSchema>): Promise<void> {
  if (ctx.actor.type !== "USER") throw new UserError("Only people have passwords.", 403);
  const prisma = await db();
  const userId = ctx.actor.id;
  const user = await findUserById(prisma, userId);
  if (!user?.passwordHash || !(await verifyPassword(input.current, user.passwordHash))) {
    throw invalid("Your current password is not correct.", { current: "Your current password is not correct." });
  }
  const passwordHash = await hashPassword(input.next);
  await prisma.$transaction(async (tx) => {
    await setPasswordHash(tx, userId, passwordHash, false);
    await recordAudit(tx, ctx, { action: "user.change_password", targetType: "user", targetId: userId });
  });
}

export type CredentialCheck =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "disabled" };

/** Checks a sign-in; records it either way, since sign-ins are what an audit is read for. */
export async function verifyCredentials(email: string, password: string, requestId?: string): Promise<CredentialCheck> {
  const prisma = await db();
  const user = await findUserByEmail(prisma, email);
  const matches = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
  const outcome: CredentialCheck = !user || !matches ? { ok: false, reason: "invalid" }
    : user.disabledAt ? { ok: false, reason: "disabled" }
    : { ok: true, user: pickSession(user) };
  await prisma.$transaction(async (tx) => {
    if (outcome.ok) await recordSignIn(tx, outcome.user.id, new Date());
    await recordAudit(
      tx,
      user ? { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId } : { actor: { type: "SYSTEM", label: "anonymous" }, requestId },
      {
        action: outcome.ok ? "user.sign_in" : "user.sign_in_failed",
        targetType: "user",
        targetId: user?.id ?? null,
        after: outcome.ok ? { method: "password" } : { method: "password", email, reason: outcome.reason },
      },
    );
  });
  return outcome;
}

/** OIDC sign-in: only people an admin invited get in; the provider proves the email. */
export async function signInWithOidc(email: string, requestId?: string): Promise<CredentialCheck> {
  const prisma = await db();
  const user = await findUserByEmail(prisma, email.toLowerCase());
  if (!user) return { ok: false, reason: "invalid" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  await prisma.$transaction(async (tx) => {
    await recordSignIn(tx, user.id, new Date());
    await recordAudit(tx, { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId }, {
      action: "user.sign_in",
      targetType: "user",
      targetId: user.id,
      after: { method: "oidc" },
    });
  });
  return { ok: true, user: pickSession(user) };
}

/** The signed-in user as the guard sees them; null once disabled or signed out everywhere. */
export async function loadSessionUser(id: string, sessionVersion: number) {
  const user = await findUserById(await db(), id);
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return pickSession(user);
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
  const passwordHash = await hashPassword(chosen);
  return prisma.$transaction(async (tx) => {
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
}

/** Scripting: creates a user with a known or generated password. */
export async function createUser(
  ctx: RequestContext,
  input: { email: string; name?: string; role: Role; password?: string },
): Promise<{ user: UserView; password: string; generated: boolean }> {
  const prisma = await db();
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict(`${input.email} already has an account.`);
    const user = await insertUser(tx, { email: input.email, name: input.name ?? "", role: input.role, passwordHash });
    await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: user.id, after: { email: user.email, role: user.role } });
    return { user, password, generated: !input.password };
  });
}

function pick(user: UserView): UserView {
  const { id, email, name, role, disabledAt, lastSignInAt, createdAt } = user;
  return { id, email, name, role, disabledAt, lastSignInAt, createdAt };
}

function pickSession(user: { id: string; email: string; name: string; role: Role; sessionVersion: number }) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/** OIDC: the account an invited email signs in to. */
export async function findUserForSession(email: string): Promise<{ id: string; sessionVersion: number } | null> {
  const user = await findUserByEmail(await db(), email.toLowerCase());
  return user ? { id: user.id, sessionVersion: user.sessionVersion } : null;
}
