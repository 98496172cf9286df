import type { StoredSampleStatus } from "@/lib/domain/gates";
import type { PrismaClient } from "./generated/client";
import { beforeCursorSql, decodeCursor, pageOf } from "./keyset";
import { empty, join, sql, type Sql } from "./sql";

/** The samples list's filters; all optional, combined with AND. */
export interface SampleListQuery {
  status?: StoredSampleStatus;
  agentId?: string;
  patternId?: string;
  /** Free text over the correction, what the agent faced and the category; or a sample id. */
  search?: string;
  cursor?: string;
}

export interface SampleListRow {
  id: string;
  status: StoredSampleStatus;
  statusReason: string;
  grade: string;
  confidence: number;
  errorCategory: string;
  output: string;
  prescreenScore: number | null;
  createdAt: Date;
  interactionId: string;
  patternId: string | null;
  actionTemplate: string | null;
  agentName: string;
}

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function likeOf(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filters other than status, as conditions on `samples s`. */
function filterSql(query: SampleListQuery): Sql {
  const conditions: Sql[] = [sql`TRUE`];
  if (query.agentId) conditions.push(sql`s.agent_id = ${query.agentId}::uuid`);
  if (query.patternId) conditions.push(sql`s.pattern_id = ${query.patternId}::uuid`);
  const search = query.search?.trim();
  if (search) {
    const like = likeOf(search);
    const byId = UUID.test(search) ? sql` OR s.id = ${search}::uuid` : empty;
    conditions.push(sql`(s.output ILIKE ${like} OR s.input::text ILIKE ${like} OR s.error_category ILIKE ${like}${byId})`);
  }
  return join(conditions, " AND ");
}

/** Samples passing the filters, newest first, keyset-paged, with their interaction and pattern. */
export async function listSampleRows(prisma: PrismaClient, query: SampleListQuery): Promise<{ items: SampleListRow[]; nextCursor: string | null }> {
  const status = query.status ? sql` AND s.status = ${query.status}::"SampleStatus"` : empty;
  const rows = await prisma.$queryRaw<Array<{
    id: string; status: StoredSampleStatus; status_reason: string; grade: string; confidence: number; error_category: string; output: string;
    prescreen_score: number | null; created_at: Date; interaction_id: string; pattern_id: string | null; action_template: string | null; agent_name: string;
  }>>(sql`
    SELECT s.id::text, s.status::text AS status, s.status_reason, s.grade::text AS grade, s.confidence, s.error_category, left(s.output, 600) AS output,
           s.prescreen_score, s.created_at, s.interaction_id::text, s.pattern_id::text, p.action_template, a.name AS agent_name
      FROM samples s JOIN agents a ON a.id = s.agent_id LEFT JOIN error_patterns p ON p.id = s.pattern_id
     WHERE ${filterSql(query)}${status} AND ${beforeCursorSql(decodeCursor(query.cursor, "uuid"), sql`s.created_at`, sql`s.id`, "uuid")}
     ORDER BY s.created_at DESC, s.id DESC
     LIMIT ${PAGE + 1}`);
  const page = pageOf(rows, PAGE, (row) => ({ at: row.created_at, id: row.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      id: row.id, status: row.status, statusReason: row.status_reason, grade: row.grade, confidence: row.confidence, errorCategory: row.error_category,
      output: row.output, prescreenScore: row.prescreen_score, createdAt: row.created_at, interactionId: row.interaction_id, patternId: row.pattern_id,
      actionTemplate: row.action_template, agentName: row.agent_name,
    })),
  };
}

/** Samples passing the filters (status aside) per status, for the status tabs. */
export async function countSampleRowsByStatus(prisma: PrismaClient, query: SampleListQuery): Promise<Partial<Record<StoredSampleStatus, number>>> {
  const rows = await prisma.$queryRaw<Array<{ status: StoredSampleStatus; count: number }>>(sql`
    SELECT s.status::text AS status, count(*)::int AS count FROM samples s WHERE ${filterSql(query)} GROUP BY 1`);
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

/** The patterns that have samples, most samples first, for the samples list's pattern filter. */
export async function samplePatterns(prisma: PrismaClient, limit = 100) {
  return prisma.$queryRaw<Array<{ id: string; fingerprint: string; error_category: string; action_template: string; error_template: string; agent_name: string }>>(sql`
    SELECT p.id::text, p.fingerprint, p.error_category, p.action_template, p.error_template, a.name AS agent_name
      FROM error_patterns p JOIN agents a ON a.id = p.agent_id
     WHERE EXISTS (SELECT 1 FROM samples s WHERE s.pattern_id = p.id)
     ORDER BY p.count DESC, p.id LIMIT ${limit}`);
}

/** One sample as its page shows it, read only: deciding happens in the queue. */
export async function findSampleDetail(prisma: PrismaClient, id: string) {
  const row = await prisma.sample.findUnique({
    where: { id },
    select: {
      id: true, status: true, statusReason: true, grade: true, gradeReason: true, confidence: true, errorCategory: true, output: true, originalOutput: true,
      input: true, prescreenScore: true, createdAt: true, decidedAt: true, interactionId: true, residualPii: true, edited: true,
      agent: { select: { id: true, name: true } },
      pattern: { select: { id: true, actionTemplate: true, errorTemplate: true, count: true } },
    },
  });
  return row ? { ...row, interactionId: row.interactionId.toString() } : null;
}
