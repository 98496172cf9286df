import type { PrismaClient } from "./generated/client";
import { sql, raw, type Queryable } from "./sql";
import { UNREPORTED_VERSION } from "./interactions";

/** A failure's pattern as ingestion knows it before the pattern row exists. */
export interface NewPattern {
  fingerprint: string;
  category: string;
  actionTemplate: string;
  errorTemplate: string;
  firstSeenAt: Date;
}

/**
 * Makes sure every fingerprint has a pattern row for the agent and returns
 * their ids, creating the new ones in the same statement. New rows are
 * created in fingerprint order, so two batches creating the same patterns
 * wait for each other instead of deadlocking; one created by a batch that
 * committed meanwhile is read again.
 */
export async function ensurePatterns(conn: Queryable, agentId: string, patterns: NewPattern[]): Promise<Map<string, string>> {
  if (patterns.length === 0) return new Map();
  const hashes = patterns.map((pattern) => pattern.fingerprint);
  const found = await conn.query<{ id: string; fingerprint: string }>(sql`
    WITH batch AS (
      SELECT * FROM unnest(
        ${hashes}::text[],
        ${patterns.map((pattern) => pattern.category)}::text[],
        ${patterns.map((pattern) => pattern.actionTemplate)}::text[],
        ${patterns.map((pattern) => pattern.errorTemplate)}::text[],
        ${patterns.map((pattern) => pattern.firstSeenAt.toISOString())}::timestamptz[]
      ) AS u(fingerprint, category, action_template, error_template, seen_at)
    ), created AS (
      INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
      SELECT gen_random_uuid(), ${agentId}::uuid, fingerprint, category, action_template, error_template, seen_at, seen_at, 0 FROM batch ORDER BY fingerprint
      ON CONFLICT (agent_id, fingerprint) DO NOTHING
      RETURNING id, fingerprint
    )
    SELECT id::text, fingerprint FROM created
    UNION ALL
    SELECT id::text, fingerprint FROM error_patterns WHERE agent_id = ${agentId}::uuid AND fingerprint IN (SELECT fingerprint FROM batch)`);
  const ids = new Map(found.map((row) => [row.fingerprint, row.id]));
  const missing = hashes.filter((hash) => !ids.has(hash));
  if (missing.length > 0) {
    const again = await conn.query<{ id: string; fingerprint: string }>(
      sql`SELECT id::text, fingerprint FROM error_patterns WHERE agent_id = ${agentId}::uuid AND fingerprint = ANY(${missing}::text[])`,
    );
    for (const row of again) ids.set(row.fingerprint, row.id);
  }
  return ids;
}

export interface PatternScope {
  /** First and last day, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  agentId?: string;
  category?: string;
}

export interface PatternFailuresRow {
  id: string;
  agentName: string;
  errorCategory: string;
  actionTemplate: string;
  errorTemplate: string;
  failures: number;
  total: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  daily: Array<{ day: string; value: number }>;
}

function escapeLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Patterns by failures in the scope, from daily rollups, never raw interactions. */
export async function topPatternFailures(prisma: PrismaClient, scope: PatternScope & { search?: string }, limit: number): Promise<PatternFailuresRow[]> {
  const search = scope.search ? escapeLike(scope.search) : null;
  const rows = await prisma.$queryRaw<Array<{
    id: string; agent_name: string; error_category: string; action_template: string; error_template: string;
    failures: number; total: number; first_seen_at: Date; last_seen_at: Date; trend: Array<{ day: string; value: number }>;
  }>>(sql`
    SELECT p.id::text, a.name AS agent_name, p.error_category, p.action_template, p.error_template,
           sum(d.failures)::int AS failures, p.count AS total, p.first_seen_at, p.last_seen_at,
           json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'value', d.failures)) AS trend
      FROM pattern_daily d
      JOIN error_patterns p ON p.id = d.pattern_id
      JOIN agents a ON a.id = p.agent_id
     WHERE d.day >= ${scope.from}::date AND d.day <= ${scope.to}::date
       AND (${scope.agentId ?? null}::uuid IS NULL OR p.agent_id = ${scope.agentId ?? null}::uuid)
       AND (${scope.category ?? null}::text IS NULL OR p.error_category = ${scope.category ?? null})
       AND (${search}::text IS NULL OR p.action_template ILIKE ${search} OR p.error_template ILIKE ${search} OR p.error_category ILIKE ${search})
     GROUP BY p.id, a.name
     ORDER BY failures DESC, p.last_seen_at DESC
     LIMIT ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    agentName: row.agent_name,
    errorCategory: row.error_category,
    actionTemplate: row.action_template,
    errorTemplate: row.error_template,
    failures: row.failures,
    total: Number(row.total),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    daily: row.trend,
  }));
}

export async function totalFailures(prisma: PrismaClient, scope: PatternScope): Promise<number> {
  const [{ total }] = await prisma.$queryRaw<Array<{ total: number | null }>>(sql`
    SELECT sum(d.failures)::int AS total FROM pattern_daily d JOIN error_patterns p ON p.id = d.pattern_id
     WHERE d.day >= ${scope.from}::date AND d.day <= ${scope.to}::date
       AND (${scope.agentId ?? null}::uuid IS NULL OR p.agent_id = ${scope.agentId ?? null}::uuid)
       AND (${scope.category ?? null}::text IS NULL OR p.error_category = ${scope.category ?? null})`);
  return total ?? 0;
}

export interface Attribution {
  label: string;
  failures: number;
}

/** Failures in the scope grouped by a pattern column: its category or its action. */
export function failuresByPattern(prisma: PrismaClient, scope: PatternScope, by: "category" | "action", limit = 10): Promise<Attribution[]> {
  const column = raw(by === "category" ? "p.error_category" : "p.action_template");
  return prisma.$queryRaw<Attribution[]>(sql`
    SELECT ${column} AS label, sum(d.failures)::int AS failures
      FROM pattern_daily d JOIN error_patterns p ON p.id = d.pattern_id
     WHERE d.day >= ${scope.from}::date AND d.day <= ${scope.to}::date
       AND (${scope.agentId ?? null}::uuid IS NULL OR p.agent_id = ${scope.agentId ?? null}::uuid)
       AND (${scope.category ?? null}::text IS NULL OR p.error_category = ${scope.category ?? null})
     GROUP BY 1 ORDER BY 2 DESC LIMIT ${limit}`);
}

/** Failures in the scope by the serving version the agent reported, from the agents' daily rollups. */
export function failuresByVersion(prisma: PrismaClient, scope: PatternScope, limit = 10): Promise<Attribution[]> {
  return prisma.$queryRaw<Attribution[]>(sql`
    SELECT CASE WHEN model_version = '' THEN ${UNREPORTED_VERSION} ELSE model_version END AS label, sum(failures)::int AS failures
      FROM agent_daily WHERE day >= ${scope.from}::date AND day <= ${scope.to}::date
       AND (${scope.agentId ?? null}::uuid IS NULL OR agent_id = ${scope.agentId ?? null}::uuid)
     GROUP BY 1 HAVING sum(failures) > 0 ORDER BY 2 DESC LIMIT ${limit}`);
}

export async function patternCategories(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.errorPattern.findMany({ distinct: ["errorCategory"], select: { errorCategory: true }, orderBy: { errorCategory: "asc" }, take: 200 });
  return rows.map((row) => row.errorCategory);
}

/** The most frequent patterns, for filters: counting pending samples per pattern would scan the whole queue. */
export function frequentPatternLabels(prisma: PrismaClient, limit = 100): Promise<Array<{ id: string; label: string }>> {
  return prisma.$queryRaw(sql`
    SELECT id::text, error_category || ' · ' || left(action_template, 60) AS label
      FROM error_patterns ORDER BY count DESC, last_seen_at DESC LIMIT ${limit}`);
}

export async function findPatternDetail(prisma: PrismaClient, id: string, since: string) {
  const pattern = await prisma.errorPattern.findUnique({ where: { id }, include: { agent: { select: { id: true, name: true } } } });
  if (!pattern) return null;
  const [daily, examples, versions] = await Promise.all([
    prisma.patternDaily.findMany({ where: { patternId: id, day: { gte: new Date(since) } }, orderBy: { day: "asc" } }),
    prisma.interaction.findMany({
      where: { patternId: id },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, occurredAt: true, userIntent: true, agentAction: true, apiResponse: true, finalOutcome: true, modelVersion: true, correction: true, piiTotal: true },
    }),
    prisma.$queryRaw<Attribution[]>(sql`
      SELECT CASE WHEN model_version = '' THEN ${UNREPORTED_VERSION} ELSE model_version END AS label, count(*)::int AS failures
        FROM (SELECT model_version FROM interactions WHERE pattern_id = ${id}::uuid ORDER BY id DESC LIMIT 5000) recent
       GROUP BY 1 ORDER BY 2 DESC`),
  ]);
  return {
    pattern,
    daily: daily.map((row) => ({ day: row.day.toISOString().slice(0, 10), value: row.failures })),
    examples: examples.map((example) => ({ ...example, id: example.id.toString() })),
    versions,
  };
}

/** Each pattern's failures per day since a day, for trend lines. */
export function patternDailyFailures(prisma: PrismaClient, patternIds: string[], since: string): Promise<Array<{ pattern_id: string; day: string; failures: number }>> {
  if (patternIds.length === 0) return Promise.resolve([]);
  return prisma.$queryRaw(sql`
    SELECT pattern_id::text, to_char(day, 'YYYY-MM-DD') AS day, failures FROM pattern_daily
     WHERE pattern_id = ANY(${patternIds}::uuid[]) AND day >= ${since}::date`);
}
