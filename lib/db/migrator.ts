import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { sql, type SqlConnection } from "./sql";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** Any number will do, as long as every Remedy instance uses the same one. */
const ADVISORY_LOCK_KEY = 7_263_633_901;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  latest: string | null;
  total: number;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// Exactly Prisma's own table, so `prisma migrate deploy` stays interchangeable.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  // Read at run time from the working directory, never traced into the build.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql: script, checksum: checksumOf(script) };
    }),
  );
}

/**
 * Applies pending migrations, each in its own transaction, under a PostgreSQL
 * advisory lock so that instances starting together apply each one once.
 * Refuses to run when an applied migration's file changed or one failed before.
 */
export async function migrate(conn: SqlConnection, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await readMigrations(dir);
  await conn.query(sql`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
  try {
    await conn.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await conn.query<AppliedRow>(
      sql`SELECT migration_name, checksum, finished_at, rolled_back_at
            FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    checkAppliedMigrations(files, rows);

    const pending = files.filter((file) => !applied.has(file.name));
    for (const file of pending) {
      await applyOne(conn, file);
    }
    return {
      applied: pending.map((file) => file.name),
      latest: files.at(-1)?.name ?? null,
      total: files.length,
    };
  } finally {
    await conn.query(sql`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`);
  }
}

function checkAppliedMigrations(files: MigrationFile[], rows: AppliedRow[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} failed earlier and was left half-applied. ` +
          `Fix the database by hand, then mark it rolled back in _prisma_migrations.`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied to this database but missing from ` +
          `prisma/migrations. This database belongs to a newer or different version of Remedy.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was edited after it was applied ` +
          `(checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). ` +
          `Restore the original file and put the change in a new migration (npm run db:migration -- <name>).`,
      );
    }
  }
}

async function applyOne(conn: SqlConnection, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await conn.exec("BEGIN");
  try {
    await conn.query(
      sql`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
          VALUES (${id}, ${file.checksum}, ${file.name}, now(), 0)`,
    );
    await conn.exec(file.sql);
    await conn.query(sql`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = ${id}`);
    await conn.exec("COMMIT");
  } catch (error) {
    await conn.exec("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${reason}`);
  }
}

export async function latestAppliedMigration(conn: SqlConnection): Promise<{ name: string; count: number } | null> {
  const rows = await conn.query<{ migration_name: string; count: string }>(
    sql`SELECT migration_name, count(*) OVER () AS count FROM "_prisma_migrations"
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
         ORDER BY migration_name DESC LIMIT 1`,
  );
  const row = rows[0];
  return row ? { name: row.migration_name, count: Number(row.count) } : null;
}
