import { getDatabase } from "@/lib/db/client";
import { latestAppliedMigration } from "@/lib/db/migrator";
import { sql } from "@/lib/db/sql";

export interface Health {
  status: "ok" | "degraded";
  database: { reachable: boolean; kind?: string; latencyMs?: number; error?: string };
  migration: { latest: string | null; applied: number } | null;
  uptimeSeconds: number;
}

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    const database = await getDatabase();
    const latest = await database.withConnection(async (conn) => {
      await conn.query(sql`SELECT 1`);
      return latestAppliedMigration(conn);
    });
    return {
      status: "ok",
      database: { reachable: true, kind: database.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 },
      migration: { latest: latest?.name ?? null, applied: latest?.count ?? 0 },
      uptimeSeconds: Math.round(process.uptime()),
    };
  } catch (error) {
    return {
      status: "degraded",
      database: { reachable: false, error: error instanceof Error ? error.message : String(error) },
      migration: null,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
