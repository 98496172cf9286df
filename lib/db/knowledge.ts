import type { Stage } from "@/lib/domain/stage";
import type { KnowledgeFilter, KnowledgeProvenance } from "@/lib/schemas/knowledge";
import type { Prisma, PrismaClient } from "./generated/client";
import { beforeCursorWhere, decodeCursor, pageOf } from "./keyset";
import { sql } from "./sql";

type Tx = Prisma.TransactionClient;
type Client = PrismaClient | Tx;

export interface KnowledgeRow {
  id: string;
  agentId: string;
  patternId: string;
  correctionKey: string;
  correction: string;
  intents: unknown;
  approvals: number;
  rejections: number;
  confidenceSum: number;
  confidence: number;
  enabled: boolean;
  origin: "SAMPLES" | "PACK";
  version: number;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const entryColumns = {
  id: true, agentId: true, patternId: true, correctionKey: true, correction: true, intents: true, approvals: true, rejections: true,
  confidenceSum: true, confidence: true, enabled: true, origin: true, version: true, reviewedAt: true, createdAt: true, updatedAt: true,
} as const;

/** The entry row locked for the rest of the transaction: concurrent decisions on one pattern take turns. */
export async function lockEntry(tx: Tx, id: string): Promise<KnowledgeRow | null> {
  await tx.$queryRaw(sql`SELECT 1 FROM knowledge_entries WHERE id = ${id}::uuid FOR UPDATE`);
  return tx.knowledgeEntry.findUnique({ where: { id }, select: entryColumns });
}

/**
 * The entry for a pattern and correction, created empty when there is none,
 * and locked: two reviewers approving the same correction at once both land
 * on one entry.
 */
export async function lockOrCreateEntry(
  tx: Tx,
  input: { agentId: string; patternId: string; correctionKey: string; correction: string; origin?: "SAMPLES" | "PACK"; enabled?: boolean },
): Promise<{ entry: KnowledgeRow; created: boolean }> {
  const inserted = await tx.$queryRaw<Array<{ id: string }>>(sql`
    INSERT INTO knowledge_entries (id, agent_id, pattern_id, correction_key, correction, origin, enabled, updated_at)
    VALUES (gen_random_uuid(), ${input.agentId}::uuid, ${input.patternId}::uuid, ${input.correctionKey}, ${input.correction},
            ${input.origin ?? "SAMPLES"}::"KnowledgeOrigin", ${input.enabled ?? true}, now())
    ON CONFLICT (pattern_id, correction_key) DO NOTHING
    RETURNING id::text`);
  const [row] = await tx.$queryRaw<Array<{ id: string }>>(sql`
    SELECT id::text FROM knowledge_entries WHERE pattern_id = ${input.patternId}::uuid AND correction_key = ${input.correctionKey} FOR UPDATE`);
  const entry = await tx.knowledgeEntry.findUniqueOrThrow({ where: { id: row.id }, select: entryColumns });
  return { entry, created: inserted.length > 0 };
}

export function findEntryByCorrection(tx: Tx, patternId: string, correctionKey: string): Promise<KnowledgeRow | null> {
  return tx.knowledgeEntry.findUnique({ where: { patternId_correctionKey: { patternId, correctionKey } }, select: entryColumns });
}

export interface EntryChange {
  correction?: string;
  correctionKey?: string;
  intents?: Record<string, number>;
  approvals?: number;
  rejections?: number;
  confidenceSum?: number;
  confidence?: number;
  enabled?: boolean;
  editedById?: string;
  reviewedAt?: Date;
}

/** Writes a change and bumps the entry's version: remedy ids name the version that answered. */
export function updateEntry(tx: Tx, id: string, change: EntryChange): Promise<KnowledgeRow> {
  return tx.knowledgeEntry.update({ where: { id }, data: { ...change, version: { increment: 1 } }, select: entryColumns });
}

/** Stamps the first time an entry became active; later activations keep the first. */
export async function markActivated(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.$executeRaw(sql`UPDATE knowledge_entries SET activated_at = COALESCE(activated_at, ${at}) WHERE id = ${id}::uuid`);
}

/** Provenance, one row per sample: a sample decided again (never today) would replace its row. */
export async function recordEvidence(
  tx: Tx,
  row: { entryId: string; sampleId: string; kind: "APPROVED" | "REJECTED"; reviewerId: string | null; confidence: number; at: Date },
): Promise<void> {
  await tx.knowledgeEvidence.upsert({
    where: { entryId_sampleId: { entryId: row.entryId, sampleId: row.sampleId } },
    create: row,
    update: { kind: row.kind, reviewerId: row.reviewerId, confidence: row.confidence, at: row.at },
  });
}

/** What a decided sample says, for knowledge: its pattern, correction, intent and confidence. */
export async function samplesForKnowledge(tx: Tx, ids: string[]) {
  const rows = await tx.sample.findMany({
    where: { id: { in: ids }, patternId: { not: null } },
    select: { id: true, agentId: true, patternId: true, output: true, input: true, confidence: true },
  });
  return rows.map((row) => ({ ...row, patternId: row.patternId! }));
}

export interface EntryListRow extends KnowledgeRow {
  agent: { id: string; name: string; stage: Stage };
  pattern: { id: string; errorCategory: string; actionTemplate: string; errorTemplate: string };
}

const PAGE_SIZE = 50;

/** Knowledge entries newest change first, by agent, state and text. */
export async function listEntries(prisma: PrismaClient, filter: KnowledgeFilter, activation: number) {
  const cursor = decodeCursor(filter.cursor, "uuid");
  const where: Prisma.KnowledgeEntryWhereInput = {
    AND: [
      scopeWhere(filter),
      stateWhere(filter.state, activation),
      beforeCursorWhere<Prisma.KnowledgeEntryWhereInput>(cursor, "updatedAt", "id", (id) => id) ?? {},
    ],
  };
  const rows = await prisma.knowledgeEntry.findMany({
    where,
    select: {
      ...entryColumns,
      agent: { select: { id: true, name: true, stage: true } },
      pattern: { select: { id: true, errorCategory: true, actionTemplate: true, errorTemplate: true } },
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
  });
  return pageOf<EntryListRow>(rows, PAGE_SIZE, (row) => ({ at: row.updatedAt, id: row.id }));
}

/** The agent and text filters, which the state tabs' counts share with the list. */
function scopeWhere(filter: Pick<KnowledgeFilter, "agent" | "q">): Prisma.KnowledgeEntryWhereInput {
  return {
    AND: [
      filter.agent ? { agentId: filter.agent } : {},
      filter.q
        ? { OR: [
            { correction: { contains: filter.q, mode: "insensitive" } },
            { pattern: { errorCategory: { contains: filter.q, mode: "insensitive" } } },
            { pattern: { actionTemplate: { contains: filter.q, mode: "insensitive" } } },
            { pattern: { errorTemplate: { contains: filter.q, mode: "insensitive" } } },
          ] }
        : {},
    ],
  };
}

function stateWhere(state: KnowledgeFilter["state"], activation: number): Prisma.KnowledgeEntryWhereInput {
  switch (state) {
    case "active": return { enabled: true, confidence: { gt: activation } };
    case "below_threshold": return { enabled: true, confidence: { lte: activation } };
    case "disabled": return { enabled: false, OR: [{ origin: "SAMPLES" }, { reviewedAt: { not: null } }] };
    case "awaiting_review": return { enabled: false, origin: "PACK", reviewedAt: null };
    default: return {};
  }
}

export async function countEntriesByState(prisma: PrismaClient, activation: number, filter: Pick<KnowledgeFilter, "agent" | "q"> = {}) {
  const [active, below, disabled, awaiting] = await Promise.all(
    (["active", "below_threshold", "disabled", "awaiting_review"] as const).map((state) =>
      prisma.knowledgeEntry.count({ where: { AND: [scopeWhere(filter), stateWhere(state, activation)] } })),
  );
  return { active, below_threshold: below, disabled, awaiting_review: awaiting };
}

export function findEntry(prisma: PrismaClient, id: string): Promise<EntryListRow | null> {
  return prisma.knowledgeEntry.findUnique({
    where: { id },
    select: {
      ...entryColumns,
      agent: { select: { id: true, name: true, stage: true } },
      pattern: { select: { id: true, errorCategory: true, actionTemplate: true, errorTemplate: true } },
    },
  });
}

export async function entryProvenance(prisma: PrismaClient, entryId: string): Promise<KnowledgeProvenance[]> {
  const rows = await prisma.$queryRaw<Array<{ sample_id: string; kind: "APPROVED" | "REJECTED"; reviewer: string | null; confidence: number; at: Date }>>(sql`
    SELECT e.sample_id::text, e.kind::text AS kind, u.email AS reviewer, e.confidence, e.at
      FROM knowledge_evidence e LEFT JOIN users u ON u.id = e.reviewer_id
     WHERE e.entry_id = ${entryId}::uuid
     ORDER BY e.at DESC
     LIMIT 200`);
  return rows.map((row) => ({ sampleId: row.sample_id, kind: row.kind, reviewer: row.reviewer, confidence: Number(row.confidence), at: row.at }));
}

/** Applied and failed remedies per capability prefix (`kn_<id>`, `mv_<id>`), all time. */
export async function remedyTotals(prisma: PrismaClient, capabilities: string[]): Promise<Map<string, { applied: number; failed: number }>> {
  if (capabilities.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ capability: string; applied: bigint; failed: bigint }>>(sql`
    SELECT split_part(remedy_id, '.', 1) AS capability, SUM(applied)::bigint AS applied, SUM(failed)::bigint AS failed
      FROM remedy_daily
     WHERE split_part(remedy_id, '.', 1) = ANY(${capabilities}::text[])
     GROUP BY 1`);
  return new Map(rows.map((row) => [row.capability, { applied: Number(row.applied), failed: Number(row.failed) }]));
}

/** Everything the remedy index serves from: enabled entries above the activation confidence, with their fingerprints and agents' stages. */
export async function servableEntries(client: Client, activation: number) {
  return client.$queryRaw<Array<{
    id: string; agent_id: string; stage: Stage; fingerprint: string; correction: string; confidence: number; version: number; intents: unknown;
    error_category: string; action_template: string; error_template: string; updated_at: Date;
  }>>(sql`
    SELECT k.id::text, k.agent_id::text, a.stage::text AS stage, p.fingerprint, k.correction, k.confidence, k.version, k.intents,
           p.error_category, p.action_template, p.error_template, k.updated_at
      FROM knowledge_entries k
      JOIN error_patterns p ON p.id = k.pattern_id
      JOIN agents a ON a.id = k.agent_id
     WHERE k.enabled AND k.confidence > ${activation} AND a.stage <> 'OBSERVATION'`);
}

/** Entries of one agent for a knowledge pack: active ones, with their pattern templates. */
export async function packableEntries(prisma: PrismaClient, agentId: string, activation: number) {
  return prisma.knowledgeEntry.findMany({
    where: { agentId, enabled: true, confidence: { gt: activation } },
    select: { correction: true, confidence: true, intents: true, pattern: { select: { errorCategory: true, actionTemplate: true, errorTemplate: true } } },
    orderBy: [{ confidence: "desc" }, { id: "asc" }],
  });
}

/** error categories → patterns → corrections → model versions, for the knowledge graph. */
export async function knowledgeGraphRows(prisma: PrismaClient, since: Date, agentId?: string) {
  return prisma.$queryRaw<Array<{ error_category: string; pattern_id: string; action_template: string; correction: string; entry_id: string; evidence: bigint; model_version: string | null }>>(sql`
    SELECT p.error_category, p.id::text AS pattern_id, p.action_template, k.correction, k.id::text AS entry_id,
           COUNT(e.sample_id)::bigint AS evidence,
           (SELECT mv.version FROM distillation_run_samples rs
              JOIN knowledge_evidence e2 ON e2.sample_id = rs.sample_id AND e2.entry_id = k.id
              JOIN model_versions mv ON mv.run_id = rs.run_id
             ORDER BY mv.created_at DESC LIMIT 1) AS model_version
      FROM knowledge_entries k
      JOIN error_patterns p ON p.id = k.pattern_id
      JOIN knowledge_evidence e ON e.entry_id = k.id AND e.kind = 'APPROVED' AND e.at >= ${since}
     WHERE ${agentId ? sql`k.agent_id = ${agentId}::uuid` : sql`TRUE`}
     GROUP BY p.error_category, p.id, p.action_template, k.correction, k.id
     ORDER BY evidence DESC
     LIMIT 60`);
}

/** Samples the trusted pre-screen approved that the memory layer has not learned from yet, oldest first. */
export async function autoApprovedNotLearned(tx: Tx, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(sql`
    SELECT s.id::text FROM samples s
     WHERE s.status = 'AUTO_APPROVED' AND s.pattern_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM knowledge_evidence e WHERE e.sample_id = s.id)
     ORDER BY s.created_at, s.id
     LIMIT ${limit}
     FOR UPDATE OF s SKIP LOCKED`);
  return rows.map((row) => row.id);
}
