import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { systemContext } from "@/lib/server/actor";
import { changeUserRole, createUser, setUserDisabled } from "@/lib/server/users";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const ROUNDS = 8;

describe.each(BACKENDS)("the last active admin on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let ada: RequestContext;
  let bob: RequestContext;

  const activeAdmins = () => database.prisma.user.count({ where: { role: "ADMIN", disabledAt: null } });
  const contextOf = (user: { id: string; email: string }): RequestContext => ({ actor: { type: "USER", id: user.id, email: user.email, role: "ADMIN" } });
  const idOf = (ctx: RequestContext) => (ctx.actor.type === "USER" ? ctx.actor.id : "");

  /** Two active admins and nobody else, whatever the previous round left. */
  async function twoAdmins() {
    await database.prisma.user.updateMany({ where: { id: { in: [idOf(ada), idOf(bob)] } }, data: { role: "ADMIN", disabledAt: null } });
    expect(await activeAdmins()).toBe(2);
  }

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    const system = systemContext("test");
    const first = await createUser(system, { email: "ada@example.com", role: "ADMIN", password: "a-long-enough-password" });
    const second = await createUser(system, { email: "bob@example.com", role: "ADMIN", password: "a-long-enough-password" });
    ada = contextOf(first.user);
    bob = contextOf(second.user);
  });
  afterAll(() => close());

  it("two admins disabling each other at the same moment leave one active admin", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await twoAdmins();
      const results = await Promise.allSettled([
        setUserDisabled(ada, { userId: idOf(bob), disabled: true }),
        setUserDisabled(bob, { userId: idOf(ada), disabled: true }),
      ]);
      expect(await activeAdmins()).toBe(1);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((result) => result.status === "rejected");
      expect(String(refused?.reason)).toMatch(/last active admin/);
    }
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await twoAdmins();
      await Promise.allSettled([
        changeUserRole(ada, { userId: idOf(bob), role: "MANAGER" }),
        changeUserRole(bob, { userId: idOf(ada), role: "OPERATOR" }),
      ]);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it("one admin disabling while the other demotes leaves one active admin", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await twoAdmins();
      await Promise.allSettled([
        setUserDisabled(ada, { userId: idOf(bob), disabled: true }),
        changeUserRole(bob, { userId: idOf(ada), role: "REVIEWER" }),
      ]);
      expect(await activeAdmins()).toBe(1);
    }
  });
});
