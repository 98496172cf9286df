/**
 * Starts Remedy's production server (as `npm start` does, after `next build`) as a
 * child process on a free loopback port, for system tests and benchmarks. Also: an agent and
 * key through the admin CLI, settings written before start, and a way into the same database.
 * Imports nothing from vitest, so plain `tsx` scripts can use it too.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openAndMigrate, type Database } from "@/lib/db/client";
import { freePort } from "../setup/postgres-cluster";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** `npm start` (package.json): node is spawned directly so that `pid` is the server's own, for benchmarks. */
const START_NODE_ARGS: string[] = [];
const SERVER_ENTRY = "dist/server.mjs";

export const SYSTEM_ADMIN_PASSWORD = "system-tests-first-passphrase";

/** Which database a server (or the CLI) uses: an embedded PGlite directory or a PostgreSQL URL. */
export type DatabaseTargetSpec = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** The last 64 KiB of standard output and error, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGTERM by default) and waits for exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, no chance to clean up; waits until the process is gone. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment for the server and the CLI: only what selects the database and quiets the logs. */
export function databaseEnv(target: DatabaseTargetSpec, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Keep the test runner's own variables (VITEST_*, NODE_ENV=test, TEST_DATABASE_URL) out.
    if (key.startsWith("VITEST") || key.startsWith("TEST_") || key === "NODE_ENV" || key.startsWith("REMEDY_")) continue;
    env[key] = value;
  }
  return {
    ...(env as NodeJS.ProcessEnv),
    DATABASE_URL: target.kind === "postgres" ? target.url : "",
    REMEDY_DATA_DIR: target.kind === "pglite" ? target.dataDir : path.join(os.tmpdir(), "remedy-unused-data-dir"),
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  // A test or bench that dies half way must not leave servers behind.
  for (const child of live) child.kill("SIGKILL");
});

/** Starts the production server and waits until `/api/health` answers 200. */
export async function startServer(
  target: DatabaseTargetSpec,
  options: { env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[]; port?: number; entry?: string } = {},
): Promise<RunningServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(path.join(ROOT, SERVER_ENTRY))) {
    throw new Error("No production build in .next/ and dist/: run `npm run build` first.");
  }
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...START_NODE_ARGS, options.entry ?? SERVER_ENTRY], {
    cwd: ROOT,
    env: databaseEnv(target, {
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      REMEDY_ADMIN_PASSWORD: SYSTEM_ADMIN_PASSWORD,
      ...options.env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-65_536);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (gone) throw new Error(`Remedy exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`Remedy was not ready within ${options.timeoutMs ?? 120_000} ms:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const stop = async (signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000) => {
    if (!gone) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    exited,
    stop,
    kill: () => stop("SIGKILL"),
  };
}

const execFileAsync = promisify(execFile);

/** Runs the admin CLI (`scripts/remedy.ts`) on the target's database; returns standard output. */
export async function remedyCli(target: DatabaseTargetSpec, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/remedy.ts", ...args], {
      cwd: ROOT,
      env: databaseEnv(target, { LOG_LEVEL: "silent" }),
      encoding: "utf8",
    });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; code?: number };
    throw new Error(`remedy ${args.join(" ")} exited ${failed.code}: ${failed.stderr ?? String(error)}`);
  }
}

/**
 * Creates an agent and issues it a key through the CLI (which migrates the database first).
 * On PGlite the server must not be running: the CLI needs the data directory to itself.
 */
export async function createAgentWithKey(target: DatabaseTargetSpec, name: string): Promise<string> {
  await remedyCli(target, "create-agent", "--name", name);
  const key = (await remedyCli(target, "issue-key", "--agent", name)).trim();
  if (!/^rmd_[a-z0-9]{8}_[A-Za-z0-9]+$/.test(key)) throw new Error(`issue-key printed something that is not a key: ${key}`);
  return key;
}

/**
 * Opens the target's database in this process (migrating it if needed), runs `fn`, closes it.
 * On PGlite this takes the data directory's lock, so the server must be stopped.
 */
export async function withDatabase<T>(target: DatabaseTargetSpec, fn: (database: Database) => Promise<T>): Promise<T> {
  const { database } = await openAndMigrate(
    target.kind === "pglite" ? { kind: "pglite", dataDir: target.dataDir, owner: "system-test" } : { kind: "postgres", url: target.url, poolSize: 2 },
  );
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Raises the per-key ingest rate limit (settings rows) so load tests measure ingestion, not the limiter. */
export async function raiseRateLimit(target: DatabaseTargetSpec, ratePerSecond = 1_000_000, burst = 10_000_000): Promise<void> {
  await withDatabase(target, async (database) => {
    for (const [key, value] of [["ingest.ratePerSecond", ratePerSecond], ["ingest.burst", burst]] as const) {
      await database.prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
  });
}
