/**
 * The agents' hot path over real HTTP: POST /api/v1/remedy and GET /api/v1/knowledge
 * as the production server answers them (before Next's router), and two server
 * processes on one PostgreSQL database agreeing within a second after a change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAndMigrate, setProcessDatabase, type Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { listKnowledge, setKnowledgeEnabled } from "@/lib/server/knowledge";
import { claimSamples, decideSample } from "@/lib/server/review";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createUser } from "@/lib/server/users";
import { createPostgresDatabase } from "../helpers/db";
import { createAgentWithKey, startServer, type RunningServer } from "../helpers/server";

const system: RequestContext = { actor: { type: "SYSTEM", label: "system test" } };
const CORRECTION = "Wait for Retry-After, then retry once";
const failure = (n: number) => ({
  user_intent: "check balance",
  agent_action: `GET /api/accounts/${n}/balance`,
  api_response: { error: "429 Rate Limit Exceeded" },
  error_category: "rate_limit",
});

describe("/remedy on two server processes sharing PostgreSQL", () => {
  let database: Database;
  let drop: () => Promise<void>;
  let key: string;
  let servers: RunningServer[] = [];

  const remedy = async (server: RunningServer, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/api/v1/remedy`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  /** Polls every server until each answers with `source`; the milliseconds each took. */
  const untilSource = async (source: string, timeoutMs: number) =>
    Promise.all(servers.map(async (server) => {
      const started = Date.now();
      for (;;) {
        const { json } = await remedy(server, failure(Date.now() % 10_000));
        if (json.source === source) return Date.now() - started;
        if (Date.now() - started > timeoutMs) throw new Error(`${server.url} still answers ${json.source} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }));

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    const target = { kind: "postgres" as const, url: created.url };
    key = await createAgentWithKey(target, "twin-agent");
    ({ database } = await openAndMigrate({ kind: "postgres", url: created.url, poolSize: 2 }));
    setProcessDatabase(database);
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 2 });
    invalidateSettingsCache();
    servers = await Promise.all([startServer(target), startServer(target)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.close();
    await drop();
  });

  it("answers none, then knowledge on both processes within a second of an approval, then none within a second of a deactivation", async () => {
    const items = [1, 2, 3, 4].map((n) => ({ ...failure(n), timestamp: new Date().toISOString(), final_outcome: "apologised", confidence_score: 0.95, correction: CORRECTION }));
    const ingest = await fetch(`${servers[0].url}/api/v1/interactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ interactions: items }),
    });
    expect(ingest.status).toBe(202);
    for (const server of servers) expect((await remedy(server, failure(9))).json.source).toBe("none");

    const { user } = await createUser(system, { email: "twin-reviewer@example.com", role: "REVIEWER", password: "a-long-enough-password" });
    const reviewer: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "REVIEWER" } };
    for (const sample of await claimSamples(reviewer)) await decideSample(reviewer, { sampleId: sample.id, decision: "approve" });
    const activated = await untilSource("knowledge", 1_000);
    expect(Math.max(...activated)).toBeLessThan(1_000);
    const answer = await remedy(servers[1], failure(77));
    expect(answer.json).toMatchObject({ correction: CORRECTION, source: "knowledge" });
    expect(answer.json.remedy_id).toMatch(/^kn_[0-9a-f-]{36}\.v\d+$/);
    const listed = await fetch(`${servers[1].url}/api/v1/knowledge`, { headers: { authorization: `Bearer ${key}` } });
    expect((await listed.json()).entries).toHaveLength(1);

    const { entries: [entry] } = await listKnowledge({});
    await setKnowledgeEnabled({ actor: { type: "SYSTEM", label: "system test" } }, { entryId: entry.id, enabled: false });
    const deactivated = await untilSource("none", 1_000);
    expect(Math.max(...deactivated)).toBeLessThan(1_000);
  });

  it("refuses what the contract refuses, on the bare hot path", async () => {
    const [server] = servers;
    expect((await remedy(server, failure(1), { authorization: "" })).status).toBe(401);
    expect((await remedy(server, "{")).status).toBe(400);
    const missing = await remedy(server, { user_intent: "x", agent_action: "y", error_category: "z" });
    expect(missing).toMatchObject({ status: 400, json: { errors: [{ field: "api_response", message: "is required" }] } });
    expect((await remedy(server, { ...failure(1), api_response: "x".repeat(70_000) })).status).toBe(413);
    const wrongMethod = await fetch(`${server.url}/api/v1/remedy`, { headers: { authorization: `Bearer ${key}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });
});
