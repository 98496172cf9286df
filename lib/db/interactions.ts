import { piiCountsSchema } from "@/lib/schemas/interactions";
import type { Prisma, PrismaClient } from "./generated/client";
import { COLUMN_NAMES, keyOf, RECORD_DEFINITION, RECORD_KEYS, SELECT_LIST } from "./interaction-columns";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { raw, sql, type Queryable } from "./sql";

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

export interface InteractionFilter {
  agentId?: string;
  outcome?: "failed" | "succeeded";
  category?: string;
  version?: string;
  from?: Date;
  to?: Date;
  patternId?: string;
  /** Keyset pagination (lib/db/keyset.ts): interactions after this cursor, newest first. */
  cursor?: string;
}

export const UNREPORTED_VERSION = "(not reported)";
const PAGE = 50;

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
  piiTotal: number;
  agent: { name: string };
}

export async function listInteractions(prisma: PrismaClient, filter: InteractionFilter): Promise<{ interactions: InteractionListRow[]; nextCursor: string | null }> {
  const where: Prisma.InteractionWhereInput = {
    agentId: filter.agentId,
    failed: filter.outcome === undefined ? undefined : filter.outcome === "failed",
    errorCategory: filter.category,
    modelVersion: filter.version === undefined ? undefined : filter.version === UNREPORTED_VERSION ? "" : filter.version,
    patternId: filter.patternId,
    occurredAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
    AND: beforeCursorWhere<Prisma.InteractionWhereInput>(decodeCursor(filter.cursor, "bigint"), "occurredAt", "id", (id) => BigInt(id)),
  };
  const rows = await prisma.interaction.findMany({
    where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      id: true, occurredAt: true, userIntent: true, agentAction: true, finalOutcome: true, errorCategory: true,
      failed: true, confidence: true, latencyMs: true, modelVersion: true, piiTotal: true, agent: { select: { name: true } },
    },
  });
  const { items, nextCursor } = pageOf(rows, PAGE, (row) => ({ at: row.occurredAt, id: row.id.toString() }));
  return { interactions: items.map((row) => ({ ...row, id: row.id.toString() })), nextCursor };
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
