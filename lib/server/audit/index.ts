import { auditFacets as loadAuditFacets, insertAuditEvent, listAuditEvents as loadAuditEvents, type AuditEventRow, type AuditFilter } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { prismaQueryable, type Queryable } from "@/lib/db/sql";
import { actorLabel, type RequestContext } from "@/lib/server/actor";

export type Tx = Prisma.TransactionClient;
export type { AuditEventRow as AuditEventView, AuditFilter };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * The one audit event of a use-case, written in the use-case's transaction:
 * a Prisma transaction, or the driver's on hot paths (ingestion).
 */
export async function recordAudit(on: Tx | Queryable, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const { actor } = ctx;
  const conn = "$queryRaw" in on ? prismaQueryable(on) : on;
  await insertAuditEvent(conn, {
    actorType: actor.type,
    actorId: actor.type === "SYSTEM" ? null : actor.id,
    actorLabel: actorLabel(actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before,
    after: entry.after,
    requestId: ctx.requestId ?? null,
  });
}

export async function listAuditEvents(filter: AuditFilter) {
  return loadAuditEvents(await db(), filter);
}

export async function auditFacets() {
  return loadAuditFacets(await db());
}
