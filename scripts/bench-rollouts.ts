/**
 * How fast a rollout's safety nets act, over HTTP against the production
 * server (run `npm run build` first), on PGlite and on PostgreSQL:
 *   - rollback: from the operator's rollback request to `/route` answering the
 *     restored state (no rollout) — goal < 1 s;
 *   - circuit breaker: from the acknowledgement of the batch whose applied
 *     remedies crossed the failure threshold to the candidate's traffic
 *     answering 0% on `/route` — goal < 2 s.
 *   npm run bench:rollouts
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAgentWithKey, remedyCli, startServer, type DatabaseTargetSpec, type RunningServer } from "../tests/helpers/server";
import { startCluster } from "../tests/setup/postgres-cluster";

const ROUNDS = 5;

async function json(response: Response) {
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function measure(label: string, target: DatabaseTargetSpec): Promise<string[]> {
  const key = await createAgentWithKey(target, "bench-agent");
  await remedyCli(target, "create-user", "--email", "bench-ops@example.com", "--role", "OPERATOR", "--password", "a-long-enough-password");
  const token = (await remedyCli(target, "issue-token", "--user", "bench-ops@example.com")).trim();
  const server: RunningServer = await startServer(target);
  const ops = (method: string, route: string, body?: unknown) =>
    fetch(`${server.url}${route}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then(json);
  const route = (routeKey: string) => fetch(`${server.url}/api/v1/route?key=${routeKey}`, { headers: { authorization: `Bearer ${key}` } }).then(json);
  /** Polls `/route` every 5 ms until `done`; the milliseconds since `since`. */
  const until = async (since: number, routeKey: string, done: (body: { arm: string; rollout_id: string | null }) => boolean) => {
    for (;;) {
      if (done(await route(routeKey))) return performance.now() - since;
      if (performance.now() - since > 10_000) throw new Error("not within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /** A key the candidate serves at 5%. */
  const candidateKey = async (rolloutId: string) => {
    for (let i = 0; ; i++) {
      const body = await route(`k${i}`);
      if (body.rollout_id === rolloutId && body.arm === "candidate") return `k${i}`;
    }
  };
  const rollbackMs: number[] = [];
  const breakerMs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const version of [`a${round}`, `b${round}`]) {
        await ops("POST", "/api/v1/ops/model-versions", { agent: "bench-agent", version, artifact_uri: `s3://bench/${version}`, metrics: { hold_out_accuracy: 0.95 }, outputs: ["Retry later"] });
      }
      // Rollback: request to /route answering the restored state.
      const first = (await ops("POST", "/api/v1/ops/rollouts", { agent: "bench-agent", candidate_version: `a${round}` })).rollout;
      await until(performance.now(), "probe", (body) => body.rollout_id === first.id);
      const clicked = performance.now();
      await ops("POST", `/api/v1/ops/rollouts/${first.id}/rollback`, {});
      rollbackMs.push(await until(clicked, "probe", (body) => body.rollout_id === null));

      // Breaker: 20 applied remedies of the candidate, 12 failing (60% > 30%), in one batch.
      const second = (await ops("POST", "/api/v1/ops/rollouts", { agent: "bench-agent", candidate_version: `b${round}` })).rollout;
      await until(performance.now(), "probe", (body) => body.rollout_id === second.id);
      const versions = await ops("GET", "/api/v1/ops/model-versions?agent=bench-agent");
      const candidateId = versions.model_versions.find((v: { version: string }) => v.version === `b${round}`).id;
      const sticky = await candidateKey(second.id);
      const items = Array.from({ length: 20 }, (_, i) => ({
        timestamp: new Date().toISOString(), user_intent: "pay", agent_action: `POST /pay/${round}/${i}`, final_outcome: "done", confidence_score: 0.9,
        model_version: `b${round}`, remedy_id: `mv_${candidateId}`, latency_ms: 100,
        ...(i < 12 ? { error_category: "timeout", api_response: { error: "timeout" } } : { error_category: null, api_response: { ok: true } }),
      }));
      const response = await fetch(`${server.url}/api/v1/interactions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ interactions: items }) });
      await json(response);
      const acknowledged = performance.now();
      breakerMs.push(await until(acknowledged, sticky, (body) => body.arm === "baseline"));
      await ops("POST", `/api/v1/ops/rollouts/${second.id}/rollback`, {});
    }
  } finally {
    await server.stop();
  }
  const fmt = (values: number[]) => `median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
  return [
    `${label}: rollback request → /route restored   ${fmt(rollbackMs)}  (goal < 1,000 ms; ${ROUNDS} rounds)`,
    `${label}: breaking batch acknowledged → 0%     ${fmt(breakerMs)}  (goal < 2,000 ms; ${ROUNDS} rounds)`,
  ];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const lines = ["", "Rollout safety nets over HTTP (the production server)", ""];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-rollouts-"));
  try {
    lines.push(...(await measure("PGlite    ", { kind: "pglite", dataDir })));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const cluster = await startCluster();
  try {
    lines.push(...(await measure("PostgreSQL", { kind: "postgres", url: cluster.url })));
  } finally {
    cluster.stop();
  }
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
