import { sql } from "@/lib/db/sql";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { checksumOf, migrate, MIGRATIONS_DIR, MigrationError, readMigrations } from "@/lib/db/migrator";
import { BACKENDS, createPostgresDatabase, type Backend } from "../helpers/db";

async function open(backend: Backend): Promise<{ database: Database; url?: string; close: () => Promise<void> }> {
  if (backend === "pglite") {
    const database = await openDatabase({ kind: "pglite-memory" });
    return { database, close: () => database.close() };
  }
  const created = await createPostgresDatabase();
  const database = await openDatabase({ kind: "postgres", url: created.url, poolSize: 4 });
  return { database, url: created.url, close: async () => { await database.close(); await created.drop(); } };
}

describe.each(BACKENDS)("migrator on %s", (backend) => {
  let dir: string;
  let handle: Awaited<ReturnType<typeof open>>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "remedy-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    handle = await open(backend);
  });

  afterEach(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every migration once and records it as Prisma does", async () => {
    const files = await readMigrations(dir);
    const first = await handle.database.withConnection((conn) => migrate(conn, dir));
    expect(first.applied).toEqual(files.map((file) => file.name));
    const second = await handle.database.withConnection((conn) => migrate(conn, dir));
    expect(second.applied).toEqual([]);

    const rows = await handle.database.withConnection((conn) =>
      conn.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
        sql`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
      ),
    );
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(checksumOf(readFileSync(path.join(dir, files[index].name, "migration.sql"), "utf8")));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("refuses to start when an applied migration's file was edited", async () => {
    await handle.database.withConnection((conn) => migrate(conn, dir));
    const [first] = await readMigrations(dir);
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    await expect(handle.database.withConnection((conn) => migrate(conn, dir))).rejects.toThrow(
      new RegExp(`Migration ${first.name} was edited after it was applied`),
    );
  });

  it("rolls back a failing migration whole and applies nothing of it", async () => {
    await handle.database.withConnection((conn) => migrate(conn, dir));
    const bad = path.join(dir, "29991231000000_broken");
    mkdirSync(bad);
    writeFileSync(path.join(bad, "migration.sql"), `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`);
    const error = await handle.database.withConnection((conn) => migrate(conn, dir)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/29991231000000_broken failed and was rolled back/);
    const tables = await handle.database.withConnection((conn) =>
      conn.query<{ count: string }>(sql`SELECT count(*)::text AS count FROM information_schema.tables WHERE table_name = 'half_done'`),
    );
    expect(tables[0].count).toBe("0");
    const recorded = await handle.database.withConnection((conn) =>
      conn.query(sql`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`),
    );
    expect(recorded).toHaveLength(0);
  });

  if (backend === "postgres") {
    it("applies each migration once when several instances start together", async () => {
      const others = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ kind: "postgres", url: handle.url!, poolSize: 2 })),
      );
      try {
        const results = await Promise.all(
          [handle.database, ...others].map((database) => database.withConnection((conn) => migrate(conn, dir))),
        );
        const appliedCounts = results.map((result) => result.applied.length);
        const files = await readMigrations(dir);
        expect(appliedCounts.reduce((sum, count) => sum + count, 0)).toBe(files.length);
        const rows = await handle.database.withConnection((conn) => conn.query(sql`SELECT migration_name FROM "_prisma_migrations"`));
        expect(rows).toHaveLength(files.length);
      } finally {
        await Promise.all(others.map((database) => database.close()));
      }
    });
  }
});

describe("migration files", () => {
  it("were made from the schema as it stands: a schema change without a migration fails here", () => {
    const schema = readFileSync(path.join("prisma", "schema.prisma"), "utf8");
    const snapshot = readFileSync(path.join(MIGRATIONS_DIR, "schema.snapshot.prisma"), "utf8");
    expect(snapshot, "schema.prisma changed: run npm run db:migration -- <name>").toBe(schema);
  });
});
