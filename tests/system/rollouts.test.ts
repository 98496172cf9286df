/**
 * Rollouts across two production server processes on one PostgreSQL: /route
 * over HTTP on both, a gate evaluated exactly once while both run job
 * runners, and a rollback from the command line (the ops API's thin client)
 * that both processes answer within a second.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAndMigrate, type Database } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { createPostgresDatabase } from "../helpers/db";
import { createAgentWithKey, databaseEnv, remedyCli, ROOT, startServer, type RunningServer } from "../helpers/server";

const run = promisify(execFile);
const KEYS = Array.from({ length: 2_000 }, (_, i) => `account-${i}`);

describe("rollouts on two server processes sharing PostgreSQL", () => {
  let database: Database;
  let drop: () => Promise<void>;
  let url: string;
  let key: string;
  let token: string;
  let servers: RunningServer[] = [];

  const ops = async (server: RunningServer, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };
  const share = async (server: RunningServer) => {
    let candidates = 0;
    for (const k of KEYS) {
      const response = await fetch(`${server.url}/api/v1/route?key=${k}`, { headers: { authorization: `Bearer ${key}` } });
      if ((await response.json()).arm === "candidate") candidates += 1;
    }
    return (candidates / KEYS.length) * 100;
  };
  const cli = (...args: string[]) =>
    run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/remedy.ts", "rollout", ...args], {
      cwd: ROOT,
      env: { ...databaseEnv({ kind: "postgres", url }), REMEDY_TOKEN: token, LOG_LEVEL: "silent" },
      encoding: "utf8",
    }).then(({ stdout }) => ({ code: 0, stdout, stderr: "" }), (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    url = created.url;
    const target = { kind: "postgres" as const, url };
    key = await createAgentWithKey(target, "rolled-agent");
    await remedyCli(target, "create-user", "--email", "release@example.com", "--role", "OPERATOR", "--password", "a-long-enough-password");
    token = (await remedyCli(target, "issue-token", "--user", "release@example.com")).trim();
    expect(token).toMatch(/^rmt_[a-z0-9]{8}_[A-Za-z0-9]{40}$/);
    ({ database } = await openAndMigrate({ kind: "postgres", url, poolSize: 2 }));
    servers = await Promise.all([startServer(target, { env: { REMEDY_JOB_POLL_MS: "100" } }), startServer(target, { env: { REMEDY_JOB_POLL_MS: "100" } })]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.close();
    await drop();
  });

  it("start over the ops API, route on both processes, one gate evaluation, rollback from the CLI answered everywhere within a second", async () => {
    for (const version of ["v1", "v2"]) {
      const registered = await ops(servers[0], "POST", "/api/v1/ops/model-versions", {
        agent: "rolled-agent", version, artifact_uri: `s3://models/${version}`, metrics: { hold_out_accuracy: 0.95 }, outputs: ["Retry after the Retry-After interval"],
      });
      expect(registered).toMatchObject({ status: 201, json: { safety: { status: "PASS" } } });
    }
    const started = await ops(servers[1], "POST", "/api/v1/ops/rollouts", { agent: "rolled-agent", candidate_version: "v2", on_fail: "PAUSE" });
    expect(started).toMatchObject({ status: 201, json: { rollout: { percent: 5, status: "RUNNING" } } });
    const rolloutId = started.json.rollout.id as string;

    // Both processes route alike, within ±1 point of 5%.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [a, b] = await Promise.all(servers.map(share));
    expect(a).toBe(b);
    // 2,000 keys: 4 standard deviations of the share at 5% is 1.9 points.
    expect(Math.abs(a - 5)).toBeLessThanOrEqual(1.9);

    // The gate falls due now: both runners poll every 100 ms; exactly one evaluates it.
    await database.prisma.$executeRaw(sql`UPDATE jobs SET run_at = now() WHERE kind = 'rollout.gate' AND status = 'QUEUED'`);
    const deadline = Date.now() + 10_000;
    while ((await database.prisma.gateEvaluation.count({ where: { rolloutId } })) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const gates = await database.prisma.gateEvaluation.findMany({ where: { rolloutId } });
    expect(gates.map((gate) => [gate.decision, gate.action])).toEqual([["INSUFFICIENT_DATA", "window extended"]]);

    const status = await cli("status", "--id", rolloutId, "--url", servers[0].url);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^${rolloutId} running at 5% \\(revision \\d+\\): insufficient data`));
    const stale = await cli("promote", "--id", rolloutId, "--revision", "1", "--url", servers[0].url);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^409: This rollout changed since you loaded it/);

    const started2 = Date.now();
    const rolledBack = await cli("rollback", "--id", rolloutId, "--url", servers[0].url, "--json");
    expect(rolledBack.code).toBe(0);
    expect(JSON.parse(rolledBack.stdout).rollout).toMatchObject({ status: "ROLLED_BACK", percent: 0 });
    const clicked = Date.now();
    const seen = await Promise.all(servers.map(async (server) => {
      for (;;) {
        const response = await fetch(`${server.url}/api/v1/route?key=${KEYS[0]}`, { headers: { authorization: `Bearer ${key}` } });
        const body = await response.json();
        if (body.rollout_id === null) return Date.now() - clicked;
        if (Date.now() - clicked > 2_000) throw new Error(`${server.url} still routes to ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }));
    expect(Math.max(...seen)).toBeLessThan(1_000);
    expect(clicked - started2).toBeLessThan(10_000);
    expect(await share(servers[1])).toBe(0);
  });

  it("the CLI refuses bad input with exit 1 and reports an unreachable server with exit 2", async () => {
    expect((await cli("promote")).code).toBe(1);
    expect((await cli("status", "--url", "http://127.0.0.1:9")).code).toBe(2);
  });
});
