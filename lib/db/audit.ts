import type { Prisma, PrismaClient } from "./generated/client";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { sql, type Queryable } from "./sql";

export type ActorType = "USER" | "AGENT" | "SYSTEM";

/** One audit event as written; `before` and `after` are stored as JSON. */
export interface AuditEventInput {
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  requestId: string | null;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * The one audit insert, for a Prisma transaction (through `prismaQueryable`)
 * and the driver's transaction on hot paths alike.
 */
export async function insertAuditEvent(conn: Queryable, event: AuditEventInput): Promise<void> {
  await conn.query(sql`
    INSERT INTO audit_events (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, request_id)
    VALUES (${event.actorType}::"ActorType", ${event.actorId}, ${event.actorLabel}, ${event.action}, ${event.targetType}, ${event.targetId},
            ${json(event.before)}::jsonb, ${json(event.after)}::jsonb, ${event.requestId})`);
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  targetType?: string;
  from?: Date;
  to?: Date;
  /** Keyset pagination (lib/db/keyset.ts): events older than this cursor, newest first. */
  cursor?: string;
  limit?: number;
}

export interface AuditEventRow {
  id: string;
  at: Date;
  actorType: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export async function listAuditEvents(prisma: PrismaClient, filter: AuditFilter): Promise<{ events: AuditEventRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const rows = await prisma.auditEvent.findMany({
    where: {
      action: filter.action ? { startsWith: filter.action } : undefined,
      actorLabel: filter.actor ? { contains: filter.actor, mode: "insensitive" } : undefined,
      targetType: filter.targetType || undefined,
      at: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
      AND: beforeCursorWhere<Prisma.AuditEventWhereInput>(decodeCursor(filter.cursor, "bigint"), "at", "id", (id) => BigInt(id)),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, at: true, actorType: true, actorLabel: true, action: true, targetType: true, targetId: true, before: true, after: true, requestId: true },
  });
  const { items, nextCursor } = pageOf(rows, limit, (row) => ({ at: row.at, id: row.id.toString() }));
  return { events: items.map((row) => ({ ...row, id: row.id.toString() })), nextCursor };
}

export async function auditFacets(prisma: PrismaClient): Promise<{ actions: string[]; targetTypes: string[] }> {
  const [actions, targets] = await Promise.all([
    prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.auditEvent.findMany({ distinct: ["targetType"], select: { targetType: true }, orderBy: { targetType: "asc" } }),
  ]);
  return { actions: actions.map((row) => row.action), targetTypes: targets.map((row) => row.targetType) };
}
