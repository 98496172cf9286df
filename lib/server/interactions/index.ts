import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";

export interface InteractionFilter {
  agentId?: string;
  outcome?: "failed" | "succeeded";
  category?: string;
  version?: string;
  from?: Date;
  to?: Date;
  patternId?: string;
  /** Keyset pagination: interactions after this cursor, newest first. */
  cursor?: string;
}

const PAGE = 50;

export async function listInteractions(filter: InteractionFilter) {
  const prisma = await db();
  const where: Prisma.InteractionWhereInput = {
    agentId: filter.agentId,
    failed: filter.outcome === undefined ? undefined : filter.outcome === "failed",
    errorCategory: filter.category,
    modelVersion: filter.version === undefined ? undefined : filter.version === "(not reported)" ? "" : filter.version,
    patternId: filter.patternId,
    occurredAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
    AND: cursorCondition(filter.cursor),
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
  const page = rows.slice(0, PAGE);
  return {
    interactions: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > PAGE ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Newest first by when it happened; the id breaks ties. */
function encodeCursor(row: { occurredAt: Date; id: bigint }): string {
  return `${row.occurredAt.getTime()}.${row.id}`;
}

function cursorCondition(cursor: string | undefined): Prisma.InteractionWhereInput | undefined {
  const match = cursor ? /^(\d{1,15})\.(\d{1,18})$/.exec(cursor) : null;
  if (!match) return undefined;
  const at = new Date(Number(match[1]));
  const id = BigInt(match[2]);
  return { OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: id } }] };
}

export async function getInteraction(id: bigint) {
  const prisma = await db();
  const row = await prisma.interaction.findUnique({
    where: { id },
    include: {
      agent: { select: { id: true, name: true } },
      pattern: { select: { id: true, errorCategory: true, actionTemplate: true, count: true } },
      sample: { select: { id: true, status: true, statusReason: true } },
    },
  });
  return row ? { ...row, id: row.id.toString() } : null;
}

export async function interactionFacets() {
  const prisma = await db();
  const [agents, versions] = await Promise.all([
    prisma.agent.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    prisma.$queryRawUnsafe<Array<{ version: string }>>(`SELECT DISTINCT model_version AS version FROM agent_daily ORDER BY 1 LIMIT 100`),
  ]);
  return { agents, versions: versions.map((row) => row.version || "(not reported)") };
}
