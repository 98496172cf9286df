import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { raw, sql } from "@/lib/db/sql";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

/**
 * Personal data as an agent would write it (`written`), the parts of it that must never be
 * stored (`raw`), and the type the firewall reports it as. To test another kind of value, add a
 * line: every item below puts it in every field, as a JSON key, nested and in arrays.
 */
const PERSONAL: Array<{ written: string; raw: string[]; type: string }> = [
  { written: "jane.roe@example.com", raw: ["jane.roe@example.com"], type: "EMAIL" },
  { written: "4111 1111 1111 1111", raw: ["4111 1111 1111 1111", "4111111111111111"], type: "CREDIT_CARD" },
  { written: "+86 138 0013 8000", raw: ["138 0013 8000", "13800138000"], type: "PHONE" },
  { written: "http://203.0.113.9/health", raw: ["203.0.113.9"], type: "IP_ADDRESS" },
  { written: "postgres://app:Xk9#pL2!qR@db.internal:5432/orders", raw: ["Xk9#pL2!qR"], type: "SECRET" },
  {
    written: "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1",
    raw: ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1"],
    type: "SECRET",
  },
  // Names with no cue word around them, in English and Chinese.
  { written: "Priya Raman", raw: ["Priya Raman"], type: "PERSON" },
  { written: "朱玉婷", raw: ["朱玉婷"], type: "PERSON" },
];

/** An interaction with `written` in every stored text: ids, version, category, prose, JSON keys at every depth. */
function itemWith(written: string, index: number) {
  return interaction({
    interaction_id: `pii-${index}-${written}`,
    model_version: `v2 ${written}`,
    session_id: `session ${written}`,
    error_category: `failed for ${written}`,
    user_intent: `Look up #${index}: ${written}`,
    agent_action: `GET /customers?q=${encodeURIComponent("x")} for ${written}`,
    api_response: {
      error: `upstream refused ${written}`,
      [written]: { nested: { [written]: [{ [written]: "value" }, written] } },
    },
    metadata: { [written]: 1, tags: [written, "plain"], deep: { list: [{ [written]: written }] } },
    correction: `Retry without ${written}`,
  });
}

const occurrences = (item: unknown, written: string) => JSON.stringify(item).split(written).length - 1;

describe.each(BACKENDS)("personal data in every field of an interaction, on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let key: string;
  let agentId: string;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: `ingest-pii-${backend}`, description: "" });
    agentId = agent.id;
    key = (await issueApiKey(system, { agentId: agent.id, label: "" })).key;
  });
  afterAll(() => close());

  /** Every row of every table in the public schema, as JSON text: nothing is hand-picked. */
  async function dumpEveryTable(): Promise<Map<string, string[]>> {
    return database.withConnection(async (conn) => {
      const tables = await conn.query<{ name: string }>(sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      const dump = new Map<string, string[]>();
      for (const { name } of tables) {
        const rows = await conn.query<{ row: string }>(
          sql`SELECT row_to_json(t)::text AS row FROM ${raw(`"${name.replace(/"/g, '""')}"`)} t ORDER BY 1`,
        );
        dump.set(name, rows.map((r) => r.row));
      }
      return dump;
    });
  }

  function expectNoRawValue(dump: Map<string, string[]>) {
    for (const [table, rows] of dump) {
      const text = rows.join("\n");
      for (const { raw } of PERSONAL) for (const value of raw) expect(text, `${value} in table ${table}`).not.toContain(value);
    }
  }

  const items = PERSONAL.map(({ written }, index) => itemWith(written, index));
  // A control: an item without personal data keeps its identifiers as sent.
  const plain = interaction({ interaction_id: "plain-control", model_version: "v7", session_id: "s-plain" });
  // Refused items are answered, never stored: an unknown field named by an address.
  const refused = { ...itemWith("refused.person@example.com", 99), "refused.person@example.com": true };
  const batch = { interactions: [...items, plain, refused] };

  it("stores none of it anywhere, and reports the counts", async () => {
    const response = await postInteractions(key, batch);
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: items.length + 1, duplicates: 0 });
    expect(response.json.rejected).toEqual([{ index: items.length + 1, errors: [expect.objectContaining({ field: "refused.person@example.com" })] }]);

    const dump = await dumpEveryTable();
    expectNoRawValue(dump);
    expect(dump.get("interactions")!.join("\n")).not.toContain("refused.person@example.com");
    // Failures with corrections reached the patterns and the review queue: they were checked too.
    expect(dump.get("error_patterns")!.length).toBeGreaterThan(0);
    expect(dump.get("samples")!.length).toBeGreaterThan(0);

    const rows = await database.prisma.interaction.findMany({ where: { agentId }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(items.length + 1);
    for (const [index, { written, type }] of PERSONAL.entries()) {
      const row = rows.find((r) => r.userIntent.startsWith(`Look up #${index}: `))!;
      expect(row.externalId, written).toMatch(/^pii:[A-Za-z0-9_-]{22}$/);
      expect(row.modelVersion, written).toMatch(/^pii:[A-Za-z0-9_-]{22}$/);
      expect(row.sessionId, written).toMatch(/^pii:[A-Za-z0-9_-]{22}$/);
      expect((row.piiCounts as Record<string, number>)[type], written).toBeGreaterThanOrEqual(occurrences(items[index], written));
    }
    const control = rows.find((r) => r.externalId === "plain-control")!;
    expect(control).toMatchObject({ modelVersion: "v7", sessionId: "s-plain", piiTotal: 0 });
  });

  it("keeps two JSON keys apart when they redact alike", async () => {
    const item = interaction({ api_response: { "ann@example.com": 1, "ANN@example.com": 2, "bob@example.com": 3 } });
    expect((await postInteractions(key, item)).json).toMatchObject({ accepted: 1 });
    const row = await database.prisma.interaction.findFirstOrThrow({ where: { agentId }, orderBy: { id: "desc" } });
    expect(Object.values(row.apiResponse as Record<string, number>).sort()).toEqual([1, 2, 3]);
    expect(row.piiCounts).toEqual({ EMAIL: 3 });
  });

  it("recognises a re-sent batch as duplicates and stores nothing new", async () => {
    const countsBefore = new Map([...(await dumpEveryTable())].map(([table, rows]) => [table, rows.length]));
    const response = await postInteractions(key, batch);
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: 0, duplicates: items.length + 1 });
    const after = await dumpEveryTable();
    expect(new Map([...after].map(([table, rows]) => [table, rows.length]))).toEqual(countsBefore);
    expectNoRawValue(after);
  });
});
