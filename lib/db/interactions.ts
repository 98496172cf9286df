import { piiCountsSchema } from "@/lib/schemas/interactions";
import type { Prisma, PrismaClient } from "./generated/client";
import { COLUMN_NAMES, keyOf, RECORD_DEFINITION, RECORD_KEYS, SELECT_LIST } from "./interaction-columns";
import { z } from "zod";
import { empty, join, prismaQueryable, raw, sql, type Queryable, type Sql } from "./sql";

/**
 * Inserts a batch whose stored columns arrive as one JSON document (see
 * interaction-columns.ts), zipped with the pattern of each row and, for rows
 * without an interaction_id, the id reserved for it. A row whose
 * (agent, interaction_id) exists is skipped. Returns what was inserted.
 */
export function insertInteractions(
  conn: Queryable,
  agentId: string,
  document: Uint8Array,
  patternIds: Array<string | null>,
  reservedIds: Array<string | null>,
): Promise<Array<{ id: string | bigint; external_id: string | null }>> {
  const externalId = raw(`u.${keyOf("external_id")}`);
  return conn.query(sql`
    INSERT INTO interactions (id, agent_id, ${raw(COLUMN_NAMES)}, pattern_id)
    SELECT COALESCE(u.reserved_id, nextval('interactions_id_seq'::regclass)), ${agentId}::uuid, ${raw(SELECT_LIST)}, u.pattern_id
      FROM ROWS FROM (
             jsonb_to_recordset(${document}::text::jsonb) AS (${raw(RECORD_DEFINITION)}),
             unnest(${patternIds}::uuid[]),
             unnest(${reservedIds}::bigint[])
           ) AS u(${raw(RECORD_KEYS)}, pattern_id, reserved_id)
     -- Same order in every writer: overlapping retries of one agent wait for each other instead of deadlocking.
     ORDER BY ${externalId}
    ON CONFLICT (agent_id, external_id) DO NOTHING
    RETURNING id, external_id`);
}

/** Ids for rows that carry no interaction_id, taken up front to tie rows back to items. */
export async function reserveInteractionIds(conn: Queryable, count: number): Promise<bigint[]> {
  const rows = await conn.query<{ id: string | bigint }>(sql`SELECT nextval('interactions_id_seq'::regclass) AS id FROM generate_series(1, ${count})`);
  return rows.map((row) => BigInt(row.id));
}

export const INTERACTION_SORTS = ["newest", "oldest", "slowest", "least-confident", "failed-first"] as const;
export type InteractionSort = (typeof INTERACTION_SORTS)[number];

export interface InteractionFilter {
  agentId?: string;
  outcome?: "failed" | "succeeded";
  category?: string;
  version?: string;
  from?: Date;
  to?: Date;
  patternId?: string;
  sessionId?: string;
  /** Free text over intent, action, response, id and session; see SEARCH_WINDOW. */
  search?: string;
  sort?: InteractionSort;
  /** Keyset pagination in the sort's order (the cursor is only read back by the same sort). */
  cursor?: string;
}

export const UNREPORTED_VERSION = "(not reported)";
const PAGE = 50;

/**
 * A search reads at most this many of the newest interactions that pass the
 * other filters, then stops: measured with 110,000 rows, a search over all of
 * them took 0.4–0.9 s (a rare or absent term scans everything), a trigram
 * index made it 15–70 ms but ingestion five to twenty times slower. A page of
 * results that ends before the window does offers the next window, so older
 * rows are reached by paging, each page bounded.
 */
export const SEARCH_WINDOW = 20_000;
/** An exact count reads at most this many rows; beyond it the total is an estimate or a floor. */
export const COUNT_CAP = 100_000;

export interface InteractionListRow {
  id: string;
  occurredAt: Date;
  userIntent: string;
  agentAction: string;
  finalOutcome: string;
  errorCategory: string | null;
  failed: boolean;
  confidence: number;
  latencyMs: number | null;
  modelVersion: string;
  sessionId: string | null;
  piiTotal: number;
  agent: { name: string };
}

/** Each sort as its key columns, all in one direction, so the keyset is one row comparison. */
const SORTS: Record<InteractionSort, { keys: Array<{ sql: Sql; type: "time" | "number" | "bool" }>; desc: boolean }> = {
  newest: { keys: [{ sql: sql`i.occurred_at`, type: "time" }], desc: true },
  oldest: { keys: [{ sql: sql`i.occurred_at`, type: "time" }], desc: false },
  // An unreported latency sorts after every reported one.
  slowest: { keys: [{ sql: sql`COALESCE(i.latency_ms, -1)`, type: "number" }], desc: true },
  "least-confident": { keys: [{ sql: sql`i.confidence`, type: "number" }], desc: false },
  "failed-first": { keys: [{ sql: sql`i.failed`, type: "bool" }, { sql: sql`i.occurred_at`, type: "time" }], desc: true },
};

const cursorValue = z.union([z.number(), z.boolean()]);
const cursorShape = z.object({ s: z.enum(INTERACTION_SORTS), k: z.array(cursorValue).max(2), id: z.string().regex(/^\d{1,18}$/) });

type SortKey = Array<number | boolean>;

function encodeSortCursor(sort: InteractionSort, keys: SortKey, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keys, id }), "utf8").toString("base64url");
}

/** The cursor's key for this sort, or null (the first page) for a cursor of another sort or none this code wrote. */
function decodeSortCursor(cursor: string | undefined, sort: InteractionSort): { keys: SortKey; id: string } | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success || result.data.s !== sort) return null;
  const spec = SORTS[sort].keys;
  if (result.data.k.length !== spec.length) return null;
  const valid = spec.every((key, index) => {
    const value = result.data.k[index];
    return key.type === "bool" ? typeof value === "boolean" : typeof value === "number" && Number.isFinite(value) && (key.type !== "time" || Math.abs(value) < 4_102_444_800_000);
  });
  return valid ? { keys: result.data.k, id: result.data.id } : null;
}

function keyValueSql(value: number | boolean, type: "time" | "number" | "bool"): Sql {
  if (type === "time") return sql`${new Date(value as number)}::timestamptz`;
  if (type === "bool") return sql`${value as boolean}::boolean`;
  return sql`${value as number}::float8`;
}

function afterCursorSql(sort: InteractionSort, cursor: { keys: SortKey; id: string } | null): Sql {
  if (!cursor) return sql`TRUE`;
  const spec = SORTS[sort];
  const columns = join([...spec.keys.map((key) => key.sql), sql`i.id`], ", ");
  const values = join([...spec.keys.map((key, index) => keyValueSql(cursor.keys[index], key.type)), sql`${cursor.id}::bigint`], ", ");
  return spec.desc ? sql`(${columns}) < (${values})` : sql`(${columns}) > (${values})`;
}

/** The sort's keys as columns k0, k1… of a subquery, read back by outerOrderSql. */
function sortKeyColumns(sort: InteractionSort): Sql {
  return join(SORTS[sort].keys.map((key, index) => sql`${key.sql} AS ${raw(`k${index}`)}`), ", ");
}

function outerOrderSql(sort: InteractionSort): Sql {
  const spec = SORTS[sort];
  const direction = raw(spec.desc ? "DESC" : "ASC");
  return join([...spec.keys.map((_, index) => sql`${raw(`w.k${index}`)} ${direction}`), sql`w.id ${direction}`], ", ");
}

function orderSql(sort: InteractionSort): Sql {
  const spec = SORTS[sort];
  const direction = raw(spec.desc ? "DESC" : "ASC");
  return join([...spec.keys.map((key) => sql`${key.sql} ${direction}`), sql`i.id ${direction}`], ", ");
}

/** The filters other than search, as conditions on `interactions i`. */
function filterSql(filter: InteractionFilter): Sql {
  const conditions: Sql[] = [sql`TRUE`];
  if (filter.agentId) conditions.push(sql`i.agent_id = ${filter.agentId}::uuid`);
  if (filter.outcome) conditions.push(sql`i.failed = ${filter.outcome === "failed"}`);
  if (filter.category) conditions.push(sql`i.error_category = ${filter.category}`);
  if (filter.version !== undefined) conditions.push(sql`i.model_version = ${filter.version === UNREPORTED_VERSION ? "" : filter.version}`);
  if (filter.patternId) conditions.push(sql`i.pattern_id = ${filter.patternId}::uuid`);
  if (filter.sessionId) conditions.push(sql`i.session_id = ${filter.sessionId}`);
  if (filter.from) conditions.push(sql`i.occurred_at >= ${filter.from}`);
  if (filter.to) conditions.push(sql`i.occurred_at < ${filter.to}`);
  return join(conditions, " AND ");
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether a row matches the search text: a substring of its texts, or its id or session exactly. */
function matchSql(search: string): Sql {
  const like = likePattern(search);
  const byId = /^\d{1,18}$/.test(search) ? sql` OR i.id = ${search}::bigint` : empty;
  return sql`(i.user_intent ILIKE ${like} OR i.agent_action ILIKE ${like} OR i.api_response::text ILIKE ${like}
    OR i.final_outcome ILIKE ${like} OR i.session_id ILIKE ${like}${byId})`;
}

interface RawListRow {
  id: string | bigint; occurred_at: Date; user_intent: string; agent_action: string; final_outcome: string; error_category: string | null;
  failed: boolean; confidence: number; latency_ms: number | null; model_version: string; session_id: string | null; pii_total: number; agent_name: string;
  sort_keys: SortKey;
}

const LIST_COLUMNS = sql`i.id, i.occurred_at, left(i.user_intent, 600) AS user_intent, left(i.agent_action, 600) AS agent_action, left(i.final_outcome, 300) AS final_outcome,
  i.error_category, i.failed, i.confidence, i.latency_ms, i.model_version, i.session_id, i.pii_total, a.name AS agent_name`;

function sortKeysSql(sort: InteractionSort): Sql {
  return sql`json_build_array(${join(SORTS[sort].keys.map((key) => (key.type === "time" ? sql`(extract(epoch FROM ${key.sql}) * 1000)::float8` : key.sql)), ", ")})`;
}

export interface InteractionPage {
  interactions: InteractionListRow[];
  nextCursor: string | null;
  /** With a search: how the page ended. "window" when it read SEARCH_WINDOW rows before finding a full page. */
  searchEnded?: "page" | "window" | "all";
}

/**
 * A page of interactions in the sort's order. A search reads a bounded window
 * of the newest rows (SEARCH_WINDOW) and is always newest first: the window
 * is what keeps it fast, and it is a window in time.
 */
export async function listInteractions(prisma: PrismaClient, filter: InteractionFilter, window = SEARCH_WINDOW): Promise<InteractionPage> {
  const db = prismaQueryable(prisma);
  const search = filter.search?.trim() || undefined;
  const sort: InteractionSort = search ? "newest" : (filter.sort ?? "newest");
  const cursor = decodeSortCursor(filter.cursor, sort);
  const toRow = (row: RawListRow): InteractionListRow => ({
    id: row.id.toString(), occurredAt: row.occurred_at, userIntent: row.user_intent, agentAction: row.agent_action, finalOutcome: row.final_outcome,
    errorCategory: row.error_category, failed: row.failed, confidence: row.confidence, latencyMs: row.latency_ms, modelVersion: row.model_version,
    sessionId: row.session_id, piiTotal: row.pii_total, agent: { name: row.agent_name },
  });
  const page = (rows: RawListRow[]) => ({
    interactions: rows.slice(0, PAGE).map(toRow),
    nextCursor: rows.length > PAGE ? encodeSortCursor(sort, rows[PAGE - 1].sort_keys, rows[PAGE - 1].id.toString()) : null,
  });
  // The ids are chosen over narrow rows first, then the page's columns are read for those ids only:
  // sorting 100,000 rows with their texts attached was ten times slower.
  const pick = search
    ? sql`SELECT w.id FROM (SELECT i.id, ${sortKeyColumns(sort)}, ${matchSql(search)} AS hit FROM interactions i
             WHERE ${filterSql(filter)} AND ${afterCursorSql(sort, cursor)}
             ORDER BY ${orderSql(sort)} LIMIT ${window}) w
           WHERE w.hit ORDER BY ${outerOrderSql(sort)} LIMIT ${PAGE + 1}`
    : sql`SELECT i.id FROM interactions i WHERE ${filterSql(filter)} AND ${afterCursorSql(sort, cursor)} ORDER BY ${orderSql(sort)} LIMIT ${PAGE + 1}`;
  const rows = await db.query<RawListRow>(sql`
    SELECT ${LIST_COLUMNS}, ${sortKeysSql(sort)} AS sort_keys
      FROM (${pick}) picked JOIN interactions i ON i.id = picked.id JOIN agents a ON a.id = i.agent_id
     ORDER BY ${orderSql(sort)}`);
  if (!search) return page(rows);
  if (rows.length > PAGE) return { ...page(rows), searchEnded: "page" };
  // Fewer than a page in the window: offer the next window if the scan stopped at its edge.
  const [edge] = await db.query<{ id: string | bigint; sort_keys: SortKey }>(sql`
    SELECT i.id, ${sortKeysSql(sort)} AS sort_keys FROM interactions i
     WHERE ${filterSql(filter)} AND ${afterCursorSql(sort, cursor)}
     ORDER BY ${orderSql(sort)} OFFSET ${window - 1} LIMIT 1`);
  if (!edge) return { interactions: rows.map(toRow), nextCursor: null, searchEnded: "all" };
  return { interactions: rows.map(toRow), nextCursor: encodeSortCursor(sort, edge.sort_keys, edge.id.toString()), searchEnded: "window" };
}

export interface InteractionCount {
  /** Exact when `exact`; otherwise at least this many (`estimated` false) or about this many. */
  value: number;
  exact: boolean;
  estimated: boolean;
}

/**
 * How many interactions pass the filters (search aside): exact up to
 * COUNT_CAP rows (measured 19–65 ms for 110,000 rows on both databases),
 * beyond it the planner's estimate for the whole table or a floor for a
 * filtered set.
 */
export async function countInteractions(prisma: PrismaClient, filter: InteractionFilter): Promise<InteractionCount> {
  const db = prismaQueryable(prisma);
  const [{ count }] = await db.query<{ count: number }>(sql`
    SELECT count(*)::int AS count FROM (SELECT 1 FROM interactions i WHERE ${filterSql(filter)} LIMIT ${COUNT_CAP + 1}) capped`);
  if (count <= COUNT_CAP) return { value: count, exact: true, estimated: false };
  const unfiltered = !filter.agentId && !filter.outcome && !filter.category && filter.version === undefined && !filter.patternId && !filter.sessionId && !filter.from && !filter.to;
  if (!unfiltered) return { value: COUNT_CAP, exact: false, estimated: false };
  const [{ estimate }] = await db.query<{ estimate: number }>(sql`SELECT GREATEST(reltuples, 0)::float8 AS estimate FROM pg_class WHERE oid = 'interactions'::regclass`);
  return { value: Math.max(Math.round(estimate), COUNT_CAP), exact: false, estimated: true };
}

/** How many of the newest SEARCH_WINDOW interactions passing the filters match the search, and how many were read. */
export async function countSearchMatches(prisma: PrismaClient, filter: InteractionFilter & { search: string }): Promise<{ matches: number; scanned: number }> {
  const db = prismaQueryable(prisma);
  const [row] = await db.query<{ matches: number; scanned: number }>(sql`
    SELECT (count(*) FILTER (WHERE w.hit))::int AS matches, count(*)::int AS scanned
      FROM (SELECT ${matchSql(filter.search.trim())} AS hit FROM interactions i WHERE ${filterSql(filter)}
             ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${SEARCH_WINDOW}) w`);
  return row;
}

export interface SessionGroup {
  sessionId: string;
  agentName: string;
  agentId: string;
  interactions: number;
  failures: number;
  firstAt: Date;
  lastAt: Date;
}

const sessionCursorShape = z.object({ at: z.number().finite(), key: z.string().max(300) });

/** Sessions among the interactions passing the filters, latest activity first, keyset-paged. */
export async function listSessions(prisma: PrismaClient, filter: InteractionFilter): Promise<{ sessions: SessionGroup[]; nextCursor: string | null }> {
  const db = prismaQueryable(prisma);
  let cursor: z.output<typeof sessionCursorShape> | null = null;
  if (filter.cursor) {
    try {
      const parsed = sessionCursorShape.safeParse(JSON.parse(Buffer.from(filter.cursor, "base64url").toString("utf8")));
      cursor = parsed.success ? parsed.data : null;
    } catch {
      cursor = null;
    }
  }
  const after = cursor ? sql`HAVING (max(i.occurred_at), i.agent_id::text || '/' || i.session_id) < (${new Date(cursor.at)}::timestamptz, ${cursor.key})` : empty;
  const rows = await db.query<{ session_id: string; agent_id: string; agent_name: string; interactions: number; failures: number; first_at: Date; last_at: Date; key: string }>(sql`
    SELECT g.*, a.name AS agent_name FROM (
      SELECT i.session_id, i.agent_id::text AS agent_id, count(*)::int AS interactions, (count(*) FILTER (WHERE i.failed))::int AS failures,
             min(i.occurred_at) AS first_at, max(i.occurred_at) AS last_at, i.agent_id::text || '/' || i.session_id AS key
        FROM interactions i
       WHERE ${filterSql(filter)} AND i.session_id IS NOT NULL
       GROUP BY i.agent_id, i.session_id ${after}
       ORDER BY max(i.occurred_at) DESC, i.agent_id::text || '/' || i.session_id DESC
       LIMIT ${PAGE + 1}) g
    JOIN agents a ON a.id::text = g.agent_id
    ORDER BY g.last_at DESC, g.key DESC`);
  const sessions = rows.slice(0, PAGE).map((row) => ({
    sessionId: row.session_id, agentId: row.agent_id, agentName: row.agent_name, interactions: row.interactions, failures: row.failures, firstAt: row.first_at, lastAt: row.last_at,
  }));
  const last = rows[PAGE - 1];
  const nextCursor = rows.length > PAGE ? Buffer.from(JSON.stringify({ at: last.last_at.getTime(), key: last.key }), "utf8").toString("base64url") : null;
  return { sessions, nextCursor };
}

/** The newest interaction's time, through the occurred_at index; null when none is stored. */
export async function latestInteractionAt(prisma: PrismaClient): Promise<Date | null> {
  const row = await prisma.interaction.findFirst({ orderBy: { occurredAt: "desc" }, select: { occurredAt: true } });
  return row?.occurredAt ?? null;
}

/** Whether an interaction with this id exists: a search that is an id offers it even outside the search window. */
export async function interactionExists(prisma: PrismaClient, id: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(id)) return false;
  return (await prisma.interaction.count({ where: { id: BigInt(id) } })) > 0;
}

/** How many interactions carry this exact session id (indexed), for a search that is a session id. */
export async function sessionSize(prisma: PrismaClient, sessionId: string): Promise<number> {
  return prisma.interaction.count({ where: { sessionId } });
}

export async function findInteraction(prisma: PrismaClient, id: bigint) {
  const row = await prisma.interaction.findUnique({
    where: { id },
    include: {
      agent: { select: { id: true, name: true } },
      pattern: { select: { id: true, errorCategory: true, actionTemplate: true, count: true } },
      sample: { select: { id: true, status: true, statusReason: true } },
    },
  });
  return row ? { ...row, id: row.id.toString(), piiCounts: piiCountsSchema.parse(row.piiCounts) } : null;
}

/** The serving versions agents reported, from the daily rollups (never a scan of interactions). */
export async function reportedVersions(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ version: string }>>(sql`SELECT DISTINCT model_version AS version FROM agent_daily ORDER BY 1 LIMIT 100`);
  return rows.map((row) => row.version || UNREPORTED_VERSION);
}

/** A failed interaction with what a correction needs: its agent's stage, its pattern's count, whether it has a sample. */
export function findForCorrection(tx: Prisma.TransactionClient, id: bigint) {
  return tx.interaction.findUnique({
    where: { id },
    include: { sample: { select: { id: true } }, agent: { select: { stage: true } }, pattern: { select: { count: true } } },
  });
}

export async function setCorrection(tx: Prisma.TransactionClient, id: bigint, correction: string): Promise<void> {
  await tx.interaction.update({ where: { id }, data: { correction } });
}
