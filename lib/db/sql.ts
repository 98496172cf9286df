import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/** The few raw operations the migrator needs, over either driver. */
export interface SqlConnection {
  /** Runs a script that may hold many statements; no parameters. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function pgliteConnection(db: PGlite | Transaction): SqlConnection {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params);
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
