import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openAndMigrate, setProcessDatabase, type Database } from "@/lib/db/client";

export const BACKENDS = ["pglite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

/** A fresh PostgreSQL database on the test cluster; refuses anything but loopback. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("postgresUrl");
  const parsed = new URL(adminUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname)) {
    throw new Error(`Refusing to run tests against a non-local database (${parsed.hostname}).`);
  }
  const name = `remedy_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  parsed.pathname = `/${name}`;
  return {
    url: parsed.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Opens and migrates a fresh database of the given kind and installs it as the process database. */
export async function openTestDatabase(backend: Backend): Promise<{ database: Database; close: () => Promise<void> }> {
  if (backend === "pglite") {
    const { database } = await openAndMigrate({ kind: "pglite-memory" });
    setProcessDatabase(database);
    return { database, close: () => database.close() };
  }
  const created = await createPostgresDatabase();
  const { database } = await openAndMigrate({ kind: "postgres", url: created.url, poolSize: 5 });
  setProcessDatabase(database);
  return {
    database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}
