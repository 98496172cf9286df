import { Prisma } from "./generated/client";

/**
 * Keyset pagination, newest first, on a sort key plus the row's id: rows that
 * share a sort key (every sample of one batch shares its `created_at`) are
 * still ordered and none is skipped or repeated between pages. The cursor is
 * the last row's (key, id), base64url-encoded so pages treat it as opaque.
 */
export interface Keyset {
  /** The sort key: a timestamp, as milliseconds since the epoch. */
  at: Date;
  /** The row id as text (uuid or bigint). */
  id: string;
}

export function encodeCursor(row: Keyset): string {
  return Buffer.from(`${row.at.getTime()}.${row.id}`, "utf8").toString("base64url");
}

/** Cursor times later than this (2100-01-01) are no row's: a forged cursor. */
const LATEST_CURSOR_MS = Date.UTC(2100, 0, 1);
const CURSOR_ID = { uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, bigint: /^\d{1,18}$/ } as const;

/**
 * The cursor's key, or null (the first page) when it is not one this code
 * wrote for an id of `idType`: a mangled or forged cursor must not reach the
 * database as an id it cannot cast.
 */
export function decodeCursor(cursor: string | undefined, idType: "uuid" | "bigint"): Keyset | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,15})\.([0-9a-f-]{1,36})$/i.exec(text);
  if (!match || !CURSOR_ID[idType].test(match[2])) return null;
  const at = Number(match[1]);
  if (at > LATEST_CURSOR_MS) return null;
  return { at: new Date(at), id: match[2] };
}

/** Takes one row more than the page to learn whether another page follows. */
export function pageOf<T>(rows: T[], size: number, keyOf: (row: T) => Keyset): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, size);
  return { items, nextCursor: rows.length > size ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

/**
 * The SQL condition "after this cursor, newest first" for raw queries:
 * `(at, id) < (cursor.at, cursor.id)`, with the id cast as the column is typed.
 */
export function beforeCursorSql(cursor: Keyset | null, atColumn: Prisma.Sql, idColumn: Prisma.Sql, idType: "uuid" | "bigint"): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`;
  const id = idType === "uuid" ? Prisma.sql`${cursor.id}::uuid` : Prisma.sql`${cursor.id}::bigint`;
  return Prisma.sql`(${atColumn}, ${idColumn}) < (${cursor.at}, ${id})`;
}

/**
 * The same condition for Prisma's query builder, as the model's where input
 * `W` (field names are checked by the caller's model, not here).
 */
export function beforeCursorWhere<W>(cursor: Keyset | null, atField: string, idField: string, toId: (id: string) => unknown): W | undefined {
  if (!cursor) return undefined;
  return { OR: [{ [atField]: { lt: cursor.at } }, { [atField]: cursor.at, [idField]: { lt: toId(cursor.id) } }] } as W;
}
