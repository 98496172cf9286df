/**
 * System tests of ingestion: the production server as a child process, loaded over HTTP by
 * concurrent clients, on PGlite (a data directory) and on PostgreSQL (a throwaway database).
 * Run with `npm run test:system` after `npm run build`.
 */
import { sql } from "@/lib/db/sql";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BACKENDS, createPostgresDatabase, type Backend } from "../helpers/db";
import { createAgentWithKey, raiseRateLimit, startServer, withDatabase, type DatabaseTargetSpec, type RunningServer } from "../helpers/server";
import { makeBatches, postInteractions, type Interaction, type PostResult } from "./load";

type Target = DatabaseTargetSpec & { cleanup(): Promise<void> };

async function newTarget(backend: Backend): Promise<Target> {
  if (backend === "pglite") {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-system-"));
    return { kind: "pglite", dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  return { kind: "postgres", url: created.url, cleanup: created.drop };
}

interface Snapshot {
  rows: number;
  distinctIds: number;
  failures: number;
  interactionCount: number;
  dailyTotal: number;
  dailyFailures: number;
  patternCount: number;
  patternDailyFailures: number;
  ids: Set<string>;
}

/** Everything ingestion wrote for one agent. On PGlite the server must be stopped. */
async function snapshot(target: DatabaseTargetSpec, agentName: string): Promise<Snapshot> {
  return withDatabase(target, (database) =>
    database.withConnection(async (conn) => {
      const [agent] = await conn.query<{ id: string; interaction_count: number }>(
        sql`SELECT id::text, interaction_count::int AS interaction_count FROM agents WHERE name = ${agentName}`);
      const [counts] = await conn.query<{ rows: number; distinct_ids: number; failures: number }>(
        sql`SELECT count(*)::int AS rows, count(DISTINCT external_id)::int AS distinct_ids, (count(*) FILTER (WHERE failed))::int AS failures
           FROM interactions WHERE agent_id = ${agent.id}::uuid`);
      const [daily] = await conn.query<{ total: number; failures: number }>(
        sql`SELECT coalesce(sum(total), 0)::int AS total, coalesce(sum(failures), 0)::int AS failures FROM agent_daily WHERE agent_id = ${agent.id}::uuid`);
      const [patterns] = await conn.query<{ count: number }>(
        sql`SELECT coalesce(sum(count), 0)::int AS count FROM error_patterns WHERE agent_id = ${agent.id}::uuid`);
      const [patternDaily] = await conn.query<{ failures: number }>(
        sql`SELECT coalesce(sum(d.failures), 0)::int AS failures FROM pattern_daily d JOIN error_patterns p ON p.id = d.pattern_id WHERE p.agent_id = ${agent.id}::uuid`);
      const ids = await conn.query<{ external_id: string }>(sql`SELECT external_id FROM interactions WHERE agent_id = ${agent.id}::uuid`);
      return {
        rows: counts.rows,
        distinctIds: counts.distinct_ids,
        failures: counts.failures,
        interactionCount: agent.interaction_count,
        dailyTotal: daily.total,
        dailyFailures: daily.failures,
        patternCount: patterns.count,
        patternDailyFailures: patternDaily.failures,
        ids: new Set(ids.map((row) => row.external_id)),
      };
    }),
  );
}

/** Counters, patterns and rollups agree with the rows stored. */
function expectConsistent(stored: Snapshot) {
  expect(stored.distinctIds, "no interaction_id stored twice").toBe(stored.rows);
  expect(stored.interactionCount, "agents.interaction_count").toBe(stored.rows);
  expect(stored.dailyTotal, "sum(agent_daily.total)").toBe(stored.rows);
  expect(stored.dailyFailures, "sum(agent_daily.failures)").toBe(stored.failures);
  expect(stored.patternCount, "sum(error_patterns.count)").toBe(stored.failures);
  expect(stored.patternDailyFailures, "sum(pattern_daily.failures)").toBe(stored.failures);
}

function describeResponse(result: PostResult): string {
  return `${result.status} ${JSON.stringify(result.body).slice(0, 300)}`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

let running: RunningServer | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  if (running) await running.kill();
  running = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

for (const backend of BACKENDS) {
  describe(`ingestion over HTTP on ${backend}`, () => {
    it("stores 8 clients × 5,000 interactions exactly once while 20% of the batches are retried", async () => {
      const CLIENTS = 8;
      const PER_CLIENT = 5_000;
      const BATCH = 250;
      const BATCHES = PER_CLIENT / BATCH; // 20 per client, of which 4 are sent twice
      const RETRIED = BATCHES / 5;
      const target = await newTarget(backend);
      cleanups.push(target.cleanup);
      const agentName = "system-concurrency";
      const key = await createAgentWithKey(target, agentName);
      await raiseRateLimit(target);
      running = await startServer(target);
      const server = running;

      const tag = randomBytes(4).toString("hex");
      const started = performance.now();
      const perClient = await Promise.all(range(CLIENTS).map(async (client) => {
        const batches = makeBatches(`${tag}-c${client}`, 1_000 + client, PER_CLIENT, BATCH);
        const tally = { accepted: 0, duplicates: 0, retriedItems: 0, requests: 0, unexpected: [] as string[] };
        const send = async (batch: Interaction[]) => {
          const result = await postInteractions(server.url, key, batch);
          tally.requests += 1;
          if (result.status !== 202 || !result.body || result.body.rejected.length > 0) tally.unexpected.push(describeResponse(result));
          tally.accepted += result.body?.accepted ?? 0;
          tally.duplicates += result.body?.duplicates ?? 0;
        };
        for (const [index, batch] of batches.entries()) {
          if (index % 10 === 1) {
            // A retry while the first attempt is still in flight (a client timeout that was too short).
            tally.retriedItems += batch.length;
            await Promise.all([send(batch), send(batch)]);
          } else {
            await send(batch);
          }
          if (index % 10 === 7) {
            // A late retry of a batch whose answer was lost.
            tally.retriedItems += batches[index - 1].length;
            await send(batches[index - 1]);
          }
        }
        return tally;
      }));
      const seconds = (performance.now() - started) / 1000;

      const unexpected = perClient.flatMap((tally) => tally.unexpected);
      expect(unexpected, "every request answered 202 with nothing rejected").toEqual([]);
      const sum = (pick: (tally: (typeof perClient)[number]) => number) => perClient.reduce((total, tally) => total + pick(tally), 0);
      const retriedItems = sum((tally) => tally.retriedItems);
      const requests = sum((tally) => tally.requests);
      expect(requests).toBe(CLIENTS * (BATCHES + RETRIED));
      expect(retriedItems).toBe(CLIENTS * RETRIED * BATCH);
      expect(sum((tally) => tally.accepted), "sum of accepted").toBe(CLIENTS * PER_CLIENT);
      expect(sum((tally) => tally.duplicates), "sum of duplicates").toBe(retriedItems);
      const sent = requests * BATCH;
      console.log(`[${backend}] concurrency: ${sent} items in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds)} items/s`);

      // Prometheus counts what was stored, by outcome, retries once.
      const scraped = await (await fetch(`${server.url}/api/metrics`)).text();
      const counted = (outcome: string) =>
        Number(new RegExp(`^remedy_interactions_total\\{agent="${agentName}",outcome="${outcome}"\\} (\\d+)$`, "m").exec(scraped)?.[1] ?? 0);

      // Stop cleanly (PGlite flushes and releases its directory), then read what was stored.
      expect(await server.stop("SIGTERM"), server.output()).toEqual({ code: 0, signal: null });
      running = undefined;
      const stored = await snapshot(target, agentName);
      expect(stored.rows, "rows stored").toBe(CLIENTS * PER_CLIENT);
      expectConsistent(stored);
      expect(stored.failures, "the load has failures").toBeGreaterThan(0);
      expect({ failed: counted("failed"), succeeded: counted("succeeded") }, "remedy_interactions_total")
        .toEqual({ failed: stored.failures, succeeded: stored.rows - stored.failures });
      const expected = range(CLIENTS).flatMap((client) => range(PER_CLIENT).map((n) => `${tag}-c${client}-${n}`));
      expect(expected.filter((id) => !stored.ids.has(id)), "ids missing").toEqual([]);
    });

    it("keeps every acknowledged interaction through SIGKILL mid-load and stores the rest exactly once on retry", async () => {
      const CLIENTS = 4;
      const PER_CLIENT = 6_000;
      const BATCH = 200;
      const KILL_AFTER_ACKS = 30; // of 120 batches
      const target = await newTarget(backend);
      cleanups.push(target.cleanup);
      const agentName = "system-crash";
      const key = await createAgentWithKey(target, agentName);
      await raiseRateLimit(target);
      running = await startServer(target);
      const first = running;

      const tag = randomBytes(4).toString("hex");
      const batches = range(CLIENTS).map((client) => makeBatches(`${tag}-c${client}`, 2_000 + client, PER_CLIENT, BATCH));
      const all = batches.flat();
      const acked = new Set<Interaction[]>();
      const errors: string[] = [];
      const unexpected: string[] = [];
      let killed: ReturnType<RunningServer["kill"]> | undefined;
      await Promise.all(batches.map(async (own) => {
        for (const batch of own) {
          if (killed) return; // the rest were never sent
          try {
            const result = await postInteractions(first.url, key, batch);
            if (result.status === 202 && result.body && result.body.accepted + result.body.duplicates === batch.length) acked.add(batch);
            else unexpected.push(describeResponse(result));
          } catch (error) {
            errors.push(String((error as Error).cause ?? error));
            return; // the server is gone
          }
          if (acked.size >= KILL_AFTER_ACKS && !killed) killed = first.kill();
        }
      }));
      expect(unexpected, "answers before the kill").toEqual([]);
      expect(killed, "the load reached the kill point").toBeDefined();
      expect(await killed).toEqual({ code: null, signal: "SIGKILL" });
      running = undefined;
      const inFlight = errors.length;
      console.log(`[${backend}] crash: ${acked.size} batches acknowledged, ${inFlight} in flight at SIGKILL, ${all.length - acked.size - inFlight} never sent`);

      if (target.kind === "pglite") {
        const lock = path.join(target.dataDir, "remedy.lock");
        expect(existsSync(lock), "SIGKILL leaves the lock file behind").toBe(true);
        expect(JSON.parse(readFileSync(lock, "utf8")).pid).toBe(first.pid);
      }

      // Restart on the same database: PGlite must take over the stale lock and recover.
      running = await startServer(target);
      if (target.kind === "pglite") {
        const lock = path.join(target.dataDir, "remedy.lock");
        expect(JSON.parse(readFileSync(lock, "utf8")).pid, "the restarted server holds the lock").toBe(running.pid);
        // Only one process may open the directory: stop the server to look inside.
        expect(await running.stop("SIGTERM"), running.output()).toEqual({ code: 0, signal: null });
        running = undefined;
      }
      const afterCrash = await snapshot(target, agentName);
      const lost = [...acked].flat().filter((item) => !afterCrash.ids.has(item.interaction_id)).map((item) => item.interaction_id);
      expect(lost.length, `acknowledged interactions lost after SIGKILL (first: ${lost.slice(0, 5).join(", ")})`).toBe(0);
      expectConsistent(afterCrash);

      // Retry everything not acknowledged, and a few that were.
      running ??= await startServer(target);
      const server = running;
      const ackedRetries = [...acked].slice(0, 3);
      const retries = [...all.filter((batch) => !acked.has(batch)), ...ackedRetries];
      const retryResults = new Map<Interaction[], PostResult>();
      const queue = [...retries];
      await Promise.all(range(CLIENTS).map(async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) retryResults.set(batch, await postInteractions(server.url, key, batch));
      }));
      const badRetries = [...retryResults.values()].filter((result) => result.status !== 202 || !result.body || result.body.rejected.length > 0);
      expect(badRetries.map(describeResponse)).toEqual([]);
      for (const batch of ackedRetries) {
        expect(retryResults.get(batch)!.body, "an acknowledged batch sent again is all duplicates").toMatchObject({ accepted: 0, duplicates: batch.length });
      }
      const acceptedOnRetry = [...retryResults.values()].reduce((total, result) => total + result.body!.accepted, 0);
      expect(acceptedOnRetry, "retries store exactly what was missing").toBe(CLIENTS * PER_CLIENT - afterCrash.rows);

      expect(await server.stop("SIGTERM"), server.output()).toEqual({ code: 0, signal: null });
      running = undefined;
      const final = await snapshot(target, agentName);
      expect(final.rows).toBe(CLIENTS * PER_CLIENT);
      expectConsistent(final);
      const missing = all.flat().filter((item) => !final.ids.has(item.interaction_id));
      expect(missing.length, "interactions missing after retry").toBe(0);
    });
  });
}
