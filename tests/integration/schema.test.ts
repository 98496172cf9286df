import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { BACKENDS, openTestDatabase } from "../helpers/db";

describe.each(BACKENDS)("schema built by the migrations on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
  });
  afterAll(() => close());

  it("writes and reads every model, with DateTime, JSON, enums and BigInt intact", async () => {
    const { prisma } = database;
    const at = new Date("2026-04-25T11:00:00.123Z");
    const user = await prisma.user.create({ data: { email: "a@example.com", role: "REVIEWER", disabledAt: at } });
    expect(user.role).toBe("REVIEWER");
    expect(user.disabledAt?.toISOString()).toBe(at.toISOString());

    const agent = await prisma.agent.create({ data: { name: "trader" } });
    const key = await prisma.apiKey.create({ data: { agentId: agent.id, prefix: "rmd_abcdefgh", hash: "h".repeat(64), lastUsedAt: at } });
    const withAgent = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id }, include: { agent: true } });
    expect(withAgent.agent.name).toBe("trader");
    expect(withAgent.lastUsedAt?.getTime()).toBe(at.getTime());

    const json = { nested: { list: [1, "two", null, true], unicode: "查询账户余额", quote: "it's \"x\"" } };
    const event = await prisma.auditEvent.create({
      data: { actorType: "SYSTEM", actorLabel: "test", action: "x.y", targetType: "t", before: json, after: [1, 2, 3], at },
    });
    expect(typeof event.id).toBe("bigint");
    const readEvent = await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(readEvent.before).toEqual(json);
    expect(readEvent.after).toEqual([1, 2, 3]);
    expect(readEvent.at.toISOString()).toBe(at.toISOString());

    await prisma.setting.create({ data: { key: "canary.initialPercent", value: 7.5 } });
    expect((await prisma.setting.findUniqueOrThrow({ where: { key: "canary.initialPercent" } })).value).toBe(7.5);

    await prisma.instanceSecret.create({ data: { name: "s", value: "v" } });
    expect((await prisma.instanceSecret.findUniqueOrThrow({ where: { name: "s" } })).value).toBe("v");
  });

  it("decodes arrays and bytes from raw queries", async () => {
    const rows = await database.prisma.$queryRaw<Array<{ numbers: number[]; words: string[]; bytes: Uint8Array }>>`
      SELECT ARRAY[1, 2, 3]::int[] AS numbers, ARRAY['a', 'b,c', NULL]::text[] AS words, '\\x0102ff'::bytea AS bytes`;
    expect(rows[0].numbers).toEqual([1, 2, 3]);
    expect(rows[0].words).toEqual(["a", "b,c", null]);
    expect(Array.from(rows[0].bytes)).toEqual([1, 2, 255]);
  });

  it("rolls back an interactive transaction whole", async () => {
    const { prisma } = database;
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.agent.create({ data: { name: "rolled-back" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await prisma.agent.findUnique({ where: { name: "rolled-back" } })).toBeNull();
  });

  it("enforces unique keys", async () => {
    await database.prisma.agent.create({ data: { name: "unique-one" } });
    await expect(database.prisma.agent.create({ data: { name: "unique-one" } })).rejects.toThrow();
  });
});
