import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numberArrayLiteral, textArrayLiteral } from "./array-literal";
import { pgliteConnection } from "./sql";

describe("array literals", () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  it("round-trips awkward text through PostgreSQL unchanged", async () => {
    const values = [
      'say "hi"', "back\\slash", "a,b", "{braces}", "NULL", "null", "", " padded ", "line\nbreak", "tab\there",
      "emoji 🚀 and 中文", "\\\"", null, "'single'", "}{,\"\\",
    ];
    const { rows } = await db.query<{ v: string | null }>("SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [textArrayLiteral(values)]);
    expect(rows.map((row) => row.v)).toEqual(values);
  });

  it("keeps an empty list empty and NULL as NULL", async () => {
    const { rows: empty } = await db.query<{ n: number }>("SELECT cardinality($1::text[]) AS n", [textArrayLiteral([])]);
    expect(empty[0].n).toBe(0);
    const { rows } = await db.query<{ v: number | null }>("SELECT v FROM unnest($1::float8[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [numberArrayLiteral([0.5, null, 1, -2.25e-7])]);
    expect(rows.map((row) => row.v)).toEqual([0.5, null, 1, -2.25e-7]);
  });

  it("carries bigints beyond 2^53 exactly", async () => {
    const { rows } = await db.query<{ v: string }>("SELECT v::text FROM unnest($1::bigint[]) AS u(v)", [numberArrayLiteral([9007199254740993n])]);
    expect(rows[0].v).toBe("9007199254740993");
  });

  it("arrives whole when sent as UTF-8 bytes through a raw connection, and text parameters still work", async () => {
    const conn = pgliteConnection(db);
    const values = ["héllo \"quoted\" 中文 🚀", "back\\slash", null];
    const bytes = new TextEncoder().encode(textArrayLiteral(values));
    const rows = await conn.query<{ v: string | null }>("SELECT v FROM unnest($1::text::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [bytes]);
    expect(rows.map((row) => row.v)).toEqual(values);
    const [plain] = await conn.query<{ v: string }>("SELECT $1::text || '!' AS v", ["plain"]);
    expect(plain.v).toBe("plain!");
  });
});
