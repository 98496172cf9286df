import type { PrismaClient } from "./generated/client";
import { sql, raw, type Queryable } from "./sql";
import { patternOptions } from "@/lib/domain/pattern-labels";
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

export const PATTERN_SORTS = ["failures", "total", "recent", "new", "agents"] as const;
export type PatternSort = (typeof PATTERN_SORTS)[number];

export interface PatternListQuery extends PatternScope {
  search?: string;
  /** One fingerprint: its pattern on each agent. */
  fingerprint?: string;
  /** "agent": a row per agent's pattern; "fingerprint": one row per fingerprint across agents. */
  by: "agent" | "fingerprint";
  sort: PatternSort;
  offset: number;
  limit: number;
}

export interface PatternFailuresRow {
  /** The pattern's id; for a fingerprint across agents, its pattern with the most failures of all time. */
  id: string;
  fingerprint: string;
  agentName: string;
  /** How many agents share the fingerprint (1 in the per-agent view). */
  agents: number;
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

/**
 * How many of each pattern's latest interactions a search reads besides its
 * templates: templates fold numbers into {n}, so "429" is found in what the
 * agents sent. Bounded per pattern, through the (pattern_id, occurred_at) index.
 */
export const SEARCHED_EXAMPLES = 20;

const PATTERN_ORDER: Record<PatternSort, string> = {
  failures: "t.failures DESC, g.last_seen_at DESC",
  total: "g.total DESC, t.failures DESC",
  recent: "g.last_seen_at DESC",
  new: "g.first_seen_at DESC",
  agents: "g.agents DESC, t.failures DESC",
};

/**
 * Patterns with failures in the scope, from daily rollups, per agent or per
 * fingerprint across agents, sorted and paged by offset (a list of patterns is
 * hundreds of rows, not millions). `groups` is how many rows all pages hold.
 */
export async function listPatternFailures(prisma: PrismaClient, query: PatternListQuery): Promise<{ rows: PatternFailuresRow[]; groups: number }> {
  const search = query.search ? escapeLike(query.search) : null;
  const key = raw(query.by === "fingerprint" ? "m.fingerprint" : "m.id::text");
  const rows = await prisma.$queryRaw<Array<{
    id: string; fingerprint: string; agent_names: string; agents: number; error_category: string; action_template: string; error_template: string;
    failures: number; total: number; first_seen_at: Date; last_seen_at: Date; trend: Array<{ day: string; value: number }>; groups: number;
  }>>(sql`
    WITH matched AS (
      SELECT p.id, p.agent_id, p.fingerprint, p.error_category, p.action_template, p.error_template, p.count, p.first_seen_at, p.last_seen_at, a.name AS agent_name
        FROM error_patterns p JOIN agents a ON a.id = p.agent_id
       WHERE p.last_seen_at >= ${query.from}::date
         AND (${query.agentId ?? null}::uuid IS NULL OR p.agent_id = ${query.agentId ?? null}::uuid)
         AND (${query.category ?? null}::text IS NULL OR p.error_category = ${query.category ?? null})
         AND (${query.fingerprint ?? null}::text IS NULL OR p.fingerprint = ${query.fingerprint ?? null})
         AND (${search}::text IS NULL OR p.action_template ILIKE ${search} OR p.error_template ILIKE ${search} OR p.error_category ILIKE ${search}
              OR EXISTS (SELECT 1 FROM (SELECT e.agent_action, e.api_response FROM interactions e WHERE e.pattern_id = p.id
                                         ORDER BY e.occurred_at DESC LIMIT ${SEARCHED_EXAMPLES}) ex
                          WHERE ex.agent_action ILIKE ${search} OR ex.api_response::text ILIKE ${search}))
    ), daily AS (
      SELECT ${key} AS key, d.day, sum(d.failures)::int AS failures
        FROM pattern_daily d JOIN matched m ON m.id = d.pattern_id
       WHERE d.day >= ${query.from}::date AND d.day <= ${query.to}::date
       GROUP BY 1, 2
    ), t AS (
      SELECT key, sum(failures)::int AS failures,
             json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'), 'value', failures) ORDER BY day) AS trend
        FROM daily GROUP BY key HAVING sum(failures) > 0
    ), g AS (
      SELECT ${key} AS key, (array_agg(m.id::text ORDER BY m.count DESC, m.id))[1] AS id, min(m.fingerprint) AS fingerprint,
             string_agg(m.agent_name, ', ' ORDER BY m.agent_name) AS agent_names, count(*)::int AS agents,
             min(m.error_category) AS error_category, min(m.action_template) AS action_template, min(m.error_template) AS error_template,
             sum(m.count)::int AS total, min(m.first_seen_at) AS first_seen_at, max(m.last_seen_at) AS last_seen_at
        FROM matched m GROUP BY 1
    )
    SELECT g.id, g.fingerprint, g.agent_names, g.agents, g.error_category, g.action_template, g.error_template, t.failures, g.total,
           g.first_seen_at, g.last_seen_at, t.trend, (count(*) OVER ())::int AS groups
      FROM t JOIN g ON g.key = t.key
     ORDER BY ${raw(PATTERN_ORDER[query.sort])}, g.key
     LIMIT ${query.limit} OFFSET ${query.offset}`);
  return {
    groups: rows[0]?.groups ?? 0,
    rows: rows.map((row) => ({
      id: row.id,
      fingerprint: row.fingerprint,
      agentName: row.agent_names,
      agents: row.agents,
      errorCategory: row.error_category,
      actionTemplate: row.action_template,
      errorTemplate: row.error_template,
      failures: row.failures,
      total: Number(row.total),
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      daily: row.trend,
    })),
  };
}

/** Patterns by failures in the scope (the first page of listPatternFailures, per agent). */
export async function topPatternFailures(prisma: PrismaClient, scope: PatternScope & { search?: string }, limit: number): Promise<PatternFailuresRow[]> {
  const { rows } = await listPatternFailures(prisma, { ...scope, by: "agent", sort: "failures", offset: 0, limit });
  return rows;
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

export interface PatternLabelRow {
  id: string;
  fingerprint: string;
  errorCategory: string;
  actionTemplate: string;
  errorTemplate: string;
  agentName: string;
}

/**
 * The most frequent patterns, for filters, the patterns of one fingerprint
 * next to each other (most failures of all agents first): counting pending
 * samples per pattern would scan the whole queue. Labelled by lib/domain/pattern-labels.
 */
export async function frequentPatterns(prisma: PrismaClient, limit = 100): Promise<PatternLabelRow[]> {
  const rows = await prisma.$queryRaw<Array<{ id: string; fingerprint: string; error_category: string; action_template: string; error_template: string; agent_name: string }>>(sql`
    SELECT id, fingerprint, error_category, action_template, error_template, agent_name FROM (
      SELECT p.id::text, p.fingerprint, p.error_category, p.action_template, p.error_template, a.name AS agent_name, p.count, p.last_seen_at,
             sum(p.count) OVER (PARTITION BY p.fingerprint) AS fingerprint_count
        FROM error_patterns p JOIN agents a ON a.id = p.agent_id) ranked
     ORDER BY fingerprint_count DESC, fingerprint, count DESC, agent_name
     LIMIT ${limit}`);
  return rows.map((row) => ({ id: row.id, fingerprint: row.fingerprint, errorCategory: row.error_category, actionTemplate: row.action_template, errorTemplate: row.error_template, agentName: row.agent_name }));
}

/** The most frequent patterns as options for filters: every label tells its pattern apart (lib/domain/pattern-labels). */
export async function frequentPatternLabels(prisma: PrismaClient, limit = 100): Promise<Array<{ id: string; label: string }>> {
  return patternOptions(await frequentPatterns(prisma, limit));
}

/** How many of a pattern's samples wait for review. */
export function pendingSamplesOf(prisma: PrismaClient, patternId: string): Promise<number> {
  return prisma.sample.count({ where: { patternId, status: "PENDING" } });
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

/** The same fingerprint's patterns on other agents. */
export async function siblingPatterns(prisma: PrismaClient, fingerprint: string, exceptId: string): Promise<Array<{ id: string; agentName: string; count: number }>> {
  const rows = await prisma.errorPattern.findMany({
    where: { fingerprint, id: { not: exceptId } },
    orderBy: { count: "desc" },
    take: 50,
    select: { id: true, count: true, agent: { select: { name: true } } },
  });
  return rows.map((row) => ({ id: row.id, agentName: row.agent.name, count: row.count }));
}

/** Each pattern's failures per day since a day, for trend lines. */
export function patternDailyFailures(prisma: PrismaClient, patternIds: string[], since: string): Promise<Array<{ pattern_id: string; day: string; failures: number }>> {
  if (patternIds.length === 0) return Promise.resolve([]);
  return prisma.$queryRaw(sql`
    SELECT pattern_id::text, to_char(day, 'YYYY-MM-DD') AS day, failures FROM pattern_daily
     WHERE pattern_id = ANY(${patternIds}::uuid[]) AND day >= ${since}::date`);
}
