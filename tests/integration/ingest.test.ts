import { sql } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { ingestResponseSchema } from "@/lib/schemas/interactions";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey, revokeApiKey } from "@/lib/server/agents";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { BACKENDS, openTestDatabase } from "../helpers/db";
import { interaction, postInteractions } from "../helpers/api";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

describe.each(BACKENDS)("POST /api/v1/interactions on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let key: string;
  let agentId: string;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: `ingest-${backend}`, description: "" });
    agentId = agent.id;
    key = (await issueApiKey(system, { agentId: agent.id, label: "" })).key;
  });
  afterAll(() => close());

  const count = () => database.prisma.interaction.count({ where: { agentId } });

  it("accepts one interaction in the seed's shape", async () => {
    const response = await postInteractions(key, interaction());
    expect(response.status).toBe(202);
    expect(ingestResponseSchema.parse(response.json)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it("stores the valid items of a mixed batch and names what is wrong with the rest", async () => {
    const before = await count();
    const response = await postInteractions(key, {
      interactions: [
        interaction(),
        interaction({ confidence_score: 1.5 }),
        interaction({ surprise: true }),
        { timestamp: new Date().toISOString() },
        interaction({ user_intent: 42 }),
        interaction(),
      ],
    });
    expect(response.status).toBe(202);
    expect(response.json.accepted).toBe(2);
    const byIndex = Object.fromEntries(response.json.rejected.map((r: { index: number; errors: unknown }) => [r.index, r.errors]));
    expect(Object.keys(byIndex)).toEqual(["1", "2", "3", "4"]);
    expect(byIndex[1]).toEqual([{ field: "confidence_score", message: "must be between 0 and 1" }]);
    expect(byIndex[2]).toEqual([{ field: "surprise", message: expect.stringMatching(/not a field of Agent API v1/) }]);
    expect(byIndex[3]).toEqual(expect.arrayContaining([{ field: "user_intent", message: "is required" }, { field: "confidence_score", message: "is required" }]));
    expect(byIndex[4][0].field).toBe("user_intent");
    expect(await count()).toBe(before + 2);
  });

  it("counts a retried item as a duplicate and changes nothing", async () => {
    const item = interaction();
    expect((await postInteractions(key, { interactions: [item] })).json).toMatchObject({ accepted: 1, duplicates: 0 });
    const before = await count();
    const pattern = await database.prisma.errorPattern.findFirstOrThrow({ where: { agentId } });
    const retried = await postInteractions(key, { interactions: [item, item, interaction()] });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(await count()).toBe(before + 1);
    const after = await database.prisma.errorPattern.findUniqueOrThrow({ where: { id: pattern.id } });
    expect(after.count).toBe(pattern.count + 1);
  });

  it("stores every field as sent: any JSON as api_response, awkward text, and absent optional fields as NULL", async () => {
    const metadata = { trace: ["a", 1, true, null], nested: { "quo\"te": "back\\slash" } };
    const items = [
      interaction({ api_response: null, metadata }),
      interaction({ api_response: "upstream said \"no\"", user_intent: "emoji 🚀, quotes \" and \\ backslashes, 中文", error_category: null }),
      interaction({ api_response: [1, 2.5, { deep: [] }], latency_ms: undefined, model_version: undefined, retry_strategy: null, correction: "say sorry" }),
      interaction({ interaction_id: undefined, api_response: 0, session_id: "s-1" }),
    ];
    const response = await postInteractions(key, { interactions: items });
    expect(response.json).toMatchObject({ accepted: 4, duplicates: 0, rejected: [] });
    const stored = await database.withConnection((conn) => conn.query<Record<string, unknown>>(
      sql`SELECT external_id, user_intent, api_response, jsonb_typeof(api_response) AS response_type, metadata, error_category, failed,
                 latency_ms, model_version, retry_strategy, correction, session_id, confidence::float8 AS confidence, pattern_id IS NOT NULL AS has_pattern
            FROM interactions WHERE agent_id = ${agentId}::uuid ORDER BY id DESC LIMIT 4`,
    ));
    const byId = new Map(stored.map((row) => [row.external_id, row]));
    const [first, second, third, anonymous] = [...items.map((item) => byId.get(item.interaction_id ?? null))];
    expect(first).toMatchObject({ api_response: null, response_type: "null", metadata, failed: true, has_pattern: true });
    expect(second).toMatchObject({ api_response: items[1].api_response, user_intent: items[1].user_intent, error_category: null, failed: false, has_pattern: false });
    expect(third).toMatchObject({ api_response: items[2].api_response, latency_ms: null, model_version: "", retry_strategy: null, correction: "say sorry", metadata: null });
    expect(anonymous).toMatchObject({ external_id: null, api_response: 0, session_id: "s-1", confidence: 0.87 });
  });

  it("keeps a key named __proto__ in api_response and metadata, as any other key", async () => {
    const item = interaction({
      api_response: JSON.parse(`{"__proto__": {"x": 1}, "y": 2}`),
      metadata: JSON.parse(`{"__proto__": "kept", "k": "v"}`),
    });
    expect((await postInteractions(key, { interactions: [item] })).json).toMatchObject({ accepted: 1 });
    const [stored] = await database.withConnection((conn) => conn.query<Record<string, unknown>>(
      sql`SELECT api_response::text AS response, metadata::text AS metadata FROM interactions WHERE agent_id = ${agentId}::uuid AND external_id = ${item.interaction_id}`,
    ));
    expect(JSON.parse(stored.response as string)).toEqual(JSON.parse(`{"__proto__": {"x": 1}, "y": 2}`));
    expect(stored.metadata).toBe(`{"k": "v", "__proto__": "kept"}`);
  });

  it.each([
    ["not JSON", "{not json", 400, /not valid JSON/],
    ["an empty batch", JSON.stringify({ interactions: [] }), 400, /empty/],
    ["a batch with extra fields", JSON.stringify({ interactions: [], more: 1 }), 400, /unexpected field\(s\): more/],
  ])("refuses %s with a clear 4xx", async (_, body, status, message) => {
    const before = await count();
    const response = await postInteractions(key, body, { raw: true });
    expect(response.status).toBe(status);
    expect(response.json.error).toMatch(message);
    expect(await count()).toBe(before);
  });

  it.each([
    ["wrong types", { latency_ms: "fast" }, "latency_ms", /expected number, received string/],
    ["confidence_score 1.5", { confidence_score: 1.5 }, "confidence_score", /between 0 and 1/],
    ["a missing field", { final_outcome: undefined }, "final_outcome", /^is required$/],
    ["nesting deeper than 32", { api_response: JSON.parse("[".repeat(40) + "]".repeat(40)) }, "api_response", /deeper than 32/],
    ["a lone surrogate", { user_intent: "bad \ud800 text" }, "user_intent", /unpaired UTF-16 surrogate/],
    ["a NUL character", { agent_action: "call\u0000api" }, "agent_action", /NUL character/],
    ["a NUL inside JSON", { api_response: { error: "x\u0000y" } }, "api_response", /NUL character/],
    ["a 1 MB string field", { correction: "x".repeat(1_000_000) }, "correction", /at most/],
    ["a timestamp 10 minutes ahead", { timestamp: new Date(Date.now() + 600_000).toISOString() }, "timestamp", /in the future/],
    ["a timestamp in year 0", { timestamp: "0000-01-01T00:00:00Z" }, "timestamp", /before 1970/],
    ["a timestamp before 1970 by its offset", { timestamp: "1970-01-01T00:30:00+01:00" }, "timestamp", /before 1970/],
  ])("rejects an item with %s and stores nothing", async (_, overrides, field, message) => {
    const before = await count();
    const response = await postInteractions(key, interaction(overrides));
    expect(response.status).toBe(400);
    expect(response.json.rejected[0].errors[0]).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(await count()).toBe(before);
  });

  it("refuses a 2 MiB body and 1,001 items with 413", async () => {
    // Bodies refused whole cost many times their size (lib/domain/ingest-cost.ts): each on an agent of its own.
    const keyOfNewAgent = async (name: string) => {
      const agent = await createAgent(system, { name: `${name}-${backend}`, description: "" });
      return (await issueApiKey(system, { agentId: agent.id, label: "" })).key;
    };
    const big = await postInteractions(await keyOfNewAgent("oversize"), JSON.stringify({ interactions: [interaction({ correction: "y".repeat(2 * 1024 * 1024) })] }), { raw: true });
    expect(big.status).toBe(413);
    const many = await postInteractions(await keyOfNewAgent("too-many"), { interactions: Array.from({ length: 1_001 }, () => ({})) });
    expect(many.status).toBe(413);
    expect(many.json.error).toMatch(/at most 1,000/);
  });

  it("refuses missing, malformed and revoked keys with 401", async () => {
    expect((await postInteractions(null, interaction())).status).toBe(401);
    const malformed = await postInteractions("sk-live-123", interaction());
    expect(malformed.status).toBe(401);
    expect(malformed.json.error).toMatch(/Malformed API key/);
    const agent = await createAgent(system, { name: `revoked-${backend}`, description: "" });
    const issued = await issueApiKey(system, { agentId: agent.id, label: "" });
    await revokeApiKey(system, issued.apiKey.prefix);
    const revoked = await postInteractions(issued.key, interaction());
    expect(revoked.status).toBe(401);
    expect(revoked.json.error).toMatch(/was revoked/);
    expect(await database.prisma.interaction.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("stores no personal data, only the counts of what was removed", async () => {
    const pii = interaction({
      user_intent: "My name is John Smith, email john.smith@example.com, card 4111 1111 1111 1111",
      agent_action: "lookup customer 13812345678 and IP 192.168.10.24",
      api_response: { customer: { email: "john.smith@example.com", ssn: "536-22-8174", phone: 13812345678 }, token: "sk-abcdefghijklmnopqrstuvwx123456" },
      correction: "Email john.smith@example.com with IBAN GB82 WEST 1234 5698 7654 32",
      metadata: { note: "born on 1990-04-12", account_holder: "Mr. John Smith" },
      session_id: "john.smith@example.com",
    });
    const response = await postInteractions(key, pii);
    expect(response.json).toMatchObject({ accepted: 1 });
    const rows = await database.prisma.$queryRaw<Array<{ row: string }>>(
      sql`SELECT row_to_json(i)::text AS row FROM interactions i WHERE external_id = ${pii.interaction_id}`,
    );
    const stored = rows[0].row;
    for (const value of ["john.smith@example.com", "4111 1111 1111 1111", "13812345678", "192.168.10.24", "536-22-8174", "sk-abcdefghijklmnopqrstuvwx123456", "GB82 WEST", "1990-04-12", "John Smith"]) {
      expect(stored).not.toContain(value);
    }
    const row = await database.prisma.interaction.findFirstOrThrow({ where: { externalId: pii.interaction_id } });
    expect(row.piiTotal).toBeGreaterThanOrEqual(8);
    expect(row.piiCounts).toMatchObject({ EMAIL: expect.any(Number), CREDIT_CARD: 1 });
    // One address, one placeholder across fields.
    expect(row.userIntent).toContain("<EMAIL_1>");
    expect(row.correction).toContain("<EMAIL_1>");
  });

  it("applies the operator chosen in settings: a keyed pseudonym counts one customer without knowing them", async () => {
    await updateSettings(system, { "pii.operator.EMAIL": "hash", "pii.operator.CREDIT_CARD": "mask" });
    invalidateSettingsCache();
    const first = interaction({ user_intent: "refund for mary@example.com, card 4111-1111-1111-1111" });
    const second = interaction({ user_intent: "second refund for MARY@example.com" });
    await postInteractions(key, { interactions: [first, second] });
    const rows = await database.prisma.interaction.findMany({ where: { externalId: { in: [first.interaction_id, second.interaction_id] } }, orderBy: { id: "asc" } });
    const pseudonyms = rows.map((row) => /<EMAIL#[0-9a-f]{12}>/.exec(row.userIntent)?.[0]);
    expect(pseudonyms[0]).toBeDefined();
    expect(pseudonyms[0]).toBe(pseudonyms[1]);
    expect(rows[0].userIntent).toMatch(/\*{4}-?\*{4}-?\*{4}-?1111|\*+1111/);
    expect(rows[0].userIntent).not.toContain("4111-1111-1111-1111");
    expect(JSON.stringify(rows, (_, value) => (typeof value === "bigint" ? value.toString() : value))).not.toMatch(/mary@example\.com/i);
    await updateSettings(system, { "pii.operator.EMAIL": "replace", "pii.operator.CREDIT_CARD": "replace" });
    invalidateSettingsCache();
  });

  it("refuses an unknown PII operator and changes nothing", async () => {
    await expect(updateSettings(system, { "pii.operator.EMAIL": "shred" })).rejects.toThrow(/nothing was saved/);
  });

  it("groups failures into patterns and keeps daily rollups current", async () => {
    const agent = await createAgent(system, { name: `patterns-${backend}`, description: "" });
    const issued = await issueApiKey(system, { agentId: agent.id, label: "" });
    const day = "2026-04-25";
    const items = [
      interaction({ timestamp: `${day}T10:00:00Z`, agent_action: "GET /accounts/1/balance", latency_ms: 40 }),
      interaction({ timestamp: `${day}T11:00:00Z`, agent_action: "GET /accounts/2/balance", latency_ms: 300 }),
      interaction({ timestamp: `${day}T12:00:00Z`, error_category: "timeout", api_response: { error: "upstream timeout" }, latency_ms: 5000, retry_strategy: null }),
      interaction({ timestamp: `${day}T13:00:00Z`, error_category: null, api_response: { ok: true }, latency_ms: 80, model_version: "v2" }),
    ];
    expect((await postInteractions(issued.key, { interactions: items })).json).toMatchObject({ accepted: 4 });
    const patterns = await database.prisma.errorPattern.findMany({ where: { agentId: agent.id }, orderBy: { count: "desc" } });
    expect(patterns.map((p) => [p.errorCategory, p.count])).toEqual([["rate_limit", 2], ["timeout", 1]]);
    expect(patterns[0].actionTemplate).toBe("get /accounts/{n}/balance");
    expect(patterns[0].firstSeenAt.toISOString()).toBe(`${day}T10:00:00.000Z`);
    expect(patterns[0].lastSeenAt.toISOString()).toBe(`${day}T11:00:00.000Z`);

    const rollups = await database.prisma.agentDaily.findMany({ where: { agentId: agent.id }, orderBy: { modelVersion: "asc" } });
    expect(rollups.map((r) => [r.modelVersion, r.total, r.failures, Number(r.latencySumMs), r.correctionsApplied, r.correctionsFailed])).toEqual([
      ["v1", 3, 3, 5340, 0, 0],
      ["v2", 1, 0, 80, 0, 0],
    ]);
    expect(rollups[0].latencyBuckets).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const daily = await database.prisma.patternDaily.findMany({ where: { patternId: patterns[0].id } });
    expect(daily.map((d) => [d.day.toISOString().slice(0, 10), d.failures])).toEqual([[day, 2]]);

    // A second batch adds to the same rows.
    await postInteractions(issued.key, { interactions: [interaction({ timestamp: `${day}T14:00:00Z`, agent_action: "GET /accounts/3/balance", latency_ms: 40 })] });
    const v1 = await database.prisma.agentDaily.findFirstOrThrow({ where: { agentId: agent.id, modelVersion: "v1" } });
    expect(v1.total).toBe(4);
    expect(v1.latencyBuckets[0]).toBe(2);
  });

  it("moves an agent to the next stage at the threshold and audits it", async () => {
    await updateSettings(system, { "stage.observationMax": 5, "stage.smallScaleMax": 8 });
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: `stages-${backend}`, description: "" });
    const issued = await issueApiKey(system, { agentId: agent.id, label: "" });
    await postInteractions(issued.key, { interactions: Array.from({ length: 5 }, () => interaction()) });
    expect((await database.prisma.agent.findUniqueOrThrow({ where: { id: agent.id } })).stage).toBe("OBSERVATION");
    await postInteractions(issued.key, { interactions: Array.from({ length: 4 }, () => interaction()) });
    const moved = await database.prisma.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(moved.stage).toBe("FULL");
    expect(Number(moved.interactionCount)).toBe(9);
    const events = await database.prisma.auditEvent.findMany({ where: { action: "agent.stage_change", targetId: agent.id } });
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ stage: "FULL", interactions: 9 });
    await updateSettings(system, { "stage.observationMax": 1000, "stage.smallScaleMax": 10000 });
    invalidateSettingsCache();
  });

  it("answers 429 with Retry-After when a key sends faster than its limit", async () => {
    await updateSettings(system, { "ingest.ratePerSecond": 0.01, "ingest.burst": 3 });
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: `limited-${backend}`, description: "" });
    const issued = await issueApiKey(system, { agentId: agent.id, label: "" });
    expect((await postInteractions(issued.key, { interactions: [interaction(), interaction(), interaction()] })).status).toBe(202);
    const limited = await postInteractions(issued.key, { interactions: [interaction(), interaction()] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // With no token left the body is not even read: nonsense gets the same 429, not a 400.
    const unread = await postInteractions(issued.key, "{nope", { raw: true });
    expect(unread.status).toBe(429);
    expect(Number(unread.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(await database.prisma.interaction.count({ where: { agentId: agent.id } })).toBe(3);
    await updateSettings(system, { "ingest.ratePerSecond": 2000, "ingest.burst": 20000 });
    invalidateSettingsCache();
  });
});
