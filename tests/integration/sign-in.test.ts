import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import { tooManyAttemptsMessage } from "@/lib/domain/sign-in-throttle";
import { systemContext, type RequestContext } from "@/lib/server/actor";
import { listAuditEvents } from "@/lib/server/audit";
import {
  changeOwnPassword,
  createUser,
  endSession,
  ensureFirstAdmin,
  loadSessionUser,
  resetUserPassword,
  verifyCredentials,
  type CredentialCheck,
} from "@/lib/server/users";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const PASSWORD = "a-long-enough-password";
const MINUTE = 60_000;

function signedIn(check: CredentialCheck) {
  if (!check.ok) throw new Error(`sign-in refused: ${check.reason}`);
  return check.user;
}

describe.each(BACKENDS)("sign-in and sessions on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let clock = Date.UTC(2026, 10, 30, 12);
  const advance = (ms: number) => {
    clock += ms;
    vi.setSystemTime(clock);
  };
  const auditOf = async (action: string) => (await listAuditEvents({ action, limit: 100 })).events;
  const person = async (email: string) => (await createUser(systemContext("test"), { email, role: "REVIEWER", password: PASSWORD })).user;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
  });
  afterAll(() => close());
  afterEach(() => {
    vi.useRealTimers();
  });
  const freezeTime = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    advance(60 * MINUTE);
  };

  it("refuses a weak REMEDY_ADMIN_PASSWORD on the first start and creates no admin", async () => {
    await expect(ensureFirstAdmin("admin@remedy.local", "admin-password")).rejects.toThrow(/REMEDY_ADMIN_PASSWORD is refused.*must not contain the name in your email/);
    await expect(ensureFirstAdmin("admin@remedy.local", "qwertyuiop")).rejects.toThrow(/most common/);
    expect(await database.prisma.user.count()).toBe(0);
    expect(await ensureFirstAdmin("admin@remedy.local", "correct horse battery")).toEqual({ email: "admin@remedy.local", generatedPassword: null });
  });

  it("applies the password policy to accounts made with a password", async () => {
    await expect(createUser(systemContext("test"), { email: "weak@example.com", role: "REVIEWER", password: "basketball" })).rejects.toThrow(/most common/);
    await expect(createUser(systemContext("test"), { email: "weak@example.com", role: "REVIEWER", password: "weak@example.com!" })).rejects.toThrow(/your email/);
  });

  it("delays an account after five failures and locks it for 15 minutes at the tenth, audited once", async () => {
    const user = await person("lock@example.com");
    freezeTime();
    for (let attempt = 1; attempt <= 5; attempt++) expect(await verifyCredentials(user.email, "wrong password")).toEqual({ ok: false, reason: "invalid" });
    // The sixth at once must wait; even the right password is not looked at.
    expect(await verifyCredentials(user.email, PASSWORD)).toEqual({ ok: false, reason: "throttled", retryAfterMs: 1_000 });
    for (let attempt = 6; attempt <= 10; attempt++) {
      const check = await verifyCredentials(user.email, "wrong password");
      if (check.ok || check.reason !== "throttled") throw new Error(`attempt ${attempt} was not made to wait: ${JSON.stringify(check)}`);
      advance(check.retryAfterMs);
      expect(await verifyCredentials(user.email, "wrong password")).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await verifyCredentials(user.email, PASSWORD);
    expect(locked).toEqual({ ok: false, reason: "throttled", retryAfterMs: 15 * MINUTE });
    expect(tooManyAttemptsMessage(15 * MINUTE)).toBe("Too many attempts. Try again in 15 minutes.");
    advance(5 * MINUTE);
    expect(await verifyCredentials(user.email, PASSWORD)).toEqual({ ok: false, reason: "throttled", retryAfterMs: 10 * MINUTE });

    const lockouts = (await auditOf("user.sign_in_locked")).filter((event) => event.targetId === user.id);
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0].after).toMatchObject({ email: user.email, locked: ["account"] });

    advance(10 * MINUTE);
    signedIn(await verifyCredentials(user.email, PASSWORD));
  });

  it("clears the account's failures when the right password comes", async () => {
    const user = await person("clear@example.com");
    freezeTime();
    for (let attempt = 0; attempt < 4; attempt++) await verifyCredentials(user.email, "wrong password");
    signedIn(await verifyCredentials(user.email, PASSWORD));
    for (let attempt = 0; attempt < 5; attempt++) expect(await verifyCredentials(user.email, "wrong password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("holds attempts sent at once to the same budget as attempts one after another", async () => {
    const user = await person("burst@example.com");
    freezeTime();
    const answers = await Promise.all(Array.from({ length: 20 }, () => verifyCredentials(user.email, "wrong password")));
    expect(answers.filter((answer) => !answer.ok && answer.reason === "invalid")).toHaveLength(5);
    expect(answers.filter((answer) => !answer.ok && answer.reason === "throttled")).toHaveLength(15);
  });

  it("throttles an unknown email like a known one and keeps the emails tried out of the audit", async () => {
    freezeTime();
    const auditBefore = (await listAuditEvents({ limit: 100 })).events.length;
    const answers: CredentialCheck[] = [];
    for (let attempt = 0; attempt < 6; attempt++) answers.push(await verifyCredentials("ghost@example.com", "guess"));
    expect(answers.slice(0, 5)).toEqual(Array(5).fill({ ok: false, reason: "invalid" }));
    expect(answers[5]).toEqual({ ok: false, reason: "throttled", retryAfterMs: 1_000 });
    const events = (await listAuditEvents({ limit: 100 })).events;
    expect(events.length).toBe(auditBefore);
    expect(JSON.stringify(events)).not.toContain("ghost@example.com");
    expect(JSON.stringify(await database.prisma.signInThrottle.findMany())).not.toContain("ghost");
  });

  it("locks a client address that tries many accounts, audited once without the emails tried", async () => {
    const user = await person("bystander@example.com");
    freezeTime();
    const address = "203.0.113.7";
    let failures = 0;
    while (failures < 50) {
      const check = await verifyCredentials(`nobody-${failures}@example.com`, "guess", { address });
      if (!check.ok && check.reason === "throttled") {
        advance(check.retryAfterMs);
        continue;
      }
      expect(check).toEqual({ ok: false, reason: "invalid" });
      failures++;
    }
    const refused = await verifyCredentials(user.email, PASSWORD, { address });
    expect(refused).toMatchObject({ ok: false, reason: "throttled", retryAfterMs: 15 * MINUTE });
    // The same account from another address is not held up.
    signedIn(await verifyCredentials(user.email, PASSWORD, { address: "198.51.100.1" }));

    const lockouts = (await auditOf("user.sign_in_locked")).filter((event) => event.targetType === "client_address");
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ targetId: address, after: { address, locked: ["address"] } });
    expect(JSON.stringify(lockouts)).not.toContain("nobody-");
  });

  it("spends as long on an unknown email as on a known one", async () => {
    const user = await person("timing@example.com");
    const time = async (email: string) => {
      const started = performance.now();
      await verifyCredentials(email, "wrong password", { address: `192.0.2.${Math.floor(Math.random() * 200)}` });
      return performance.now() - started;
    };
    await time("warm-up@example.com");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 3; round++) {
      known.push(await time(user.email));
      unknown.push(await time(`nobody-timing-${round}@example.com`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    expect(median(unknown)).toBeLessThan(median(known) * 2);
  });

  it("upgrades a bcrypt hash from before to scrypt at the next sign-in", async () => {
    const user = await person("legacy@example.com");
    await database.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await bcrypt.hash("an older password!", 4) } });
    signedIn(await verifyCredentials(user.email, "an older password!"));
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    signedIn(await verifyCredentials(user.email, "an older password!"));
    expect(await verifyCredentials(user.email, "another password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("a password change ends the user's other sessions and keeps the one that made it", async () => {
    const user = await person("change@example.com");
    const here = signedIn(await verifyCredentials(user.email, PASSWORD));
    const elsewhere = signedIn(await verifyCredentials(user.email, PASSWORD));
    const ctx: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "REVIEWER" } };

    await expect(changeOwnPassword(ctx, { current: PASSWORD, next: "change-example-2026", confirm: "change-example-2026" }, here.sessionId))
      .rejects.toMatchObject({ fieldErrors: { next: expect.stringMatching(/name in your email/) } });
    expect(await changeOwnPassword(ctx, { current: PASSWORD, next: "tangerine kettle orbit", confirm: "tangerine kettle orbit" }, here.sessionId))
      .toEqual({ endedSessions: 1 });

    expect(await loadSessionUser(here.sessionId, user.id, here.sessionVersion)).toMatchObject({ id: user.id });
    expect(await loadSessionUser(elsewhere.sessionId, user.id, elsewhere.sessionVersion)).toBeNull();
    expect(await verifyCredentials(user.email, PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    signedIn(await verifyCredentials(user.email, "tangerine kettle orbit"));
  });

  it("holds the current-password check of a password change to the account's sign-in budget", async () => {
    const user = await person("guess-current@example.com");
    const here = signedIn(await verifyCredentials(user.email, PASSWORD));
    const ctx: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "REVIEWER" } };
    const change = (current: string) => changeOwnPassword(ctx, { current, next: "lantern meadow quartz", confirm: "lantern meadow quartz" }, here.sessionId);
    freezeTime();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(change("a wrong guess")).rejects.toMatchObject({ fieldErrors: { current: "Your current password is not correct." } });
    }
    // The sixth guess at once waits, even with the right password, and so does the sign-in page.
    await expect(change(PASSWORD)).rejects.toMatchObject({ fieldErrors: { current: tooManyAttemptsMessage(1_000) } });
    expect(await verifyCredentials(user.email, PASSWORD)).toEqual({ ok: false, reason: "throttled", retryAfterMs: 1_000 });
    advance(1_000);
    expect(await change(PASSWORD)).toEqual({ endedSessions: 0 });
    // The right password started the account afresh.
    await expect(change("another wrong guess")).rejects.toMatchObject({ fieldErrors: { current: "Your current password is not correct." } });
  });

  it("signing out ends the session on the server, and an admin's reset ends them all", async () => {
    const user = await person("signout@example.com");
    const first = signedIn(await verifyCredentials(user.email, PASSWORD));
    const second = signedIn(await verifyCredentials(user.email, PASSWORD));
    await endSession(first.sessionId);
    await endSession(first.sessionId);
    expect(await loadSessionUser(first.sessionId, user.id, first.sessionVersion)).toBeNull();
    expect(await loadSessionUser(second.sessionId, user.id, second.sessionVersion)).not.toBeNull();
    expect((await auditOf("user.sign_out")).filter((event) => event.targetId === user.id)).toHaveLength(1);

    await resetUserPassword(systemContext("test"), user.id);
    expect(await loadSessionUser(second.sessionId, user.id, second.sessionVersion)).toBeNull();
  });

  it("does not accept a session of one user for another", async () => {
    const owner = await person("owner@example.com");
    const other = await person("other@example.com");
    const session = signedIn(await verifyCredentials(owner.email, PASSWORD));
    expect(await loadSessionUser(session.sessionId, other.id, 0)).toBeNull();
  });
});
