import { db } from "@/lib/db/client";
import { densify, rangeDays, type RangeKey } from "@/lib/domain/ranges";

export interface PatternFilter {
  range: RangeKey;
  agentId?: string;
  category?: string;
  search?: string;
}

export interface PatternRow {
  id: string;
  agentName: string;
  errorCategory: string;
  actionTemplate: string;
  errorTemplate: string;
  failures: number;
  total: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  trend: number[];
}

export interface Attribution {
  label: string;
  failures: number;
}

const PAGE = 50;

/** Top patterns by failures in the range, from daily rollups, never raw interactions. */
export async function topPatterns(filter: PatternFilter): Promise<{ days: string[]; patterns: PatternRow[]; totalFailures: number }> {
  const prisma = await db();
  const days = rangeDays(filter.range);
  const search = filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await prisma.$queryRawUnsafe<Array<{
    id: string; agent_name: string; error_category: string; action_template: string; error_template: string;
    failures: number; total: number; first_seen_at: Date; last_seen_at: Date; trend: Array<{ day: string; value: number }>;
  }>>(
    `SELECT p.id::text, a.name AS agent_name, p.error_category, p.action_template, p.error_template,
            sum(d.failures)::int AS failures, p.count AS total, p.first_seen_at, p.last_seen_at,
            json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'value', d.failures)) AS trend
       FROM pattern_daily d
       JOIN error_patterns p ON p.id = d.pattern_id
       JOIN agents a ON a.id = p.agent_id
      WHERE d.day >= $1::date AND d.day <= $2::date
        AND ($3::uuid IS NULL OR p.agent_id = $3::uuid)
        AND ($4::text IS NULL OR p.error_category = $4)
        AND ($5::text IS NULL OR p.action_template ILIKE $5 OR p.error_template ILIKE $5 OR p.error_category ILIKE $5)
      GROUP BY p.id, a.name
      ORDER BY failures DESC, p.last_seen_at DESC
      LIMIT ${PAGE}`,
    days[0], days[days.length - 1], filter.agentId ?? null, filter.category ?? null, search,
  );
  const [{ total }] = await prisma.$queryRawUnsafe<Array<{ total: number | null }>>(
    `SELECT sum(d.failures)::int AS total FROM pattern_daily d JOIN error_patterns p ON p.id = d.pattern_id
      WHERE d.day >= $1::date AND d.day <= $2::date AND ($3::uuid IS NULL OR p.agent_id = $3::uuid)
        AND ($4::text IS NULL OR p.error_category = $4)`,
    days[0], days[days.length - 1], filter.agentId ?? null, filter.category ?? null,
  );
  return {
    days,
    totalFailures: total ?? 0,
    patterns: rows.map((row) => ({
      id: row.id,
      agentName: row.agent_name,
      errorCategory: row.error_category,
      actionTemplate: row.action_template,
      errorTemplate: row.error_template,
      failures: row.failures,
      total: row.total,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      trend: densify(days, row.trend),
    })),
  };
}

/** Where failures in the range come from: by category, by action and by serving version. */
export async function failureAttribution(filter: PatternFilter): Promise<{ byCategory: Attribution[]; byAction: Attribution[]; byVersion: Attribution[] }> {
  const prisma = await db();
  const days = rangeDays(filter.range);
  const args = [days[0], days[days.length - 1], filter.agentId ?? null, filter.category ?? null];
  const grouped = (column: string) =>
    prisma.$queryRawUnsafe<Array<{ label: string; failures: number }>>(
      `SELECT ${column} AS label, sum(d.failures)::int AS failures
         FROM pattern_daily d JOIN error_patterns p ON p.id = d.pattern_id
        WHERE d.day >= $1::date AND d.day <= $2::date AND ($3::uuid IS NULL OR p.agent_id = $3::uuid)
          AND ($4::text IS NULL OR p.error_category = $4)
        GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
      ...args,
    );
  const [byCategory, byAction, byVersion] = await Promise.all([
    grouped("p.error_category"),
    grouped("p.action_template"),
    prisma.$queryRawUnsafe<Array<{ label: string; failures: number }>>(
      `SELECT CASE WHEN model_version = '' THEN '(not reported)' ELSE model_version END AS label, sum(failures)::int AS failures
         FROM agent_daily WHERE day >= $1::date AND day <= $2::date AND ($3::uuid IS NULL OR agent_id = $3::uuid)
        GROUP BY 1 HAVING sum(failures) > 0 ORDER BY 2 DESC LIMIT 10`,
      args[0], args[1], args[2],
    ),
  ]);
  return { byCategory, byAction, byVersion };
}

export async function patternCategories(): Promise<string[]> {
  const prisma = await db();
  const rows = await prisma.errorPattern.findMany({ distinct: ["errorCategory"], select: { errorCategory: true }, orderBy: { errorCategory: "asc" }, take: 200 });
  return rows.map((row) => row.errorCategory);
}

export async function getPattern(id: string, range: RangeKey = "30d") {
  const prisma = await db();
  const pattern = await prisma.errorPattern.findUnique({ where: { id }, include: { agent: { select: { id: true, name: true } } } });
  if (!pattern) return null;
  const days = rangeDays(range);
  const [daily, examples, versions] = await Promise.all([
    prisma.patternDaily.findMany({ where: { patternId: id, day: { gte: new Date(days[0]) } }, orderBy: { day: "asc" } }),
    prisma.interaction.findMany({
      where: { patternId: id },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, occurredAt: true, userIntent: true, agentAction: true, apiResponse: true, finalOutcome: true, modelVersion: true, correction: true, piiTotal: true },
    }),
    prisma.$queryRawUnsafe<Array<{ label: string; failures: number }>>(
      `SELECT CASE WHEN model_version = '' THEN '(not reported)' ELSE model_version END AS label, count(*)::int AS failures
         FROM (SELECT model_version FROM interactions WHERE pattern_id = $1::uuid ORDER BY id DESC LIMIT 5000) recent
        GROUP BY 1 ORDER BY 2 DESC`,
      id,
    ),
  ]);
  return {
    pattern,
    days,
    trend: densify(days, daily.map((row) => ({ day: row.day.toISOString().slice(0, 10), value: row.failures }))),
    examples: examples.map((example) => ({ ...example, id: example.id.toString() })),
    versions,
  };
}
