import { statfs } from "node:fs/promises";
import { getDatabase } from "@/lib/db/client";
import { latestAppliedMigration } from "@/lib/db/migrator";
import { probeWrite } from "@/lib/db/serving";
import { sql } from "@/lib/db/sql";
import { processSingleton } from "@/lib/process-state";
import { diskFull } from "./errors";
import { logger } from "./logger";

/**
 * What `/api/health` tells anyone who asks: whether the database answers a
 * read and commits a write. Why it does not (an error naming internal hosts
 * and ports) goes to the log only.
 */
export interface Health {
  status: "ok" | "degraded";
  database: { reachable: boolean; writable: boolean; kind?: string; latencyMs?: number };
  migration: { latest: string | null; applied: number } | null;
  uptimeSeconds: number;
}

/** A probe that takes longer counts as failed: a database that hangs is not healthy. */
const PROBE_TIMEOUT_MS = 3_000;
/** The endpoint is public: requests within this long share one probe, so polling it cannot load the database. */
const PROBE_REUSE_MS = 1_000;

type Probe = Pick<Health, "database" | "migration">;

/**
 * A full disk still lets the probe's one-row update through (PostgreSQL reuses the page and the
 * WAL segment) while every real batch fails: a write that failed for space within this long
 * marks the database unwritable, and so does a PGlite data directory with less than
 * MIN_FREE_BYTES left.
 */
const DISK_FULL_MEMORY_MS = 60_000;
const MIN_FREE_BYTES = 16 * 1024 * 1024;

/** Called where a request failed because the database is unavailable: remembers a full disk for /api/health. */
export function noteDatabaseUnavailable(error: unknown): void {
  if (diskFull(error)) processSingleton("health:disk-full", () => ({ at: 0 })).at = Date.now();
}

/** Called when a batch committed: the disk has room again. */
export function noteDatabaseWritten(): void {
  const state = processSingleton("health:disk-full", () => ({ at: 0 }));
  if (state.at !== 0) state.at = 0;
}

function diskFullRecently(): boolean {
  const last = processSingleton("health:disk-full", () => ({ at: 0 })).at;
  return last > 0 && Date.now() - last < DISK_FULL_MEMORY_MS;
}

/** Free bytes where PGlite keeps its files; null for PostgreSQL (its server watches its own disk). */
async function freeBytes(kind: string, location: string): Promise<number | null> {
  if (kind !== "pglite" || location === "memory") return null;
  const stats = await statfs(location);
  return Number(stats.bavail) * Number(stats.bsize);
}

export async function checkHealth(): Promise<Health> {
  const last = processSingleton("health:probe", () => ({ at: 0, probe: null as Promise<Probe> | null }));
  if (!last.probe || Date.now() - last.at > PROBE_REUSE_MS) {
    last.at = Date.now();
    last.probe = probeDatabase();
  }
  const { database, migration } = await last.probe;
  return { status: database.reachable && database.writable ? "ok" : "degraded", database, migration, uptimeSeconds: Math.round(process.uptime()) };
}

async function probeDatabase(): Promise<Probe> {
  const started = performance.now();
  let kind: string | undefined;
  let migration: Probe["migration"] = null;
  let reachable = false;
  try {
    const database = await withinTimeout(getDatabase());
    kind = database.kind;
    const latest = await withinTimeout(database.withConnection(async (conn) => {
      await conn.query(sql`SELECT 1`);
      return latestAppliedMigration(conn);
    }));
    migration = { latest: latest?.name ?? null, applied: latest?.count ?? 0 };
    reachable = true;
    await withinTimeout(database.withConnection((conn) => probeWrite(conn)));
    const free = await freeBytes(database.kind, database.location);
    if (diskFullRecently() || (free !== null && free < MIN_FREE_BYTES)) {
      logger().warn({ freeBytes: free }, "health check: the database's disk is full; writes fail");
      return { database: { reachable, writable: false, kind }, migration };
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { database: { reachable, writable: true, kind, latencyMs }, migration };
  } catch (error) {
    logger().warn({ err: error }, reachable ? "health check: the database answers but does not commit writes" : "health check: the database is unreachable");
    return { database: { reachable, writable: false, ...(kind ? { kind } : {}) }, migration };
  }
}

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
