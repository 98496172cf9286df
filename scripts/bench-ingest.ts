/**
 * Ingest throughput of the production server over HTTP, against the raw `unnest` insert rate
 * of the same rows into `interactions` on the same kind of database, for PGlite and
 * PostgreSQL. Needs the production build (`npm run build`) and the PostgreSQL 15 binaries.
 * Prints a table; asserts nothing.
 *
 *   npm run bench:ingest                       # both databases
 *   npm run bench:ingest -- --only pglite      # or postgres
 *   npm run bench:ingest -- --profile DIR      # also write the server's CPU profile (.cpuprofile) to DIR
 *   npm run bench:ingest -- --workers 0        # the server's ingest worker threads (default: one per spare core)
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openAndMigrate, type Database } from "@/lib/db/client";
import { fingerprintFailure } from "@/lib/domain/fingerprint";
import { createRedactionContext, redactJson, redactText } from "@/lib/domain/pii";
import { validateItem } from "@/lib/server/ingest-prepare";
import { startCluster, type Cluster } from "../tests/setup/postgres-cluster";
import { createAgentWithKey, raiseRateLimit, startServer, type DatabaseTargetSpec } from "../tests/helpers/server";
import { makeBatches, percentile, postInteractions, type Interaction } from "../tests/system/load";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    profile: { type: "string" },
    clients: { type: "string", default: "4" },
    batches: { type: "string", default: "10" },
    "batch-size": { type: "string", default: "500" },
    singles: { type: "string", default: "300" },
    workers: { type: "string" },
  },
});
const CLIENTS = Number(args.clients);
const BATCHES_PER_CLIENT = Number(args.batches);
const BATCH_SIZE = Number(args["batch-size"]);
const SINGLES = Number(args.singles);
const LOAD = { failureRate: 0.3, piiRate: 0.25, days: 3, correctionRate: 0.3 };

interface Row {
  database: string;
  httpRate: number;
  rawRate: number;
  rawPrismaRate: number;
  p50: number;
  p99: number;
  batchP50: number;
  payloadKiB: number;
}

const log = (message: string) => console.error(`  ${message}`);

async function benchHttp(target: DatabaseTargetSpec, label: string) {
  log(`${label}: creating the agent and key, raising the rate limit`);
  const key = await createAgentWithKey(target, "bench-agent");
  await raiseRateLimit(target);
  const profileDir = args.profile ? path.resolve(args.profile, label) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server = await startServer(target, {
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    env: args.workers === undefined ? {} : { REMEDY_INGEST_WORKERS: args.workers },
  });
  try {
    // Warm up: compiles the route, fills the settings cache, creates the patterns and rollup rows.
    for (const batch of makeBatches("warm", 7, 4 * BATCH_SIZE, BATCH_SIZE, LOAD)) {
      const result = await postInteractions(server.url, key, batch);
      if (result.status !== 202) throw new Error(`warm-up answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    const perClient = Array.from({ length: CLIENTS }, (_, client) =>
      makeBatches(`load-c${client}`, 100 + client, BATCHES_PER_CLIENT * BATCH_SIZE, BATCH_SIZE, LOAD));
    const payloadKiB = Buffer.byteLength(JSON.stringify({ interactions: perClient[0][0] })) / 1024;
    log(`${label}: ${CLIENTS} clients × ${BATCHES_PER_CLIENT} batches of ${BATCH_SIZE} (${payloadKiB.toFixed(0)} KiB each)`);
    const batchMs: number[] = [];
    let accepted = 0;
    const started = performance.now();
    await Promise.all(perClient.map(async (batches) => {
      for (const batch of batches) {
        const result = await postInteractions(server.url, key, batch, 120_000);
        if (result.status !== 202) throw new Error(`batch answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
        accepted += result.body!.accepted;
        batchMs.push(result.ms);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const total = CLIENTS * BATCHES_PER_CLIENT * BATCH_SIZE;
    if (accepted !== total) throw new Error(`accepted ${accepted} of ${total}`);

    log(`${label}: ${SINGLES} sequential single-interaction POSTs`);
    const make = makeBatches("single", 9, SINGLES, 1, LOAD).map((batch) => batch[0]);
    const singleMs: number[] = [];
    for (const item of make) {
      const result = await postInteractions(server.url, key, item);
      if (result.status !== 202) throw new Error(`single POST answered ${result.status}`);
      singleMs.push(result.ms);
    }
    return {
      rows: perClient.flat(2),
      httpRate: total / seconds,
      batchP50: percentile(batchMs, 0.5),
      p50: percentile(singleMs, 0.5),
      p99: percentile(singleMs, 0.99),
      payloadKiB,
    };
  } finally {
    const exit = await server.stop("SIGTERM");
    if (exit.code !== 0) log(`${label}: server exited ${JSON.stringify(exit)}\n${server.output()}`);
  }
}

const INSERT = `INSERT INTO interactions (agent_id, external_id, occurred_at, user_intent, agent_action, api_response, retry_strategy,
                           final_outcome, error_category, failed, confidence, latency_ms, model_version, correction,
                           session_id, metadata, pattern_id, pii_counts, pii_total)
 SELECT $1::uuid, x, t, ui, aa, ar::jsonb, rs, fo, ec, ec IS NOT NULL, cf, lm, mv, co, si, md::jsonb, pi::uuid, pc::jsonb, pt
   FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
               $10::float8[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[])
        AS u(x, t, ui, aa, ar, rs, fo, ec, cf, lm, mv, co, si, md, pi, pc, pt)
 ON CONFLICT (agent_id, external_id) DO NOTHING
 RETURNING external_id`;

/** The same statement ingest.ts runs, with the same rows (not redacted: this is the database's part alone). */
function insertParams(agentId: string, batch: Interaction[], suffix: string): unknown[] {
  const column = (pick: (item: Interaction) => unknown) => batch.map(pick);
  const text = (value: unknown) => (value == null ? null : String(value));
  return [
    agentId,
    column((item) => `${item.interaction_id}${suffix}`),
    column((item) => item.timestamp),
    column((item) => item.user_intent),
    column((item) => item.agent_action),
    column((item) => JSON.stringify(item.api_response)),
    column((item) => text(item.retry_strategy)),
    column((item) => item.final_outcome),
    column((item) => text(item.error_category)),
    column((item) => item.confidence_score),
    column((item) => item.latency_ms ?? null),
    column((item) => item.model_version ?? ""),
    column((item) => text(item.correction)),
    column((item) => text(item.session_id)),
    column((item) => (item.metadata === undefined ? null : JSON.stringify(item.metadata))),
    column(() => null),
    column(() => null),
    column(() => 0),
  ];
}

/** Raw insert rate: through the driver (`raw`) and through Prisma's $queryRawUnsafe as ingest.ts does (`prisma`). */
async function benchRaw(database: Database, rows: Interaction[], writers: number) {
  const [agent] = await database.prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `INSERT INTO agents (id, name, updated_at) VALUES (gen_random_uuid(), 'bench-raw', now()) RETURNING id::text`);
  const batches: Interaction[][] = [];
  for (let start = 0; start < rows.length; start += BATCH_SIZE) batches.push(rows.slice(start, start + BATCH_SIZE));
  const run = async (suffix: string, insert: (params: unknown[]) => Promise<number>) => {
    const queue = [...batches];
    let inserted = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const count = await insert(insertParams(agent.id, batch, suffix));
        inserted += count;
      }
    }));
    if (inserted !== rows.length) throw new Error(`raw insert stored ${inserted} of ${rows.length}`);
    return rows.length / ((performance.now() - started) / 1000);
  };
  // Warm-up, then the measured runs, each with fresh ids.
  await run("-w", (params) => database.withConnection(async (conn) => (await conn.query(INSERT, params)).length));
  const raw = await run("-r", (params) => database.withConnection(async (conn) => (await conn.query(INSERT, params)).length));
  const prisma = await run("-p", async (params) =>
    (await database.prisma.$transaction((tx) => tx.$queryRawUnsafe<unknown[]>(INSERT, ...params))).length);
  return { raw, prisma };
}

/** In-process CPU cost of the steps before the database, on the same rows, one core. */
function benchCpu(rows: Interaction[]) {
  const body = JSON.stringify({ interactions: rows.slice(0, BATCH_SIZE) });
  const batchCount = Math.ceil(rows.length / BATCH_SIZE);
  const time = (fn: () => void) => {
    let best = Infinity;
    for (let round = 0; round < 4; round++) {
      const started = performance.now();
      fn();
      if (round > 0) best = Math.min(best, (performance.now() - started) / 1000);
    }
    return best;
  };
  const parse = time(() => {
    for (let i = 0; i < batchCount; i++) JSON.parse(body);
  });
  const now = Date.now();
  const validate = time(() => {
    for (const row of rows) validateItem(row, now);
  });
  const secret = "bench-secret";
  const redact = time(() => {
    for (const row of rows) {
      const options = { secret, context: createRedactionContext() };
      for (const field of ["user_intent", "agent_action", "final_outcome", "retry_strategy", "error_category", "correction", "session_id"]) {
        const value = row[field];
        if (typeof value === "string") redactText(value, options);
      }
      redactJson(row.api_response, options);
      if (row.metadata !== undefined) redactJson(row.metadata, options);
    }
  });
  const fingerprint = time(() => {
    for (const row of rows) if (typeof row.error_category === "string") fingerprintFailure(row.error_category, String(row.agent_action), row.api_response);
  });
  const rate = (seconds: number) => Math.round(rows.length / seconds);
  return { parse: rate(parse), validate: rate(validate), redact: rate(redact), fingerprint: rate(fingerprint) };
}

async function benchPglite(): Promise<Row> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-"));
  const rawDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-raw-"));
  try {
    const http = await benchHttp({ kind: "pglite", dataDir }, "pglite");
    log("pglite: raw unnest inserts into a fresh data directory");
    const { database } = await openAndMigrate({ kind: "pglite", dataDir: rawDir, owner: "bench" });
    try {
      const raw = await benchRaw(database, http.rows, 1);
      return { database: "PGlite", ...http, rawRate: raw.raw, rawPrismaRate: raw.prisma };
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rawDir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<Row> {
  log("postgres: starting a throwaway cluster");
  const cluster: Cluster = await startCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("CREATE DATABASE remedy_bench_http");
    await admin.query("CREATE DATABASE remedy_bench_raw");
    await admin.end();
    const urlOf = (name: string) => Object.assign(new URL(cluster.url), { pathname: `/${name}` }).toString();
    const http = await benchHttp({ kind: "postgres", url: urlOf("remedy_bench_http") }, "postgres");
    log("postgres: raw unnest inserts into a second database on the same cluster");
    const { database } = await openAndMigrate({ kind: "postgres", url: urlOf("remedy_bench_raw"), poolSize: CLIENTS });
    try {
      const raw = await benchRaw(database, http.rows, CLIENTS);
      return { database: "PostgreSQL", ...http, rawRate: raw.raw, rawPrismaRate: raw.prisma };
    } finally {
      await database.close();
    }
  } finally {
    cluster.stop();
  }
}

async function main() {
  console.log(`ingest benchmark: ${CLIENTS} HTTP clients × ${BATCHES_PER_CLIENT} batches of ${BATCH_SIZE} realistic interactions ` +
    `(${LOAD.failureRate * 100}% failures, ${LOAD.piiRate * 100}% with PII in text and JSON, ${LOAD.correctionRate * 100}% of failures with a correction), ${SINGLES} single POSTs; ${os.cpus().length} CPUs`);
  const rows: Row[] = [];
  if (!args.only || args.only === "pglite") rows.push(await benchPglite());
  if (!args.only || args.only === "postgres") rows.push(await benchPostgres());

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const table = [
    ["database", "HTTP interactions/s", "raw unnest rows/s", "ratio", "raw via Prisma rows/s", "batch p50 ms", "single POST p50 ms", "single POST p99 ms"],
    ...rows.map((row) => [
      row.database, fmt(row.httpRate), fmt(row.rawRate), `${((100 * row.httpRate) / row.rawRate).toFixed(0)} %`, fmt(row.rawPrismaRate),
      row.batchP50.toFixed(0), row.p50.toFixed(1), row.p99.toFixed(1),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  console.log("");
  for (const [index, line] of table.entries()) {
    console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  const cpu = benchCpu(makeBatches("cpu", 11, 10_000, BATCH_SIZE, LOAD).flat());
  console.log(`\nCPU per step in one process (interactions/s on one core): JSON.parse ${fmt(cpu.parse)}, validate ${fmt(cpu.validate)}, ` +
    `PII redaction ${fmt(cpu.redact)}, fingerprint ${fmt(cpu.fingerprint)}`);
  console.log(`Goal: HTTP ≥ 50 % of the raw rate (about ≥ 12k/s on PGlite, ≥ 40k/s on PostgreSQL).`);
  if (args.profile) console.log(`Server CPU profiles: ${path.resolve(args.profile)}/<database>/*.cpuprofile`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
