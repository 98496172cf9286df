import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { acquireDataDirLock } from "./lock";
import { migrate, type MigrationResult } from "./migrator";
import { pgConnection, pgliteConnection, type SqlConnection } from "./sql";
import { loadConfig } from "@/lib/config";
import { processSingleton, setProcessSingleton } from "@/lib/process-state";

export type { PrismaClient } from "./generated/client";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** The data directory, or the PostgreSQL URL without its password. */
  location: string;
  /** A raw connection for the migrator and health checks. */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /**
   * A transaction on the driver itself, for hot paths where Prisma's query
   * compiler costs more than the database (bulk ingestion: about 2x).
   */
  transaction<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: "postgres"; url: string; poolSize?: number; connectTimeoutMs?: number }
  | { kind: "pglite"; dataDir: string; owner: string }
  | { kind: "pglite-memory" };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") return openPostgres(target.url, target.poolSize ?? 10, target.connectTimeoutMs ?? 5_000);
  return openPglite(target);
}

function openPostgres(url: string, poolSize: number, connectTimeoutMs: number): Database {
  // A connection that cannot be opened in time fails (a 503 with Retry-After) instead of
  // hanging on a host that drops packets; keep-alive notices a peer that vanished mid-idle.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
  // An idle connection can be cut (a database restart, a failover): the pool
  // drops it and opens another later. Unheard, the error would end the process.
  pool.on("error", (error) => {
    console.error(JSON.stringify({ level: 50, msg: "idle PostgreSQL connection lost; the pool replaces it", err: error.message }));
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: "postgres",
    location: redactUrl(url),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgConnection(client));
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(pgConnection(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly
 * memory, which never shrinks; REMEDY_PGLITE_SHARED_BUFFERS overrides the
 * smaller default (see the README's "Memory" for the measurements).
 */
function pgliteOptions() {
  const sharedBuffers = process.env.REMEDY_PGLITE_SHARED_BUFFERS ?? PGLITE_SHARED_BUFFERS;
  const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
  return { startParams: [...defaults, "-c", `shared_buffers=${sharedBuffers}`] } as Parameters<typeof PGlite.create>[1];
}
const PGLITE_SHARED_BUFFERS = "16MB";

/**
 * Creating a database cluster (initdb) grows PGlite's WebAssembly memory to
 * about 630 MiB, and WebAssembly memory never shrinks: done in this process,
 * the server would keep it for its lifetime. A short-lived child process
 * creates the cluster instead; this process then opens it like any existing
 * one, at about a third of the memory.
 */
async function initializeInChildProcess(dir: string): Promise<void> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const script = "const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create(process.argv[1]); await db.close();";
  try {
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, dir], { cwd: process.cwd(), timeout: 120_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Could not create the embedded database in ${dir}${stderr ? `: ${stderr.split("\n").slice(-3).join(" ")}` : ""}`);
  }
}

async function openPglite(target: Exclude<DatabaseTarget, { kind: "postgres" }>): Promise<Database> {
  let release = () => {};
  let client: PGlite;
  if (target.kind === "pglite") {
    release = acquireDataDirLock(target.dataDir, target.owner);
    try {
      const dir = path.join(target.dataDir, "pglite");
      await initializeInChildProcess(dir);
      client = await PGlite.create(dir, pgliteOptions());
    } catch (error) {
      release();
      throw error;
    }
  } else {
    client = await PGlite.create();
  }
  // pglite-prisma-adapter@0.6.1 was built against driver-adapter-utils 6.10,
  // whose ArgType was a string; 6.19 made it an object. The adapter ignores
  // argTypes at run time, so only the type needs bridging, here and only here.
  const adapter = new PrismaPGlite(client) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: "pglite",
    location: target.kind === "pglite" ? target.dataDir : "memory",
    withConnection: (fn) => fn(pgliteConnection(client)),
    // PGlite's transaction holds its single connection exclusively until it ends.
    transaction: (fn) => client.transaction((tx) => fn(pgliteConnection(tx))),
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}

export function targetFromConfig(owner: string): DatabaseTarget {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    return { kind: "postgres", url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS };
  }
  return { kind: "pglite", dataDir: config.dataDir, owner };
}

export async function openAndMigrate(target: DatabaseTarget): Promise<{ database: Database; migration: MigrationResult }> {
  const database = await openDatabase(target);
  try {
    const migration = await database.withConnection((conn) => migrate(conn));
    return { database, migration };
  } catch (error) {
    await database.close();
    throw error;
  }
}

// Route bundles and the server entry load separate copies of this module;
// the handle is process-wide so the process opens the database once.
const DATABASE = "database";

/** Installs an already opened database as the process's database (server start, tests). */
export function setProcessDatabase(database: Database): void {
  setProcessSingleton(DATABASE, Promise.resolve(database));
}

export function getDatabase(): Promise<Database> {
  return processSingleton(DATABASE, () => openAndMigrate(targetFromConfig("server")).then((opened) => opened.database));
}

export async function db(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}
