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
 *
 * The machine is shared and its speed drifts by tens of percent within a
 * minute, so HTTP and raw phases alternate (--rounds, default 3) and the
 * table reports medians: the ratio is the median of each round's ratio.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openAndMigrate, type Database } from "@/lib/db/client";
import { sql, type Sql } from "@/lib/db/sql";
import { fingerprintFailure } from "@/lib/domain/fingerprint";
import { createRedactionContext, redactJson, redactText } from "@/lib/domain/pii";
import { validateItem } from "@/lib/server/ingest/prepare";
import { startCluster, type Cluster } from "../tests/setup/postgres-cluster";
import { createAgentWithKey, raiseRateLimit, startServer, type DatabaseTargetSpec } from "../tests/helpers/server";
import { encodeBatch, makeBatches, percentile, postInteractions, type Interaction } from "../tests/system/load";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    profile: { type: "string" },
    clients: { type: "string", default: "4" },
    batches: { type: "string", default: "10" },
    "batch-size": { type: "string", default: "500" },
    singles: { type: "string", default: "300" },
    workers: { type: "string" },
    rounds: { type: "string", default: "3" },
  },
});
const CLIENTS = Number(args.clients);
const BATCHES_PER_CLIENT = Number(args.batches);
const BATCH_SIZE = Number(args["batch-size"]);
const SINGLES = Number(args.singles);
const ROUNDS = Number(args.rounds);
const LOAD = { failureRate: 0.3, piiRate: 0.25, days: 3, correctionRate: 0.3 };

interface Row {
  database: string;
  httpRate: number;
  rawRate: number;
  ratio: number;
  rounds: string;
  rawPrismaRate: number;
  p50: number;
  p99: number;
  batchP50: number;
  payloadKiB: number;
  /** Median CPU per row of each phase, by process. */
  httpCpu: string;
  rawCpu: string;
}

const log = (message: string) => console.error(`  ${message}`);

const median = (values: number[]) => percentile(values, 0.5);

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used, all its threads together,
 * or one thread of it; 0 once it is gone. With `reaped`, also what its ended
 * children used (cutime + cstime), which they hand to it when reaped.
 */
function processCpuSeconds(pid: number, { thread, reaped = false }: { thread?: number; reaped?: boolean } = {}): number {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    return (fields[11] + fields[12] + (reaped ? fields[13] + fields[14] : 0)) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every PostgreSQL process on the machine (the benchmark's
 * cluster is the only one running), counting backends that ended: a pool
 * closes idle connections, and their CPU moves to the postmaster's reaped
 * children rather than vanishing from the sum.
 */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") total += processCpuSeconds(Number(entry), { reaped: true });
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The most memory a process has held so far (VmHWM), in MiB. */
function peakResidentMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

interface CpuSplit {
  client: number;
  /** The server's main thread: HTTP, the route, the database driver. */
  server: number;
  /** The server's other threads: ingest workers, garbage collection, I/O. */
  threads: number;
  database: number;
}

/** Where the CPU of a phase went: this process, the server process (all its threads), PostgreSQL. */
function cpuMeter(serverPid: number | null) {
  const read = (): CpuSplit => {
    const usage = process.cpuUsage();
    const main = serverPid === null ? 0 : processCpuSeconds(serverPid, { thread: serverPid });
    return {
      client: (usage.user + usage.system) / 1e6,
      server: main,
      threads: serverPid === null ? 0 : processCpuSeconds(serverPid) - main,
      database: postgresCpuSeconds(),
    };
  };
  const start = read();
  return (): CpuSplit => {
    const end = read();
    const delta = (key: keyof CpuSplit) => end[key] - start[key];
    return { client: delta("client"), server: delta("server"), threads: delta("threads"), database: delta("database") };
  };
}

const perRowMicros = (split: CpuSplit, rows: number) => {
  const micros = (seconds: number) => Math.round((1e6 * seconds) / rows);
  const server = split.server + split.threads > 0 ? `server main ${micros(split.server)} + other threads ${micros(split.threads)}, ` : "";
  return `µs CPU per row: client ${micros(split.client)}, ${server}PostgreSQL ${micros(split.database)}`;
};

/** The median of each part of several phases' CPU splits, per row. */
function medianSplit(splits: CpuSplit[], rows: number): string {
  const part = (key: keyof CpuSplit) => median(splits.map((split) => split[key]));
  return perRowMicros({ client: part("client"), server: part("server"), threads: part("threads"), database: part("database") }, rows);
}

/**
 * A raw round on PGlite keeps this process's event loop busy for seconds,
 * long enough for the server to close idle keep-alive sockets unnoticed; the
 * next request on such a socket fails. Every item carries an interaction_id,
 * so sending it again is safe, as an agent would.
 */
async function post(url: string, key: string, payload: Interaction[] | Interaction | string, timeoutMs?: number) {
  try {
    return await postInteractions(url, key, payload, timeoutMs);
  } catch (error) {
    if (!(error instanceof TypeError) || !/fetch failed/.test(error.message)) throw error;
    return postInteractions(url, key, payload, timeoutMs);
  }
}

/** Alternates HTTP rounds against the production server with raw rounds of the same rows on `raw`. */
async function benchRounds(target: DatabaseTargetSpec, label: string, raw: { database: Database; writers: number }) {
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
    const warm = makeBatches("warm", 7, 4 * BATCH_SIZE, BATCH_SIZE, LOAD);
    for (const batch of warm) {
      const result = await post(server.url, key, batch);
      if (result.status !== 202) throw new Error(`warm-up answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    const rawAgent = await createRawAgent(raw.database);
    await rawRate(raw.database, rawAgent, warm.flat(), raw.writers, "-w");

    const httpRates: number[] = [];
    const rawRates: number[] = [];
    const batchMs: number[] = [];
    const httpSplits: CpuSplit[] = [];
    const rawSplits: CpuSplit[] = [];
    let rows: Interaction[] = [];
    let payloadKiB = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const perClient = Array.from({ length: CLIENTS }, (_, client) =>
        makeBatches(`load-r${round}-c${client}`, 100 * round + client, BATCHES_PER_CLIENT * BATCH_SIZE, BATCH_SIZE, LOAD));
      // Bodies are encoded before the clock starts; the clients share the server's two cores.
      const bodies = perClient.map((batches) => batches.map(encodeBatch));
      payloadKiB = Buffer.byteLength(bodies[0][0]) / 1024;
      log(`${label}: round ${round}/${ROUNDS}: ${CLIENTS} clients × ${BATCHES_PER_CLIENT} batches of ${BATCH_SIZE} (${payloadKiB.toFixed(0)} KiB each) over HTTP`);
      let accepted = 0;
      const meter = cpuMeter(server.pid);
      const started = performance.now();
      await Promise.all(bodies.map(async (batches) => {
        for (const body of batches) {
          const result = await post(server.url, key, body, 120_000);
          if (result.status !== 202) throw new Error(`batch answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
          accepted += result.body!.accepted;
          batchMs.push(result.ms);
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      const total = CLIENTS * BATCHES_PER_CLIENT * BATCH_SIZE;
      if (accepted !== total) throw new Error(`accepted ${accepted} of ${total}`);
      httpRates.push(total / seconds);
      httpSplits.push(meter());
      log(`${label}: round ${round}/${ROUNDS}: ${Math.round(total / seconds)}/s over HTTP; ${perRowMicros(httpSplits.at(-1)!, total)}`);
      rows = perClient.flat(2);
      log(`${label}: round ${round}/${ROUNDS}: the same rows as raw unnest inserts, ${raw.writers} writer(s)`);
      const rawMeter = cpuMeter(null);
      rawRates.push(await rawRate(raw.database, rawAgent, rows, raw.writers, `-r${round}`));
      rawSplits.push(rawMeter());
      log(`${label}: round ${round}/${ROUNDS}: ${Math.round(rawRates.at(-1)!)}/s raw; ${perRowMicros(rawSplits.at(-1)!, rows.length)}`);
    }
    const rawPrismaRate = await rawRate(raw.database, rawAgent, rows, raw.writers, "-p", "prisma");
    log(`${label}: the server's peak resident memory so far: ${peakResidentMiB(server.pid)} MiB`);

    log(`${label}: ${SINGLES} sequential single-interaction POSTs`);
    const make = makeBatches("single", 9, SINGLES, 1, LOAD).map((batch) => batch[0]);
    const singleMs: number[] = [];
    for (const item of make) {
      const result = await post(server.url, key, item);
      if (result.status !== 202) throw new Error(`single POST answered ${result.status}`);
      singleMs.push(result.ms);
    }
    const ratios = httpRates.map((rate, index) => rate / rawRates[index]);
    return {
      httpRate: median(httpRates),
      rawRate: median(rawRates),
      ratio: median(ratios),
      rounds: ratios.map((ratio) => `${Math.round(100 * ratio)}`).join("/"),
      rawPrismaRate,
      batchP50: median(batchMs),
      p50: median(singleMs),
      p99: percentile(singleMs, 0.99),
      payloadKiB,
      httpCpu: medianSplit(httpSplits, rows.length),
      rawCpu: medianSplit(rawSplits, rows.length),
    };
  } finally {
    const exit = await server.stop("SIGTERM");
    if (exit.code !== 0) log(`${label}: server exited ${JSON.stringify(exit)}\n${server.output()}`);
  }
}

/**
 * The reference: a plain `unnest` insert of the same rows (not redacted: this
 * is the database's part alone), one array per column.
 */
function insertStatement(agentId: string, batch: Interaction[], suffix: string): Sql {
  const column = (pick: (item: Interaction) => unknown) => batch.map(pick);
  const text = (value: unknown) => (value == null ? null : String(value));
  return sql`INSERT INTO interactions (agent_id, external_id, occurred_at, user_intent, agent_action, api_response, retry_strategy,
                             final_outcome, error_category, failed, confidence, latency_ms, model_version, correction,
                             session_id, metadata, pattern_id, pii_counts, pii_total)
   SELECT ${agentId}::uuid, x, t, ui, aa, ar::jsonb, rs, fo, ec, ec IS NOT NULL, cf, lm, mv, co, si, md::jsonb, pi::uuid, pc::jsonb, pt
     FROM unnest(
            ${column((item) => `${item.interaction_id}${suffix}`)}::text[],
            ${column((item) => item.timestamp)}::timestamptz[],
            ${column((item) => item.user_intent)}::text[],
            ${column((item) => item.agent_action)}::text[],
            ${column((item) => JSON.stringify(item.api_response))}::text[],
            ${column((item) => text(item.retry_strategy))}::text[],
            ${column((item) => item.final_outcome)}::text[],
            ${column((item) => text(item.error_category))}::text[],
            ${column((item) => item.confidence_score)}::float8[],
            ${column((item) => item.latency_ms ?? null)}::int[],
            ${column((item) => item.model_version ?? "")}::text[],
            ${column((item) => text(item.correction))}::text[],
            ${column((item) => text(item.session_id))}::text[],
            ${column((item) => (item.metadata === undefined ? null : JSON.stringify(item.metadata)))}::text[],
            ${column(() => null)}::text[],
            ${column(() => null)}::text[],
            ${column(() => 0)}::int[]
          ) AS u(x, t, ui, aa, ar, rs, fo, ec, cf, lm, mv, co, si, md, pi, pc, pt)
   ON CONFLICT (agent_id, external_id) DO NOTHING
   RETURNING external_id`;
}

async function createRawAgent(database: Database): Promise<string> {
  const [agent] = await database.prisma.$queryRaw<Array<{ id: string }>>(
    sql`INSERT INTO agents (id, name, updated_at) VALUES (gen_random_uuid(), 'bench-raw', now()) RETURNING id::text`);
  return agent.id;
}

/** Raw insert rate of `rows` in batches: through the driver, or through Prisma's $queryRaw. Ids get `suffix`, so every run inserts. */
async function rawRate(database: Database, agentId: string, rows: Interaction[], writers: number, suffix: string, via: "driver" | "prisma" = "driver") {
  // Parameters are built before the clock starts, as the HTTP round's bodies are.
  const queue: Sql[] = [];
  for (let start = 0; start < rows.length; start += BATCH_SIZE) queue.push(insertStatement(agentId, rows.slice(start, start + BATCH_SIZE), suffix));
  const insert = via === "driver"
    ? (statement: Sql) => database.withConnection(async (conn) => (await conn.query(statement)).length)
    : async (statement: Sql) => (await database.prisma.$transaction((tx) => tx.$queryRaw<unknown[]>(statement))).length;
  let inserted = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, async () => {
    for (let params = queue.shift(); params; params = queue.shift()) {
      const count = await insert(params);
      inserted += count;
    }
  }));
  if (inserted !== rows.length) throw new Error(`raw insert stored ${inserted} of ${rows.length}`);
  return rows.length / ((performance.now() - started) / 1000);
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
    // The raw side runs in this process, into a data directory of its own, while the server is idle.
    const { database } = await openAndMigrate({ kind: "pglite", dataDir: rawDir, owner: "bench" });
    try {
      return { database: "PGlite", ...(await benchRounds({ kind: "pglite", dataDir }, "pglite", { database, writers: 1 })) };
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
    // The raw side writes into a second database on the same cluster, while the server is idle.
    const { database } = await openAndMigrate({ kind: "postgres", url: urlOf("remedy_bench_raw"), poolSize: CLIENTS });
    try {
      const target = { kind: "postgres" as const, url: urlOf("remedy_bench_http") };
      return { database: "PostgreSQL", ...(await benchRounds(target, "postgres", { database, writers: CLIENTS })) };
    } finally {
      await database.close();
    }
  } finally {
    cluster.stop();
  }
}

async function main() {
  console.log(`ingest benchmark: ${ROUNDS} rounds of ${CLIENTS} HTTP clients × ${BATCHES_PER_CLIENT} batches of ${BATCH_SIZE} realistic interactions ` +
    `(${LOAD.failureRate * 100}% failures, ${LOAD.piiRate * 100}% with PII in text and JSON, ${LOAD.correctionRate * 100}% of failures with a correction), ${SINGLES} single POSTs; ${os.cpus().length} CPUs`);
  const rows: Row[] = [];
  if (!args.only || args.only === "pglite") rows.push(await benchPglite());
  if (!args.only || args.only === "postgres") rows.push(await benchPostgres());

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const table = [
    ["database", "HTTP interactions/s", "raw unnest rows/s", "ratio", "ratio per round %", "raw via Prisma rows/s", "batch p50 ms", "single POST p50 ms", "single POST p99 ms"],
    ...rows.map((row) => [
      row.database, fmt(row.httpRate), fmt(row.rawRate), `${(100 * row.ratio).toFixed(0)} %`, row.rounds, fmt(row.rawPrismaRate),
      row.batchP50.toFixed(0), row.p50.toFixed(1), row.p99.toFixed(1),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  console.log("");
  for (const [index, line] of table.entries()) {
    console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  console.log("");
  for (const row of rows) console.log(`${row.database}, median ${row.httpCpu.replace("µs CPU per row", "µs of CPU per row over HTTP")}; raw: ${row.rawCpu.replace("µs CPU per row: ", "")}`);
  const cpu = benchCpu(makeBatches("cpu", 11, 10_000, BATCH_SIZE, LOAD).flat());
  console.log(`\nCPU per step in one process (interactions/s on one core): JSON.parse ${fmt(cpu.parse)}, validate ${fmt(cpu.validate)}, ` +
    `PII redaction ${fmt(cpu.redact)}, fingerprint ${fmt(cpu.fingerprint)}`);
  console.log(`Rates and ratio are medians over the rounds; each raw round inserts the rows its HTTP round just sent.`);
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
