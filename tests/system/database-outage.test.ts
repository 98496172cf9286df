/**
 * PostgreSQL stopped under a running production server, as a restart or a
 * failover does: agents and pipelines are answered 503 with Retry-After (not
 * 500), /api/health says the database is unreachable without naming its
 * host or port, and everything works again once PostgreSQL is back. Run with
 * `npm run test:system` after `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentWithKey, remedyCli, startServer, type RunningServer } from "../helpers/server";
import { startCluster, type Cluster } from "../setup/postgres-cluster";
import { interactionFactory } from "./load";

describe("a production server while its PostgreSQL is down", () => {
  let cluster: Cluster;
  let server: RunningServer;
  let key: string;
  let token: string;
  const make = interactionFactory("outage", 7);
  let next = 0;

  beforeAll(async () => {
    // A cluster of its own: the one the other tests share must stay up.
    cluster = await startCluster();
    const target = { kind: "postgres" as const, url: cluster.url };
    key = await createAgentWithKey(target, "outage-agent");
    await remedyCli(target, "create-user", "--email", "outage-ops@example.com", "--role", "OPERATOR", "--password", "Outage-pipeline-passphrase-3");
    token = (await remedyCli(target, "issue-token", "--user", "outage-ops@example.com")).trim();
    server = await startServer(target);
  });
  afterAll(async () => {
    await server?.stop();
    cluster?.stop();
  });

  const ingest = () => fetch(`${server.url}/api/v1/interactions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ interactions: [make(next++), make(next++)] }),
  });

  it("answers 503 with Retry-After while it is down, hides its address on /api/health, and recovers", async () => {
    expect((await ingest()).status).toBe(202);
    cluster.halt();
    try {
      const refused = await ingest();
      expect(refused.status, await refused.clone().text()).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error).toMatch(/database is unavailable/);

      // The hot path may answer a remedy from what it holds in memory; it must not fail with a 500.
      const remedy = await fetch(`${server.url}/api/v1/remedy`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ user_intent: "refund", agent_action: "POST /refunds/9", api_response: { error: "timeout" }, error_category: "timeout" }),
      });
      expect([200, 503]).toContain(remedy.status);

      const ops = await fetch(`${server.url}/api/v1/ops/rollouts`, { headers: { authorization: `Bearer ${token}` } });
      expect(ops.status).toBe(503);
      expect(ops.headers.get("retry-after")).toBeTruthy();

      // Health probes are shared for a second: wait for one taken after the stop.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const health = await fetch(`${server.url}/api/health`);
      const text = await health.text();
      expect(health.status).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ status: "degraded", database: { reachable: false, writable: false } });
      expect(text).not.toContain(new URL(cluster.url).port);
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|connect/i);
    } finally {
      cluster.resume();
    }
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 202) {
      status = (await ingest()).status;
      if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(202);
    expect(server.output()).not.toMatch(/"level":50[^\n]*agent API request failed/);
  });
});
