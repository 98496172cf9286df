import { types, type PGlite, type Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/** The few raw operations the migrator needs, over either driver. */
export interface SqlConnection {
  /** Runs a script that may hold many statements; no parameters. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
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
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params, { serializers: BYTES_AS_TEXT });
      return result.rows;
    },
  };
}

export function pgConnection(client: pg.ClientBase): SqlConnection {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
  };
}
