import { types, type PGlite, type Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import { Prisma } from "./generated/client";

/**
 * SQL is written once, with Prisma's tagged template (`sql\`... ${value} ...\``,
 * `join`, `empty`), whichever way it is sent: through a Prisma transaction or
 * straight to the driver on hot paths. No placeholder is ever numbered by hand.
 */
export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;
/** A trusted SQL fragment (an identifier or keyword chosen by code, never by input). */
export const raw = Prisma.raw;
export type Sql = Prisma.Sql;

/** Anything that runs a tagged query and returns its rows: a driver connection or a Prisma client or transaction. */
export interface Queryable {
  query<T>(statement: Sql): Promise<T[]>;
}

/** The driver-level connection: tagged queries, plus parameterless scripts for the migrator. */
export interface SqlConnection extends Queryable {
  /** Runs a script that may hold many statements; no parameters. */
  exec(script: string): Promise<void>;
}

/** A Prisma client or transaction as a Queryable, so one statement serves both paths. */
export function prismaQueryable(client: { $queryRaw<T = unknown>(query: Sql): Prisma.PrismaPromise<T> }): Queryable {
  return { query: <T>(statement: Sql) => client.$queryRaw<T[]>(statement) };
}

const textSerializer = types.serializers[types.TEXT];

/**
 * A `text` parameter given as UTF-8 bytes is sent as they are, in binary
 * format, which PostgreSQL reads as text. node-postgres does this for any
 * byte array already; PGlite would turn it into "1,2,3", so its text
 * serializer is given the same rule for raw queries. A large hot-path
 * parameter (ingestion's batch, one JSON document) then skips PGlite
 * measuring and encoding it character by character on the database's thread.
 */
const BYTES_AS_TEXT = {
  [types.TEXT]: ((value: unknown) => (value instanceof Uint8Array ? value : textSerializer(value))) as types.Serializer,
};

export function pgliteConnection(db: PGlite | Transaction): SqlConnection {
  return {
    async exec(script) {
      await db.exec(script);
    },
    async query<T>(statement: Sql) {
      const result = await db.query<T>(statement.text, statement.values, { serializers: BYTES_AS_TEXT });
      return result.rows;
    },
  };
}

export function pgConnection(client: pg.ClientBase): SqlConnection {
  return {
    async exec(script) {
      await client.query(script);
    },
    async query<T>(statement: Sql) {
      const result = await client.query(statement.text, statement.values);
      return result.rows as T[];
    },
  };
}
