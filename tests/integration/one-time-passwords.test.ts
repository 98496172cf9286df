import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import {
  changeOwnPassword,
  endedSessionReason,
  endSession,
  ensureFirstAdmin,
  inviteUser,
  loadSessionUser,
  resetUserPassword,
  setUserDisabled,
  verifyCredentials,
} from "@/lib/server/users";
import { BACKENDS, openTestDatabase } from "../helpers/db";

async function signIn(email: string, password: string) {
  const check = await verifyCredentials(email, password);
  if (!check.ok) throw new Error(`${email} cannot sign in: ${check.reason}`);
  return check.user;
}

describe.each(BACKENDS)("one-time passwords and ended sessions on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let admin: RequestContext;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await ensureFirstAdmin("admin@remedy.local", "correct horse battery");
    const me = await signIn("admin@remedy.local", "correct horse battery");
    admin = { actor: { type: "USER", id: me.id, email: me.email, role: "ADMIN" } };
  });
  afterAll(() => close());

  it("an invitation's password must be changed; the user's own choice clears that, and a reset sets it again", async () => {
    const { user, temporaryPassword } = await inviteUser(admin, { email: "olga@example.com", name: "", role: "OPERATOR" });
    const session = await signIn("olga@example.com", temporaryPassword);
    expect(await loadSessionUser(session.sessionId, user.id, session.sessionVersion)).toMatchObject({ mustChangePassword: true });

    const ctx: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "OPERATOR" } };
    await expect(changeOwnPassword(ctx, { current: temporaryPassword, next: temporaryPassword, confirm: temporaryPassword }, session.sessionId))
      .rejects.toThrow(/Choose a new password/);
    expect(await loadSessionUser(session.sessionId, user.id, session.sessionVersion)).toMatchObject({ mustChangePassword: true });

    await changeOwnPassword(ctx, { current: temporaryPassword, next: "harbour lights at dusk", confirm: "harbour lights at dusk" }, session.sessionId);
    expect(await loadSessionUser(session.sessionId, user.id, session.sessionVersion)).toMatchObject({ mustChangePassword: false });
    // Signing in again (which may rehash the password) keeps it cleared.
    const own = await signIn("olga@example.com", "harbour lights at dusk");
    expect(await loadSessionUser(own.sessionId, user.id, own.sessionVersion)).toMatchObject({ mustChangePassword: false });

    const { temporaryPassword: reset } = await resetUserPassword(admin, user.id);
    const afterReset = await signIn("olga@example.com", reset);
    expect(await loadSessionUser(afterReset.sessionId, user.id, afterReset.sessionVersion)).toMatchObject({ mustChangePassword: true });
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(true);
  });

  it("the first admin's own password needs no change", async () => {
    if (admin.actor.type !== "USER") throw new Error("admin context");
    const session = await signIn("admin@remedy.local", "correct horse battery");
    expect(await loadSessionUser(session.sessionId, admin.actor.id, session.sessionVersion)).toMatchObject({ mustChangePassword: false });
  });

  it("says why a session no longer works: disabled, or expired and ended", async () => {
    const { user, temporaryPassword } = await inviteUser(admin, { email: "dora@example.com", name: "", role: "REVIEWER" });
    const first = await signIn("dora@example.com", temporaryPassword);
    const second = await signIn("dora@example.com", temporaryPassword);
    await endSession(first.sessionId);
    expect(await loadSessionUser(first.sessionId, user.id, first.sessionVersion)).toBeNull();
    expect(await endedSessionReason(first.sessionId)).toBe("expired");

    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect(await loadSessionUser(second.sessionId, user.id, second.sessionVersion)).toBeNull();
    expect(await endedSessionReason(second.sessionId)).toBe("disabled");
    expect(await endedSessionReason(undefined)).toBe("expired");
    expect(await endedSessionReason("00000000-0000-4000-8000-000000000000")).toBe("expired");
  });
});
