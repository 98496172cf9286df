import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { actorLabel, type RequestContext } from "@/lib/server/actor";

export type Tx = Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The one audit event of a use-case, written in the use-case's transaction. */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const { actor } = ctx;
  await tx.auditEvent.create({
    data: {
      actorType: actor.type,
      actorId: actor.type === "SYSTEM" ? null : actor.id,
      actorLabel: actorLabel(actor),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      requestId: ctx.requestId ?? null,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  targetType?: string;
  from?: Date;
  to?: Date;
  /** Events older than this id (keyset pagination, newest first). */
  before?: bigint;
  limit?: number;
}

export interface AuditEventView {
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

export async function listAuditEvents(filter: AuditFilter): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
  const prisma = await db();
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const rows = await prisma.auditEvent.findMany({
    where: {
      action: filter.action ? { startsWith: filter.action } : undefined,
      actorLabel: filter.actor ? { contains: filter.actor, mode: "insensitive" } : undefined,
      targetType: filter.targetType || undefined,
      at: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
      id: filter.before !== undefined ? { lt: filter.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextBefore: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}

export async function auditFacets(): Promise<{ actions: string[]; targetTypes: string[] }> {
  const prisma = await db();
  const [actions, targets] = await Promise.all([
    prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.auditEvent.findMany({ distinct: ["targetType"], select: { targetType: true }, orderBy: { targetType: "asc" } }),
  ]);
  return { actions: actions.map((row) => row.action), targetTypes: targets.map((row) => row.targetType) };
}
