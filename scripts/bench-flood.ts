/**
 * One agent's flood against another agent's ingestion, on the production
 * server: agent B posts small batches at a steady rate while agent A, from
 * several connections at once, sends invalid 1 MiB bodies (JSON cut short, an
 * item with 45,000 unknown fields) and oversize ones (2 MiB with a
 * Content-Length, 2 MiB chunked without one), as fast as the server answers.
 * Prints B's latency unloaded and under the flood, their ratio, and what A
 * was answered. The rate limit is the settings' default. Needs the production
 * build (`npm run build`) and, for PostgreSQL, the PostgreSQL 15 binaries.
 * Goal (issue 15): B's p99 under the flood at most 2× its unloaded p99. A MISS
 * is reported, not a failure: the exit code is non-zero only when the bench
 * itself broke (the server failed, B got an error).
 *
 *   npm run bench:flood
 *   npm run bench:flood -- --only postgres          # or pglite (the default runs both)
 *   npm run bench:flood -- --port 3310              # the server's port (default: a free one)
 *   npm run bench:flood -- --profile DIR            # also write the server's CPU profile (.cpuprofile) to DIR
 *   npm run bench:flood -- --slowest                # also print B's six slowest batches of each flood, and when they were sent
 *
 * Phases alternate, unloaded then flood, for --rounds rounds (default 3) of
 * --seconds each (default 6), so that both see the machine's drifting speed;
 * B's figures pool each kind of phase. A's flood runs in a process of its
 * own at the lowest CPU priority (see `Flood`); the machine's cores are still
 * shared by B's client, the server and its database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startCluster } from "../tests/setup/postgres-cluster";
import { createAgentWithKey, startServer, type DatabaseTargetSpec, type RunningServer } from "../tests/helpers/server";
import { interactionFactory, percentile } from "../tests/system/load";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    port: { type: "string" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "6" },
    "warm-seconds": { type: "string", default: "2" },
    rate: { type: "string", default: "50" },
    "batch-size": { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    profile: { type: "string" },
    slowest: { type: "boolean", default: false },
  },
});
const ROUNDS = Number(args.rounds);
const PHASE_MS = Number(args.seconds) * 1000;
const WARM_MS = Number(args["warm-seconds"]) * 1000;
/** B's requests per second, each a batch of BATCH_SIZE interactions: well inside B's own limit. */
const RATE = Number(args.rate);
const BATCH_SIZE = Number(args["batch-size"]);
/** A's connections, each sending its next body as soon as the last is answered. */
const CONNECTIONS = Number(args.connections);
const GOAL_RATIO = 2;

const log = (message: string) => console.error(`  ${message}`);

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds a process has used (user + system), all threads, or only its main thread; 0 once it is gone. */
function cpuSeconds(pid: number, { mainThread = false } = {}): number {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    return (fields[11] + fields[12]) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Share of one core the server used during a phase: its main thread (HTTP, the database on PGlite) and all its threads. */
interface ServerCpu {
  main: number;
  all: number;
}

async function measured<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; cpu: ServerCpu }> {
  const [main, all, started] = [cpuSeconds(pid, { mainThread: true }), cpuSeconds(pid), performance.now()];
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  return { value, cpu: { main: (cpuSeconds(pid, { mainThread: true }) - main) / seconds, all: (cpuSeconds(pid) - all) / seconds } };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Agent B: batches at a fixed rate (open loop), each timed from its first byte sent to its last byte read

interface Timed {
  ms: number;
  status: number;
}

function postBatch(agent: http.Agent, port: number, key: string, body: Buffer): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/interactions",
      agent,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": body.byteLength },
    }, (response) => {
      response.resume();
      response.on("end", () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends B's batches at RATE per second for `ms`; returns each one's latency. */
async function agentB(port: number, key: string, bodies: () => Buffer, ms: number): Promise<Timed[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const results: Array<Promise<Timed>> = [];
  const started = performance.now();
  for (let sent = 0; ; sent++) {
    const due = started + (sent * 1000) / RATE;
    if (due - started >= ms) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    results.push(postBatch(agent, port, key, bodies()));
  }
  const timed = await Promise.all(results);
  agent.destroy();
  return timed;
}

// ---------------------------------------------------------------------------
// Agent A: the flood, in a process of its own

const FLOOD_PROCESS = `
const http = require("node:http");
const { port, key, connections } = JSON.parse(process.argv[1]);
const MIB = 1024 * 1024;
// JSON cut short at the end: the whole MiB is parsed before it fails.
const truncated = Buffer.from('{"interactions": [' + '{"user_intent": "x"},'.repeat(Math.floor((MIB - 40) / 21)));
// Valid JSON, one item with 45,000 fields no interaction has (under 1 MiB).
const fields = [];
for (let i = 0; i < 45000; i++) fields.push('"field_' + i + '": ' + i);
const unknownFields = Buffer.from('{' + fields.join(", ") + '}');
const oversize = Buffer.alloc(2 * MIB, 0x20);
const kinds = [
  { name: "truncated JSON, 1 MiB", body: truncated, chunked: false },
  { name: "45,000 unknown fields", body: unknownFields, chunked: false },
  { name: "2 MiB with Content-Length", body: oversize, chunked: false },
  { name: "2 MiB chunked", body: oversize, chunked: true },
];
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const counts = {};
let sentBytes = 0;
let stopping = false;
const count = (kind, outcome) => {
  const name = kind.name + ": " + outcome;
  counts[name] = (counts[name] || 0) + 1;
};
function send(kind) {
  return new Promise((resolve) => {
    const headers = { authorization: "Bearer " + key, "content-type": "application/json" };
    if (!kind.chunked) headers["content-length"] = kind.body.byteLength;
    const request = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/v1/interactions", agent, headers }, (response) => {
      response.resume();
      response.on("end", () => { count(kind, String(response.statusCode)); resolve(); });
      response.on("error", () => { count(kind, "reset"); resolve(); });
    });
    request.on("error", () => { count(kind, "reset"); resolve(); });
    if (kind.chunked) {
      for (let offset = 0; offset < kind.body.byteLength; offset += 64 * 1024) request.write(kind.body.subarray(offset, offset + 64 * 1024));
      request.end();
    } else {
      request.end(kind.body);
    }
    sentBytes += kind.body.byteLength;
  });
}
async function connection(index) {
  for (let i = index; !stopping; i++) await send(kinds[i % kinds.length]);
}
let running = [];
process.on("message", async (message) => {
  if (message === "start") {
    stopping = false;
    running = Array.from({ length: connections }, (_, index) => connection(index));
  } else if (message === "stop") {
    stopping = true;
    await Promise.all(running);
    process.send({ counts, sentBytes });
    for (const name of Object.keys(counts)) delete counts[name];
    sentBytes = 0;
  } else if (message === "exit") {
    process.exit(0);
  }
});
process.send("ready");
`;

interface FloodReport {
  counts: Record<string, number>;
  sentBytes: number;
}

/**
 * The attacker's client runs at the lowest CPU priority (nice 19): a real
 * one spends its own machine's CPU, not the server's, and B's client and the
 * server come first on this one. What the flood costs the server is still
 * the server's.
 */
class Flood {
  private constructor(private readonly child: ChildProcess) {}

  static async start(port: number, key: string): Promise<Flood> {
    const child = spawn("nice", ["-n", "19", process.execPath, "-e", FLOOD_PROCESS, JSON.stringify({ port, key, connections: CONNECTIONS })], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the flood's process exited with ${code}`)));
    });
    return new Flood(child);
  }

  begin(): void {
    this.child.send("start");
  }

  end(): Promise<FloodReport> {
    const report = new Promise<FloodReport>((resolve) => this.child.once("message", (message) => resolve(message as FloodReport)));
    this.child.send("stop");
    return report;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.send("exit");
    });
  }
}

// ---------------------------------------------------------------------------

interface Result {
  database: string;
  unloaded: number[];
  flooded: number[];
  roundRatios: number[];
  flood: FloodReport;
  floodSeconds: number;
  cpu: { unloaded: ServerCpu[]; flooded: ServerCpu[] };
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;
const share = (phases: ServerCpu[], which: keyof ServerCpu) => `${Math.round(percentile(phases.map((phase) => phase[which]), 0.5) * 100)}%`;

async function run(label: string, target: DatabaseTargetSpec): Promise<Result> {
  log(`${label}: creating agents A (the flood) and B`);
  const keyA = await createAgentWithKey(target, "bench-flood-a");
  const keyB = await createAgentWithKey(target, "bench-flood-b");
  // Request logs at the production level: a flood of requests is a flood of log lines.
  const profileDir = args.profile ? path.resolve(args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server: RunningServer = await startServer(target, {
    env: { LOG_LEVEL: "info" },
    port: args.port ? Number(args.port) : undefined,
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  const make = interactionFactory(`flood-${Date.now()}`, 15, { failureRate: 0.3, piiRate: 0.2 });
  let next = 0;
  const bodies = () => Buffer.from(JSON.stringify({ interactions: Array.from({ length: BATCH_SIZE }, () => make(next++)) }));
  const flood = await Flood.start(server.port, keyA);
  try {
    log(`${label}: warming up for ${WARM_MS / 1000} s`);
    await agentB(server.port, keyB, bodies, WARM_MS);
    const unloaded: number[] = [];
    const flooded: number[] = [];
    const roundRatios: number[] = [];
    const cpu: Result["cpu"] = { unloaded: [], flooded: [] };
    const total: FloodReport = { counts: {}, sentBytes: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const { value: quiet, cpu: quietCpu } = await measured(server.pid, () => agentB(server.port, keyB, bodies, PHASE_MS));
      flood.begin();
      const { value: loud, cpu: loudCpu } = await measured(server.pid, () => agentB(server.port, keyB, bodies, PHASE_MS));
      const report = await flood.end();
      cpu.unloaded.push(quietCpu);
      cpu.flooded.push(loudCpu);
      for (const [name, n] of Object.entries(report.counts)) total.counts[name] = (total.counts[name] ?? 0) + n;
      total.sentBytes += report.sentBytes;
      const failed = [...quiet, ...loud].filter((result) => result.status !== 202);
      if (failed.length > 0) throw new Error(`agent B was answered ${[...new Set(failed.map((result) => result.status))].join(", ")} (${failed.length} batches)`);
      unloaded.push(...quiet.map((result) => result.ms));
      flooded.push(...loud.map((result) => result.ms));
      const ratio = percentile(loud.map((result) => result.ms), 0.99) / percentile(quiet.map((result) => result.ms), 0.99);
      roundRatios.push(ratio);
      if (args.slowest) log(`${label} round ${round}, B's slowest under the flood (ms after the flood began): ${loud.map((r, i) => [r.ms, i * 1000 / RATE] as const).sort((a, b) => b[0] - a[0]).slice(0, 6).map(([ms, at]) => `${ms.toFixed(0)} ms at ${at.toFixed(0)} ms`).join(", ")}`);
      log(`${label} round ${round}: B p99 unloaded ${fmt(percentile(quiet.map((r) => r.ms), 0.99))}, under flood ${fmt(percentile(loud.map((r) => r.ms), 0.99))} (×${ratio.toFixed(2)})`);
    }
    return { database: label, unloaded, flooded, roundRatios, flood: total, floodSeconds: (ROUNDS * PHASE_MS) / 1000, cpu };
  } finally {
    await flood.close();
    const exit = await server.stop();
    if (exit.code !== 0) log(`${label}: the server exited with ${exit.code ?? exit.signal}:\n${server.output().slice(-2_000)}`);
  }
}

function report(result: Result): string[] {
  const p = (values: number[], q: number) => percentile(values, q);
  const ratio = p(result.flooded, 0.99) / p(result.unloaded, 0.99);
  const requests = Object.values(result.flood.counts).reduce((sum, n) => sum + n, 0);
  const lines = [
    `${result.database}: agent B, ${RATE} batches/s of ${BATCH_SIZE} interactions (${result.unloaded.length} batches per kind of phase)`,
    `  unloaded      p50 ${fmt(p(result.unloaded, 0.5))}   p99 ${fmt(p(result.unloaded, 0.99))}`,
    `  under flood   p50 ${fmt(p(result.flooded, 0.5))}   p99 ${fmt(p(result.flooded, 0.99))}`,
    `  p99 ratio     ×${ratio.toFixed(2)} pooled, rounds ${result.roundRatios.map((r) => `×${r.toFixed(2)}`).join(" ")}   (goal ≤ ×${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? "met" : "MISS"})`,
    `  server CPU    unloaded: main thread ${share(result.cpu.unloaded, "main")}, all threads ${share(result.cpu.unloaded, "all")};` +
      ` under flood: main thread ${share(result.cpu.flooded, "main")}, all threads ${share(result.cpu.flooded, "all")} (of one core, median of rounds)`,
    `  agent A: ${requests.toLocaleString("en-US")} requests in ${result.floodSeconds} s from ${CONNECTIONS} connections, ${(result.flood.sentBytes / 1024 / 1024).toFixed(0)} MiB offered`,
  ];
  for (const [name, n] of Object.entries(result.flood.counts).sort()) lines.push(`    ${name.padEnd(40)} ${n.toLocaleString("en-US").padStart(7)}`);
  return lines;
}

async function main() {
  const only = args.only;
  const results: Result[] = [];
  if (!only || only === "pglite") {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-flood-"));
    try {
      results.push(await run("PGlite", { kind: "pglite", dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (!only || only === "postgres") {
    const cluster = await startCluster();
    try {
      results.push(await run("PostgreSQL", { kind: "postgres", url: cluster.url }));
    } finally {
      cluster.stop();
    }
  }
  console.log(["", `One agent's flood against another's ingestion (${os.availableParallelism()} cores, load ${os.loadavg().map((n) => n.toFixed(1)).join(" ")})`, "", ...results.flatMap((result) => [...report(result), ""])].join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
