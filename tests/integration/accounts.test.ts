import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { authenticateApiKey, createAgent, issueApiKey, revokeApiKey } from "@/lib/server/agents";
import { listAuditEvents } from "@/lib/server/audit";
import { getSettings, updateSettings } from "@/lib/server/settings";
import {
  changeUserRole,
  ensureFirstAdmin,
  inviteUser,
  loadSessionUser,
  setUserDisabled,
  verifyCredentials,
} from "@/lib/server/users";
import { BACKENDS, openTestDatabase } from "../helpers/db";

describe.each(BACKENDS)("accounts, agents and settings on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let admin: RequestContext;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    const first = await ensureFirstAdmin("admin@remedy.local", "correct horse battery");
    expect(first).toEqual({ email: "admin@remedy.local", generatedPassword: null });
    const check = await verifyCredentials("admin@remedy.local", "correct horse battery");
    if (!check.ok) throw new Error("first admin cannot sign in");
    admin = { actor: { type: "USER", id: check.user.id, email: check.user.email, role: "ADMIN" } };
  });
  afterAll(() => close());

  it("creates the first admin only once", async () => {
    expect(await ensureFirstAdmin("other@remedy.local", undefined)).toBeNull();
    expect(await database.prisma.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("rejects a wrong password without an audit event per attempt or the email tried", async () => {
    const before = (await listAuditEvents({ limit: 100 })).events.length;
    expect(await verifyCredentials("admin@remedy.local", "wrong password")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials("nobody@remedy.local", "whatever")).toEqual({ ok: false, reason: "invalid" });
    const { events } = await listAuditEvents({ limit: 100 });
    expect(events.length).toBe(before);
    expect(JSON.stringify(events)).not.toContain("nobody@remedy.local");
  });

  it("invites a reviewer with a one-time password that signs in", async () => {
    const { user, temporaryPassword } = await inviteUser(admin, { email: "rita@example.com", name: "Rita", role: "REVIEWER" });
    expect(temporaryPassword).toHaveLength(20);
    const check = await verifyCredentials("rita@example.com", temporaryPassword);
    expect(check).toMatchObject({ ok: true, user: { id: user.id, role: "REVIEWER" } });
    await expect(inviteUser(admin, { email: "rita@example.com", name: "", role: "MANAGER" })).rejects.toThrow(/already has an account/);
    expect(await database.prisma.user.count({ where: { email: "rita@example.com" } })).toBe(1);
  });

  it("disabling signs a user out at once and refuses their next sign-in", async () => {
    const { user, temporaryPassword } = await inviteUser(admin, { email: "dan@example.com", name: "", role: "OPERATOR" });
    const session = await verifyCredentials("dan@example.com", temporaryPassword);
    if (!session.ok) throw new Error("sign-in failed");
    expect(await loadSessionUser(session.user.sessionId, user.id, session.user.sessionVersion)).not.toBeNull();
    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect(await loadSessionUser(session.user.sessionId, user.id, session.user.sessionVersion)).toBeNull();
    expect(await verifyCredentials("dan@example.com", temporaryPassword)).toEqual({ ok: false, reason: "disabled" });
  });

  it("keeps at least one active admin", async () => {
    if (admin.actor.type !== "USER") throw new Error("admin context");
    await expect(changeUserRole(admin, { userId: admin.actor.id, role: "MANAGER" })).rejects.toThrow(/last active admin/);
    await expect(setUserDisabled(admin, { userId: admin.actor.id, disabled: true })).rejects.toThrow(/your own account/);
    const me = await database.prisma.user.findUniqueOrThrow({ where: { id: admin.actor.id } });
    expect(me.role).toBe("ADMIN");
  });

  it("issues a key that authenticates until it is revoked", async () => {
    const agent = await createAgent(admin, { name: "checkout-bot", description: "" });
    const { key, apiKey } = await issueApiKey(admin, { agentId: agent.id, label: "" });
    const stored = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hash).not.toContain(key.slice(13));
    expect(key.startsWith(stored.prefix)).toBe(true);

    expect(await authenticateApiKey(key)).toMatchObject({ agentName: "checkout-bot", prefix: apiKey.prefix });
    expect((await database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();

    await revokeApiKey(admin, apiKey.prefix);
    await expect(authenticateApiKey(key)).rejects.toThrow(/was revoked/);
    await expect(revokeApiKey(admin, apiKey.prefix)).rejects.toThrow(/already revoked/);
  });

  it("explains a malformed or unknown key", async () => {
    await expect(authenticateApiKey("sk-not-ours")).rejects.toThrow(/Malformed API key/);
    await expect(authenticateApiKey(`rmd_zzzzzzzz_${"a".repeat(40)}`)).rejects.toThrow(/Unknown API key rmd_zzzzzzzz/);
  });

  it("refuses an out-of-range setting and changes nothing", async () => {
    const before = await getSettings();
    const auditBefore = (await listAuditEvents({ action: "settings.update" })).events.length;
    await expect(updateSettings(admin, { "canary.initialPercent": 10, "knowledge.activationConfidence": 1.5 })).rejects.toThrow(/nothing was saved/);
    expect(await getSettings()).toEqual(before);
    expect((await listAuditEvents({ action: "settings.update" })).events.length).toBe(auditBefore);
  });

  it("saves settings with one audit event holding before and after", async () => {
    const result = await updateSettings(admin, { "canary.initialPercent": 10, "breaker.correctionFailureRate": "0.25" });
    expect(result.changed.sort()).toEqual(["breaker.correctionFailureRate", "canary.initialPercent"]);
    expect((await getSettings())["canary.initialPercent"]).toBe(10);
    const { events } = await listAuditEvents({ action: "settings.update" });
    expect(events[0]).toMatchObject({
      actorLabel: "admin@remedy.local",
      before: { "canary.initialPercent": 5, "breaker.correctionFailureRate": 0.3 },
      after: { "canary.initialPercent": 10, "breaker.correctionFailureRate": 0.25 },
    });
  });

  it("pages through audit events newest first", async () => {
    const first = await listAuditEvents({ limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listAuditEvents({ limit: 3, cursor: first.nextCursor! });
    expect(BigInt(second.events[0].id)).toBeLessThan(BigInt(first.events[2].id));
    const byActor = await listAuditEvents({ actor: "RITA@" });
    expect(byActor.events.every((event) => event.actorLabel === "rita@example.com")).toBe(true);
    expect(byActor.events.length).toBeGreaterThan(0);
  });
});
