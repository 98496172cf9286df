import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteConnection, sql } from "./sql";

describe("raw PGlite connection", () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  it("reads a text parameter given as UTF-8 bytes whole, and plain text parameters still work", async () => {
    const conn = pgliteConnection(db);
    const rows = [{ v: 'héllo "quoted" 中文 🚀' }, { v: "back\\slash" }, { v: null }];
    const bytes = new TextEncoder().encode(JSON.stringify(rows));
    const read = await conn.query<{ v: string | null }>(sql`SELECT v FROM jsonb_to_recordset(${bytes}::text::jsonb) AS r(v text)`);
    expect(read).toEqual(rows);
    const [plain] = await conn.query<{ v: string }>(sql`SELECT ${"plain"}::text || '!' AS v`);
    expect(plain.v).toBe("plain!");
  });

  it("refuses bytes that are not valid UTF-8 instead of storing them", async () => {
    const conn = pgliteConnection(db);
    await expect(conn.query(sql`SELECT ${new Uint8Array([0xff, 0xfe])}::text AS v`)).rejects.toThrow(/UTF8|encoding/i);
  });
});
