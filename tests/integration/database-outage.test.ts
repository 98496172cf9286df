/**
 * A database that is gone, restarting or refusing writes: agents get 503 with
 * Retry-After rather than 500, and /api/health says so without naming hosts,
 * ports or driver errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { openAndMigrate, openDatabase, setProcessDatabase, type Database } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { setProcessSingleton } from "@/lib/process-state";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { databaseUnavailable } from "@/lib/server/errors";
import { checkHealth } from "@/lib/server/health";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { NextRequest } from "next/server";
import { GET as getRouteHandler } from "@/app/api/v1/route/route";
import { interaction, postInteractions } from "../helpers/api";
import { getKnowledge, postRemedy } from "../helpers/agent-api";
import { BACKENDS, createPostgresDatabase, openTestDatabase } from "../helpers/db";
import { freePort } from "../setup/postgres-cluster";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

/** Each check probes afresh: /api/health shares one probe per second between requests. */
const freshHealth = () => {
  setProcessSingleton("health:probe", undefined);
  return checkHealth();
};

const caught = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the work to fail");
};

describe("a PostgreSQL server that cannot be reached", () => {
  let dead: Database;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    dead = await openDatabase({ kind: "postgres", url: `postgresql://postgres@127.0.0.1:${port}/remedy`, poolSize: 2 });
    setProcessDatabase(dead);
  });
  afterAll(() => dead.close());

  it("is told from a bad query, through Prisma and on the driver", async () => {
    expect(databaseUnavailable(await caught(() => dead.prisma.agent.count()))).toBe(true);
    expect(databaseUnavailable(await caught(() => dead.withConnection((conn) => conn.query(sql`SELECT 1`))))).toBe(true);
    expect(databaseUnavailable(await caught(() => dead.transaction((conn) => conn.query(sql`SELECT 1`))))).toBe(true);
    expect(databaseUnavailable(new Error("duplicate key value violates unique constraint"))).toBe(false);
    expect(databaseUnavailable(Object.assign(new Error("invalid input syntax for type uuid"), { code: "22P02" }))).toBe(false);
  });

  it("gets agents a 503 with Retry-After, not a 500", async () => {
    const response = await postInteractions(`rmd_outage00_${"x".repeat(40)}`, interaction());
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.json.error).toMatch(/database is unavailable/);
  });

  it("answers /remedy, /knowledge and /route without the custom server (Next's handlers) with the same 503", async () => {
    const key = `rmd_outage00_${"x".repeat(40)}`;
    for (const response of [
      await postRemedy(key, { error_category: "timeout" }),
      await getKnowledge(key),
      await getRouteHandler(new NextRequest("http://localhost/api/v1/route?key=k", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) })
        .then(async (raw) => ({ status: raw.status, headers: raw.headers, json: await raw.json() })),
    ]) {
      expect(response.status).toBe(503);
      expect(response.json.error).toMatch(/database is unavailable/);
    }
  });

  it("reads as degraded on /api/health, without the host, the port or the driver's words", async () => {
    const health = await freshHealth();
    expect(health).toMatchObject({ status: "degraded", database: { reachable: false, writable: false }, migration: null });
    setProcessSingleton("health:probe", undefined);
    const response = await getHealth();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toContain(String(port));
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|connect/i);
  });
});

describe("a PostgreSQL host that accepts the connection and never answers (packets dropped, a hung server)", () => {
  let silent: Server;
  let database: Database;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket)); // holds every socket, says nothing
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port: silentPort } = silent.address() as AddressInfo;
    database = await openDatabase({ kind: "postgres", url: `postgresql://postgres@127.0.0.1:${silentPort}/remedy`, poolSize: 2, connectTimeoutMs: 300 });
  });
  afterAll(async () => {
    await database.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("fails within the connect timeout, as the database being unavailable, instead of hanging", async () => {
    const started = performance.now();
    const error = await caught(() => database.withConnection((conn) => conn.query(sql`SELECT 1`)));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(databaseUnavailable(error)).toBe(true);
  });
});

describe("PostgreSQL ending a connection mid-query (a restart, an admin's pg_terminate_backend)", () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    ({ database } = await openAndMigrate({ kind: "postgres", url: created.url, poolSize: 3 }));
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it("is recognised as the database being unavailable (57P01)", async () => {
    const sleeping = database.withConnection((conn) => conn.query(sql`SELECT pg_sleep(10)`)).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await database.withConnection((conn) =>
      conn.query(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`));
    const error = await sleeping;
    expect((error as { code?: string }).code).toBe("57P01");
    expect(databaseUnavailable(error)).toBe(true);
  });
});

describe.each(BACKENDS)("/api/health and ingestion on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    const agent = await createAgent(system, { name: `outage-${backend}`, description: "" });
    key = (await issueApiKey(system, { agentId: agent.id, label: "" })).key;
  });
  afterAll(() => close());
  afterEach(() => setProcessDatabase(database));

  it("is ok when the database reads and commits a write", async () => {
    expect(await freshHealth()).toMatchObject({ status: "ok", database: { reachable: true, writable: true, kind: backend } });
  });

  it("is degraded when writes fail though reads work, and a batch is answered 503", async () => {
    const readOnly = backend === "pglite" ? await readOnlyPglite() : await readOnlyPostgres();
    try {
      setProcessDatabase(readOnly.database);
      expect(await freshHealth()).toMatchObject({ status: "degraded", database: { reachable: true, writable: false } });
      const response = await postInteractions(key, interaction());
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
    } finally {
      await readOnly.close();
    }
  });

  /** PGlite's one session, made unable to write. */
  async function readOnlyPglite() {
    await database.withConnection((conn) => conn.query(sql`SET default_transaction_read_only = on`));
    return { database, close: () => database.withConnection((conn) => conn.exec("SET default_transaction_read_only = off")) };
  }

  /** A second pool on the same database whose sessions cannot write, as on a standby after a failover. */
  async function readOnlyPostgres() {
    const name = await database.withConnection(async (conn) => (await conn.query<{ name: string }>(sql`SELECT current_database() AS name`))[0].name);
    const role = `remedy_read_only_${Math.random().toString(36).slice(2, 10)}`;
    await database.withConnection((conn) =>
      conn.exec(`CREATE ROLE ${role} LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; ALTER ROLE ${role} SET default_transaction_read_only = on`));
    const url = new URL(inject("postgresUrl"));
    url.pathname = `/${name}`;
    url.username = role;
    const readOnly = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 2 });
    return {
      database: readOnly,
      async close() {
        await readOnly.close();
        await database.withConnection((conn) => conn.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
      },
    };
  }
});
