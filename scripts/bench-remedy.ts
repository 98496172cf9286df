/**
 * The agents' hot path under load: POST /api/v1/remedy, GET /api/v1/knowledge and GET /api/v1/route
 * on the production server, beside a bare `node:http` JSON endpoint measured in
 * the same run, on PGlite and PostgreSQL. Needs the production build
 * (`npm run build`) and the PostgreSQL 15 binaries. Prints the figures; a MISS
 * is reported, not a failure: the exit code is non-zero only when the bench
 * itself broke (a server failed, over 1 % errors, no answer from knowledge).
 * Goals (issue 11): p99 < 5 ms at 2,000 requests/s, and at least half the
 * bare endpoint's requests/s. Each endpoint is compared with the bare one
 * that does the same work: /remedy, /route and the small /knowledge with a
 * JSON POST answered with a small JSON; the 500-entry /knowledge (194 KiB,
 * sent from bytes made once) with a bare GET sending as many bytes made once,
 * since beside a 100-byte answer it measures mostly the generator reading
 * 194 KiB.
 *
 *   npm run bench:remedy
 *   npm run bench:remedy -- --only pglite          # or postgres
 *   npm run bench:remedy -- --profile DIR          # also write the server's CPU profile (.cpuprofile) to DIR
 *   npm run bench:remedy -- --endpoint remedy      # only the endpoints whose label holds this (and their bare comparators)
 *
 * Two phases per endpoint. Open loop: requests leave at a fixed rate whether
 * or not earlier ones were answered (queued when every connection is busy),
 * and each latency is from the request's first byte written to its last byte
 * read. Closed loop: `--connections` keep-alive connections each send their
 * next request as soon as the previous one is answered; rounds alternate
 * between the endpoints and the table reports medians, since the machine's
 * speed drifts within a minute. The load generator is this one process, on
 * raw sockets with the requests encoded before the clock starts: with two
 * cores it competes with the server for the CPU, more so in the closed loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { fingerprintFailure } from "@/lib/domain/fingerprint";
import { correctionKey } from "@/lib/domain/knowledge";
import { createRedactionContext, defaultPiiSettings, redactJson, redactText } from "@/lib/domain/pii";
import type { RemedyAnswer, RemedyRequest } from "@/lib/schemas/knowledge";
import { createAgentWithKey, startServer, withDatabase, type DatabaseTargetSpec, type RunningServer } from "../tests/helpers/server";
import { startCluster } from "../tests/setup/postgres-cluster";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    profile: { type: "string" },
    endpoint: { type: "string" },
    rate: { type: "string", default: "2000" },
    seconds: { type: "string", default: "10" },
    "warm-seconds": { type: "string", default: "2" },
    connections: { type: "string", default: "32" },
    "round-seconds": { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    patterns: { type: "string", default: "500" },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WARM_SECONDS = Number(args["warm-seconds"]);
const CONNECTIONS = Number(args.connections);
const ROUND_SECONDS = Number(args["round-seconds"]);
const ROUNDS = Number(args.rounds);
const PATTERNS = Number(args.patterns);
/** The second agent's knowledge: /knowledge's cost apart from the size of a large answer. */
const SMALL_PATTERNS = 20;
/** Open-loop connections: enough that a request never waits for one unless the server stalls. */
const OPEN_LOOP_CONNECTIONS = 64;
/** One /remedy request in this many asks about a failure no knowledge covers: it is answered "none". */
const MISS_EVERY = 5;
const GOAL_P99_MS = 5;
const GOAL_RATIO = 0.5;
const MAX_ERROR_SHARE = 0.01;

const log = (message: string) => console.error(`  ${message}`);

// ---------------------------------------------------------------------------
// Failures and knowledge

/** Words without digits: the fingerprint turns every digit-bearing token into {id} or {n}. */
const RESOURCES = [
  "orders", "invoices", "shipments", "refunds", "payments", "carts", "coupons", "reviews", "tickets", "products",
  "warehouses", "returns", "subscriptions", "quotes", "catalogs", "bundles", "deliveries", "receipts", "vouchers", "inventories",
  "carriers", "parcels", "manifests", "pallets", "tariffs",
];
const STEPS = [
  "status", "summary", "history", "lines", "totals", "labels", "notes", "tracking", "audit", "events",
  "limits", "rates", "prices", "schedule", "options", "owners", "tags", "stock", "routes", "fees",
];
const CATEGORIES = ["rate_limit", "timeout", "upstream_unavailable", "validation", "not_found"];
const ERRORS = ["429 Too Many Requests", "504 Gateway Timeout", "503 upstream unavailable", "422 field out of range", "404 resource missing"];

/** The `pattern`th distinct failure (actions differ by words), `variant` only changing the ids, so the fingerprint stays. */
function failureOf(pattern: number, variant: number, agent: string): RemedyRequest {
  const resource = RESOURCES[pattern % RESOURCES.length];
  const step = STEPS[Math.floor(pattern / RESOURCES.length) % STEPS.length];
  const kind = pattern % CATEGORIES.length;
  return {
    user_intent: `check the ${step} of ${resource} for the ${agent} desk`,
    agent_action: `GET /api/v2/${resource}/${10_000 + variant}/${step}?page=${variant % 9}`,
    api_response: { error: ERRORS[kind], request: variant },
    error_category: CATEGORIES[kind],
  };
}

/** A failure no seeded pattern has: the same shape, another category. */
function unknownFailureOf(variant: number): RemedyRequest {
  return { ...failureOf(variant % PATTERNS, variant, "unknown"), error_category: "quota_exceeded" };
}

const correctionOf = (pattern: number) =>
  `Wait for the interval in Retry-After, then send the ${RESOURCES[pattern % RESOURCES.length]} request again with the same idempotency key (playbook ${pattern})`;

/** The server fingerprints the failure after the PII firewall: a text it would change would never match its pattern. */
function assertPiiFree(request: RemedyRequest): void {
  const options = { secret: "bench", settings: defaultPiiSettings, context: createRedactionContext() };
  const unchanged =
    redactText(request.user_intent, options).text === request.user_intent &&
    redactText(request.agent_action, options).text === request.agent_action &&
    JSON.stringify(redactJson(request.api_response, options).value) === JSON.stringify(request.api_response) &&
    (request.error_category === null || redactText(request.error_category, options).text === request.error_category);
  if (!unchanged) throw new Error(`the PII firewall changes a bench failure, so it would miss its pattern: ${JSON.stringify(request)}`);
}

/**
 * An agent at the full stage (where knowledge answers in production) with one
 * error pattern and one active knowledge entry per failure, as approvals
 * would leave them (confidence 0.95, above the 0.85 activation default).
 */
async function seedKnowledge(database: Database, agentName: string, patterns: number): Promise<void> {
  const fingerprints: string[] = [];
  const categories: string[] = [];
  const actions: string[] = [];
  const errors: string[] = [];
  const corrections: string[] = [];
  const keys: string[] = [];
  for (let pattern = 0; pattern < patterns; pattern++) {
    const failure = failureOf(pattern, 0, agentName);
    assertPiiFree(failure);
    const fingerprint = fingerprintFailure(failure.error_category!, failure.agent_action, failure.api_response);
    fingerprints.push(fingerprint.hash);
    categories.push(fingerprint.category);
    actions.push(fingerprint.actionTemplate);
    errors.push(fingerprint.errorTemplate);
    corrections.push(correctionOf(pattern));
    keys.push(correctionKey(correctionOf(pattern)));
  }
  if (new Set(fingerprints).size !== patterns) throw new Error(`the ${patterns} bench failures share fingerprints: make their actions differ by words`);
  await database.withConnection(async (conn) => {
    await conn.query(sql`UPDATE agents SET stage = 'FULL', stage_changed_at = now(), interaction_count = 1000000 WHERE name = ${agentName}`);
    await conn.query(sql`
      INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
      SELECT gen_random_uuid(), a.id, u.f, u.c, u.t, u.e, now(), now(), 10
        FROM agents a, unnest(${fingerprints}::text[], ${categories}::text[], ${actions}::text[], ${errors}::text[]) AS u(f, c, t, e)
       WHERE a.name = ${agentName}`);
    await conn.query(sql`
      INSERT INTO knowledge_entries (id, agent_id, pattern_id, correction_key, correction, intents, approvals, confidence_sum, confidence, enabled, updated_at)
      SELECT gen_random_uuid(), p.agent_id, p.id, u.k, u.c, '{}'::jsonb, 2, 1.9, 0.95, true, now()
        FROM error_patterns p
        JOIN agents a ON a.id = p.agent_id AND a.name = ${agentName}
        JOIN unnest(${fingerprints}::text[], ${keys}::text[], ${corrections}::text[]) AS u(f, k, c) ON u.f = p.fingerprint`);
    // A stable version and a live rollout of a candidate at 25%, so /route hashes every key into its arm.
    await conn.query(sql`
      WITH a AS (SELECT id FROM agents WHERE name = ${agentName}),
           stable AS (INSERT INTO model_versions (id, agent_id, version, kind, metrics, safety_status) SELECT gen_random_uuid(), a.id, 'stable-1', 'EXTERNAL', '{}'::jsonb, 'PASS' FROM a RETURNING id, agent_id),
           candidate AS (INSERT INTO model_versions (id, agent_id, version, kind, metrics, safety_status) SELECT gen_random_uuid(), a.id, 'candidate-2', 'EXTERNAL', '{}'::jsonb, 'PASS' FROM a RETURNING id),
           serving AS (UPDATE agents SET serving_model_version_id = stable.id FROM stable WHERE agents.id = stable.agent_id)
      INSERT INTO rollouts (id, agent_id, candidate_version_id, baseline_version_id, percent, steps, window_minutes, auto_promote, on_fail, created_by, updated_at)
      SELECT gen_random_uuid(), stable.agent_id, candidate.id, stable.id, 25, '{5,25,50,100}', 60, false, 'PAUSE', 'bench', now() FROM stable, candidate`);
  });
}

// ---------------------------------------------------------------------------
// The load generator: raw keep-alive sockets, one request in flight on each

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

type Answered = (status: number, response: Buffer, bodyStart: number) => void;
type Failed = (error: Error) => void;

class Connection {
  alive = true;
  private partial: Buffer | null = null;
  private answered: Answered | null = null;
  private failed: Failed | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("error", () => this.die(new Error("socket error")));
    socket.on("close", () => this.die(new Error("connection closed by the server")));
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new Connection(socket));
      });
      socket.once("error", reject);
    });
  }

  send(request: Buffer, answered: Answered, failed: Failed): void {
    this.answered = answered;
    this.failed = failed;
    this.socket.write(request);
  }

  close(): void {
    this.alive = false;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    const buffer = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    const headerEnd = buffer.indexOf(HEADER_END);
    if (headerEnd === -1) {
      this.partial = buffer;
      return;
    }
    const length = CONTENT_LENGTH.exec(buffer.toString("latin1", 0, headerEnd + 2));
    if (!length) {
      this.die(new Error("a response without Content-Length"));
      return;
    }
    const total = headerEnd + 4 + Number(length[1]);
    if (buffer.length < total) {
      this.partial = buffer;
      return;
    }
    this.partial = null;
    const answered = this.answered;
    this.answered = null;
    this.failed = null;
    if (buffer.length > total) {
      this.die(new Error("more bytes than one response"));
      return;
    }
    const status = (buffer[9] - 48) * 100 + (buffer[10] - 48) * 10 + (buffer[11] - 48);
    answered?.(status, buffer, headerEnd + 4);
  }

  private die(error: Error): void {
    if (!this.alive) return;
    this.alive = false;
    this.socket.destroy();
    const failed = this.failed;
    this.answered = null;
    this.failed = null;
    failed?.(error);
  }
}

interface Endpoint {
  label: string;
  port: number;
  pid: number;
  /** Raw HTTP/1.1 requests, sent round-robin. */
  requests: Buffer[];
  /** Bytes that mark an answer from knowledge, counted in each response body. */
  knowledgeMark?: Buffer;
  /** The bare endpoint it is compared with (its index among the endpoints); a bare endpoint has none. */
  comparedWith?: number;
}

function encodeRequest(port: number, method: "GET" | "POST", url: string, key: string, body?: unknown): Buffer {
  const payload = body === undefined ? "" : JSON.stringify(body);
  const head = [`${method} ${url} HTTP/1.1`, `host: 127.0.0.1:${port}`, `authorization: Bearer ${key}`];
  if (body !== undefined) head.push("content-type: application/json", `content-length: ${Buffer.byteLength(payload)}`);
  return Buffer.from(`${head.join("\r\n")}\r\n\r\n${payload}`);
}

interface Tally {
  completed: number;
  errors: number;
  knowledge: number;
  firstError: string | null;
}

function tallyAnswer(tally: Tally, endpoint: Endpoint, status: number, response: Buffer, bodyStart: number): void {
  tally.completed += 1;
  if (status !== 200) {
    tally.errors += 1;
    tally.firstError ??= `${status}: ${response.toString("utf8", bodyStart, bodyStart + 300)}`;
  } else if (endpoint.knowledgeMark && response.indexOf(endpoint.knowledgeMark, bodyStart) !== -1) {
    tally.knowledge += 1;
  }
}

function tallyFailure(tally: Tally, error: Error): void {
  tally.completed += 1;
  tally.errors += 1;
  tally.firstError ??= error.message;
}

const openPool = (port: number, size: number) => Promise.all(Array.from({ length: size }, () => Connection.open(port)));

interface OpenLoopResult {
  achieved: number;
  /** Of the requests answered (errors included). */
  latencies: Float64Array;
  /** How late each request left against its schedule: the generator's own delay, not the server's. */
  lags: Float64Array;
  /** Still unanswered 10 s after the last one was due: the server fell behind. */
  unanswered: number;
  tally: Tally;
  cpu: CpuCores;
}

/**
 * Sends `rate` requests a second for `seconds`, on a timer that wakes about
 * every millisecond and sends what is due; a request finding every connection
 * busy waits in a queue (counted as lag). Stops waiting 10 s after the
 * last request was due.
 */
async function openLoop(endpoint: Endpoint, rate: number, seconds: number): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const pool = await openPool(endpoint.port, OPEN_LOOP_CONNECTIONS);
  const idle: Connection[] = [...pool];
  const waiting: number[] = [];
  const latencies = new Float64Array(total).fill(NaN);
  const lags = new Float64Array(total).fill(NaN);
  const tally: Tally = { completed: 0, errors: 0, knowledge: 0, firstError: null };
  const interval = 1000 / rate;
  let sent = 0;
  let lastAnswer = 0;
  const cpu = cpuMeter(endpoint.pid);
  const started = performance.now();

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearTimeout(deadline);
      for (const connection of pool) connection.close();
      const used = cpu();
      resolve({
        achieved: tally.completed / ((lastAnswer - started) / 1000),
        latencies: latencies.filter((value) => !Number.isNaN(value)),
        lags: lags.filter((value) => !Number.isNaN(value)),
        unanswered: total - tally.completed,
        tally,
        cpu: used,
      });
    };
    const onDone = () => {
      lastAnswer = performance.now();
      if (tally.completed === total) finish();
    };
    const dispatch = (connection: Connection, sequence: number) => {
      const sentAt = performance.now();
      lags[sequence] = sentAt - (started + sequence * interval);
      connection.send(
        endpoint.requests[sequence % endpoint.requests.length],
        (status, response, bodyStart) => {
          latencies[sequence] = performance.now() - sentAt;
          tallyAnswer(tally, endpoint, status, response, bodyStart);
          release(connection);
          onDone();
        },
        (error) => {
          latencies[sequence] = performance.now() - sentAt;
          tallyFailure(tally, error);
          replace(connection);
          onDone();
        },
      );
    };
    const release = (connection: Connection) => {
      const next = waiting.shift();
      if (next === undefined) idle.push(connection);
      else dispatch(connection, next);
    };
    const replace = (dead: Connection) => {
      Connection.open(endpoint.port).then((connection) => {
        pool[pool.indexOf(dead)] = connection;
        if (finished) connection.close();
        else release(connection);
      }, () => undefined);
    };
    const ticker = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      for (; sent < due; sent++) {
        let connection = idle.shift();
        while (connection && !connection.alive) connection = idle.shift();
        if (connection) dispatch(connection, sent);
        else waiting.push(sent);
      }
      if (sent === total) clearInterval(ticker);
    }, 1);
    const deadline = setTimeout(finish, (seconds + 10) * 1000);
  });
}

interface ClosedLoopResult {
  rate: number;
  p50: number;
  tally: Tally;
  cpu: CpuCores;
}

/** `connections` connections, each sending its next request when the last is answered, for `seconds`. */
async function closedLoop(endpoint: Endpoint, connections: number, seconds: number): Promise<ClosedLoopResult> {
  const pool = await openPool(endpoint.port, connections);
  const tally: Tally = { completed: 0, errors: 0, knowledge: 0, firstError: null };
  const latencies: number[] = [];
  let sequence = 0;
  let stopping = false;
  const cpu = cpuMeter(endpoint.pid);
  const started = performance.now();
  const stop = setTimeout(() => {
    stopping = true;
  }, seconds * 1000);
  await Promise.all(pool.map((connection) => new Promise<void>((resolve) => {
    const next = () => {
      if (stopping || !connection.alive) {
        resolve();
        return;
      }
      const sentAt = performance.now();
      connection.send(
        endpoint.requests[sequence++ % endpoint.requests.length],
        (status, response, bodyStart) => {
          if ((sequence & 15) === 0) latencies.push(performance.now() - sentAt);
          tallyAnswer(tally, endpoint, status, response, bodyStart);
          next();
        },
        (error) => {
          tallyFailure(tally, error);
          resolve();
        },
      );
    };
    next();
  })));
  clearTimeout(stop);
  const wall = (performance.now() - started) / 1000;
  const used = cpu();
  for (const connection of pool) connection.close();
  return { rate: tally.completed / wall, p50: percentile(latencies, 0.5), tally, cpu: used };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process has used. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  return (fields[11] + fields[12]) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds the whole machine was busy (all CPUs, /proc/stat), idle and I/O wait excluded. */
function machineBusySeconds(): number {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - ticks[3] - ticks[4]) / CLOCK_TICKS_PER_SECOND;
}

/** Cores busy on average (1 = one CPU the whole time): this generator, the server measured, everything else on the machine. */
interface CpuCores {
  client: number;
  server: number;
  other: number;
}

function cpuMeter(serverPid: number): () => CpuCores {
  const started = performance.now();
  const client = process.cpuUsage();
  const server = processCpuSeconds(serverPid);
  const machine = machineBusySeconds();
  return () => {
    const wall = (performance.now() - started) / 1000;
    const usage = process.cpuUsage(client);
    const clientSeconds = (usage.user + usage.system) / 1e6;
    const serverSeconds = processCpuSeconds(serverPid) - server;
    const other = Math.max(0, machineBusySeconds() - machine - clientSeconds - serverSeconds);
    return { client: clientSeconds / wall, server: serverSeconds / wall, other: other / wall };
  };
}

function percentile(values: ArrayLike<number>, quantile: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))];
}

const median = (values: number[]) => percentile(values, 0.5);

// ---------------------------------------------------------------------------
// The bare endpoint

/**
 * What Remedy is compared with: node:http parsing a JSON body and answering JSON, nothing else;
 * and GET /bytes/<n>, n bytes of JSON made once, the bare counterpart of a large /knowledge
 * answer (which Remedy also sends from bytes made once).
 */
const BARE_SERVER = `
const http = require("node:http");
const made = new Map();
const server = http.createServer((req, res) => {
  const bytes = /^\\/bytes\\/(\\d+)$/.exec(req.url);
  if (bytes) {
    const n = Number(bytes[1]);
    if (!made.has(n)) made.set(n, Buffer.from(JSON.stringify({ entries: "x".repeat(Math.max(0, n - 15)) })));
    const payload = made.get(n);
    res.writeHead(200, { "content-type": "application/json", "content-length": payload.byteLength, "cache-control": "no-store" });
    res.end(payload);
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
    const payload = JSON.stringify({ correction: null, confidence: 0, source: "none", version: null, remedy_id: null, category: body.error_category ?? null });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "cache-control": "no-store" });
    res.end(payload);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

async function startBareServer(): Promise<{ port: number; pid: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => child.kill("SIGKILL"));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString("utf8").trim())));
    child.once("exit", (code) => reject(new Error(`the bare server exited ${code} before listening`)));
  });
  return { port, pid: child.pid!, child };
}

// ---------------------------------------------------------------------------
// One database

interface Row {
  label: string;
  /** The bare row it is compared with; none for a bare row. */
  comparedWith?: number;
  open: OpenLoopResult;
  closed: ClosedLoopResult[];
}

interface Section {
  database: string;
  rows: Row[];
  /** Share of /remedy answers under load that came from knowledge (null when /remedy was not measured: --endpoint), and the share expected. */
  knowledgeShare: number | null;
  expectedShare: number;
  knowledgeBytes: { large: number; small: number };
}

async function post(url: string, key: string, body: unknown) {
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as RemedyAnswer };
}

/** Every seeded failure is answered from knowledge and every unknown one is not, before any load. */
async function verifyAnswers(server: RunningServer, key: string, agentName: string): Promise<void> {
  let fromKnowledge = 0;
  for (let pattern = 0; pattern < PATTERNS; pattern++) {
    const { status, json } = await post(`${server.url}/api/v1/remedy`, key, failureOf(pattern, 7_000 + pattern, agentName));
    if (status !== 200) throw new Error(`/remedy answered ${status}: ${JSON.stringify(json)}`);
    if (json.source === "knowledge" && json.correction === correctionOf(pattern)) fromKnowledge += 1;
  }
  const unknown = await post(`${server.url}/api/v1/remedy`, key, unknownFailureOf(1));
  log(`answered from knowledge before load: ${fromKnowledge} of ${PATTERNS} seeded failures; an unknown failure: ${unknown.json.source}`);
  if (fromKnowledge !== PATTERNS) {
    throw new Error(`only ${fromKnowledge} of ${PATTERNS} seeded failures were answered from knowledge: the seed or the fingerprint is wrong`);
  }
  if (unknown.json.source !== "none") throw new Error(`an unknown failure was answered from ${unknown.json.source}`);
}

async function knowledgeCount(server: RunningServer, key: string): Promise<{ entries: number; bytes: number }> {
  const response = await fetch(`${server.url}/api/v1/knowledge`, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`/knowledge answered ${response.status}: ${text.slice(0, 300)}`);
  return { entries: (JSON.parse(text) as { entries: unknown[] }).entries.length, bytes: Buffer.byteLength(text) };
}

async function benchDatabase(target: DatabaseTargetSpec, label: string, bare: { port: number; pid: number }): Promise<Section> {
  log(`${label}: creating two agents with keys, seeding ${PATTERNS} + ${SMALL_PATTERNS} patterns with active knowledge`);
  const key = await createAgentWithKey(target, "bench-large");
  const smallKey = await createAgentWithKey(target, "bench-small");
  await withDatabase(target, async (database) => {
    await seedKnowledge(database, "bench-large", PATTERNS);
    await seedKnowledge(database, "bench-small", SMALL_PATTERNS);
  });
  const profileDir = args.profile ? path.resolve(args.profile, label) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server = await startServer(target, { nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
  try {
    await verifyAnswers(server, key, "bench-large");
    const large = await knowledgeCount(server, key);
    const small = await knowledgeCount(server, smallKey);
    if (large.entries !== PATTERNS || small.entries !== SMALL_PATTERNS) {
      throw new Error(`/knowledge lists ${large.entries} and ${small.entries} entries, not ${PATTERNS} and ${SMALL_PATTERNS}`);
    }

    const remedyRequests = (port: number) => Array.from({ length: 2 * PATTERNS }, (_, n) =>
      encodeRequest(port, "POST", "/api/v1/remedy", key, n % MISS_EVERY === MISS_EVERY - 1 ? unknownFailureOf(n) : failureOf(n % PATTERNS, n, "bench-large")));
    const expectedShare = 1 - 1 / MISS_EVERY;
    const all: Endpoint[] = [
      { label: "bare node:http POST (JSON)", port: bare.port, pid: bare.pid, requests: remedyRequests(bare.port) },
      {
        label: `bare node:http GET (${Math.round(large.bytes / 1024)} KiB of JSON)`,
        port: bare.port, pid: bare.pid, requests: [encodeRequest(bare.port, "GET", `/bytes/${large.bytes}`, key)],
      },
      {
        label: "POST /api/v1/remedy", port: server.port, pid: server.pid, requests: remedyRequests(server.port),
        knowledgeMark: Buffer.from(`"source":"knowledge"`), comparedWith: 0,
      },
      {
        label: `GET /api/v1/knowledge (${PATTERNS} entries, ${Math.round(large.bytes / 1024)} KiB)`,
        port: server.port, pid: server.pid, requests: [encodeRequest(server.port, "GET", "/api/v1/knowledge", key)], comparedWith: 1,
      },
      {
        label: `GET /api/v1/knowledge (${SMALL_PATTERNS} entries, ${(small.bytes / 1024).toFixed(1)} KiB)`,
        port: server.port, pid: server.pid, requests: [encodeRequest(server.port, "GET", "/api/v1/knowledge", smallKey)], comparedWith: 0,
      },
      {
        label: "GET /api/v1/route (rollout at 25%)",
        port: server.port, pid: server.pid, comparedWith: 0,
        requests: Array.from({ length: 1_000 }, (_, n) => encodeRequest(server.port, "GET", `/api/v1/route?key=customer-${n}`, key)),
      },
    ];

    const endpoints = selectEndpoints(all, args.endpoint);
    const rows: Row[] = [];
    for (const endpoint of endpoints) {
      log(`${label}: ${endpoint.label}: warm-up ${WARM_SECONDS} s, then ${SECONDS} s at ${RATE.toLocaleString("en-US")} requests/s`);
      await openLoop(endpoint, RATE, WARM_SECONDS);
      const open = await openLoop(endpoint, RATE, SECONDS);
      log(`${label}: ${endpoint.label}: p50 ${ms(percentile(open.latencies, 0.5))} p99 ${ms(percentile(open.latencies, 0.99))} ms, ` +
        `${open.tally.errors} errors, ${open.unanswered} unanswered (${cores(open.cpu)})` + (open.tally.firstError ? `; first error: ${open.tally.firstError}` : ""));
      rows.push({ label: endpoint.label, comparedWith: endpoint.comparedWith, open, closed: [] });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [index, endpoint] of endpoints.entries()) {
        const closed = await closedLoop(endpoint, CONNECTIONS, ROUND_SECONDS);
        rows[index].closed.push(closed);
        log(`${label}: round ${round}/${ROUNDS}: ${endpoint.label}: ${Math.round(closed.rate).toLocaleString("en-US")} requests/s ` +
          `(${cores(closed.cpu)}), ${closed.tally.errors} errors`);
      }
    }
    const remedy = rows.find((row) => row.label === "POST /api/v1/remedy");
    const answered = remedy ? remedy.open.tally.completed - remedy.open.tally.errors : 0;
    return {
      database: label,
      rows,
      knowledgeShare: remedy ? (answered > 0 ? remedy.open.tally.knowledge / answered : 0) : null,
      expectedShare,
      knowledgeBytes: { large: large.bytes, small: small.bytes },
    };
  } finally {
    const exit = await server.stop("SIGTERM");
    if (exit.code !== 0) log(`${label}: server exited ${JSON.stringify(exit)}\n${server.output()}`);
  }
}

/** The endpoints whose label holds `filter` (any case), with the bare ones they are compared with; all without a filter. */
function selectEndpoints(all: Endpoint[], filter: string | undefined): Endpoint[] {
  if (!filter) return all;
  const wanted = new Set<number>();
  for (const [index, endpoint] of all.entries()) {
    if (!endpoint.label.toLowerCase().includes(filter.toLowerCase())) continue;
    wanted.add(index);
    if (endpoint.comparedWith !== undefined) wanted.add(endpoint.comparedWith);
  }
  if (wanted.size === 0) throw new Error(`no endpoint's label holds "${filter}": ${all.map((endpoint) => endpoint.label).join("; ")}`);
  const kept = [...wanted].sort((a, b) => a - b);
  return kept.map((index) => {
    const endpoint = all[index];
    return endpoint.comparedWith === undefined ? endpoint : { ...endpoint, comparedWith: kept.indexOf(endpoint.comparedWith) };
  });
}

async function benchPglite(bare: { port: number; pid: number }): Promise<Section> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-remedy-"));
  try {
    return await benchDatabase({ kind: "pglite", dataDir }, "PGlite", bare);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(bare: { port: number; pid: number }): Promise<Section> {
  log("PostgreSQL: starting a throwaway cluster");
  const cluster = await startCluster();
  try {
    return await benchDatabase({ kind: "postgres", url: cluster.url }, "PostgreSQL", bare);
  } finally {
    cluster.stop();
  }
}

// ---------------------------------------------------------------------------
// Report

const ms = (value: number) => value.toFixed(2);
const cores = (cpu: CpuCores) => `CPU cores: generator ${cpu.client.toFixed(2)}, server ${cpu.server.toFixed(2)}, rest of the machine ${cpu.other.toFixed(2)}`;
const count = (value: number) => Math.round(value).toLocaleString("en-US");
/** CPU per request from cores busy at a rate. */
const micros = (cores: number, rate: number) => count((1e6 * cores) / rate);

function printTable(table: string[][]): void {
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  for (const [index, line] of table.entries()) {
    console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
}

/** Prints the section; returns what broke the bench (not a MISS), if anything. */
function report(section: Section): string[] {
  const broken: string[] = [];
  console.log(`\n${section.database}: open loop at ${count(RATE)} requests/s for ${SECONDS} s (after ${WARM_SECONDS} s warm-up), ${OPEN_LOOP_CONNECTIONS} keep-alive connections; latency in ms\n`);
  printTable([
    ["endpoint", "target r/s", "achieved", "p50", "p99", "max", "errors", "unanswered", "generator lag p99", "server µs CPU/req", "cores: generator", "other"],
    ...section.rows.map(({ label, open }) => [
      label, count(RATE), count(open.achieved), ms(percentile(open.latencies, 0.5)), ms(percentile(open.latencies, 0.99)),
      ms(percentile(open.latencies, 1)), `${open.tally.errors}`, `${open.unanswered}`, ms(percentile(open.lags, 0.99)),
      micros(open.cpu.server, open.achieved), open.cpu.client.toFixed(2), open.cpu.other.toFixed(2),
    ]),
  ]);
  console.log(`\n${section.database}: closed loop, ${CONNECTIONS} connections, median of ${ROUNDS} alternating rounds × ${ROUND_SECONDS} s\n`);
  const ratiosOf = (row: Row) => {
    const bare = section.rows[row.comparedWith ?? section.rows.indexOf(row)];
    return row.closed.map((closed, round) => closed.rate / bare.closed[round].rate);
  };
  printTable([
    ["endpoint", "max requests/s", "× bare", "× bare per round", "p50 ms", "server µs CPU/req", "cores: server", "generator", "other", "errors"],
    ...section.rows.map((row) => [
      row.label, count(median(row.closed.map((closed) => closed.rate))), median(ratiosOf(row)).toFixed(2),
      ratiosOf(row).map((ratio) => ratio.toFixed(2)).join("/"), ms(median(row.closed.map((closed) => closed.p50))),
      micros(median(row.closed.map((closed) => closed.cpu.server / closed.rate)), 1),
      median(row.closed.map((closed) => closed.cpu.server)).toFixed(2), median(row.closed.map((closed) => closed.cpu.client)).toFixed(2),
      median(row.closed.map((closed) => closed.cpu.other)).toFixed(2),
      `${row.closed.reduce((sum, closed) => sum + closed.tally.errors, 0)}`,
    ]),
  ]);
  if (section.knowledgeShare !== null) {
    console.log(`\n${section.database}: /remedy answers from knowledge under load: ${(100 * section.knowledgeShare).toFixed(1)} % ` +
      `(expected ${(100 * section.expectedShare).toFixed(0)} %: one request in ${MISS_EVERY} asks about a failure no entry covers)`);
    if (section.knowledgeShare === 0) broken.push(`${section.database}: no /remedy answer under load came from knowledge`);
    else if (Math.abs(section.knowledgeShare - section.expectedShare) > 0.01) {
      broken.push(`${section.database}: ${(100 * section.knowledgeShare).toFixed(1)} % of /remedy answers came from knowledge, not ${(100 * section.expectedShare).toFixed(0)} %`);
    }
  }
  for (const row of section.rows.filter((candidate) => candidate.comparedWith !== undefined)) {
    const p99 = percentile(row.open.latencies, 0.99);
    const ratio = median(ratiosOf(row));
    const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");
    const kept = row.open.unanswered === 0 && row.open.achieved >= 0.98 * RATE;
    console.log(`  ${verdict(p99 < GOAL_P99_MS && kept)}  ${row.label}: p99 ${ms(p99)} ms at ${count(row.open.achieved)} requests/s` +
      `${row.open.unanswered > 0 ? `, ${row.open.unanswered} unanswered` : ""} (goal < ${GOAL_P99_MS} ms at ${count(RATE)})`);
    console.log(`  ${verdict(ratio >= GOAL_RATIO)}  ${row.label}: ${ratio.toFixed(2)} × the requests/s of ${section.rows[row.comparedWith!].label} (goal ≥ ${GOAL_RATIO})`);
  }
  for (const row of section.rows) {
    const sent = row.open.tally.completed + row.closed.reduce((sum, closed) => sum + closed.tally.completed, 0);
    const errors = row.open.tally.errors + row.closed.reduce((sum, closed) => sum + closed.tally.errors, 0);
    if (errors > MAX_ERROR_SHARE * sent) broken.push(`${section.database}: ${row.label}: ${errors} errors in ${sent} requests`);
  }
  return broken;
}

async function main() {
  console.log(`/remedy and /knowledge benchmark: ${os.cpus().length} CPUs, Node ${process.version}. The load generator is this one process on raw ` +
    `keep-alive sockets and shares the CPUs with the server; the bare endpoint is node:http in a process of its own.`);
  const bare = await startBareServer();
  const sections: Section[] = [];
  try {
    if (!args.only || args.only === "pglite") sections.push(await benchPglite(bare));
    if (!args.only || args.only === "postgres") sections.push(await benchPostgres(bare));
  } finally {
    bare.child.kill("SIGTERM");
  }
  const broken = sections.flatMap(report);
  console.log(`\nLatency is from a request's first byte written to its answer's last byte read; "generator lag" is how late the generator sent ` +
    `against its schedule (it wakes about every millisecond, so requests leave in pairs). /remedy mixes ${PATTERNS} known failures with unknown ones. ` +
    `CPU: the server process (all its threads) per request, and cores busy on average in this generator and in the rest of the machine ` +
    `(other programs, loopback networking); the machine has ${os.cpus().length} CPUs, so "other" near 1 means another program took a CPU during the run and the tail latency says more about the machine than the server.`);
  if (args.profile) console.log(`Server CPU profiles: ${path.resolve(args.profile)}/<database>/*.cpuprofile`);
  if (broken.length > 0) throw new Error(`The bench broke:\n  ${broken.join("\n  ")}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
