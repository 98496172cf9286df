import { db } from "@/lib/db/client";
import {
  failuresByPattern,
  failuresByVersion,
  findPatternDetail,
  patternCategories as loadPatternCategories,
  topPatternFailures,
  totalFailures,
  type Attribution,
  type PatternFailuresRow,
  type PatternScope,
} from "@/lib/db/patterns";
import { densify, rangeDays, type RangeKey } from "@/lib/domain/ranges";

export type { Attribution };

export interface PatternFilter {
  range: RangeKey;
  agentId?: string;
  category?: string;
  search?: string;
}

/** A pattern's failures in the range, its days densified into a trend line. */
export type PatternRow = Omit<PatternFailuresRow, "daily"> & { trend: number[] };

const PAGE = 50;

function scopeOf(filter: PatternFilter, days: string[]): PatternScope {
  return { from: days[0], to: days[days.length - 1], agentId: filter.agentId, category: filter.category };
}

/** Top patterns by failures in the range, from daily rollups, never raw interactions. */
export async function topPatterns(filter: PatternFilter): Promise<{ days: string[]; patterns: PatternRow[]; totalFailures: number }> {
  const prisma = await db();
  const days = rangeDays(filter.range);
  const scope = scopeOf(filter, days);
  const [rows, total] = await Promise.all([topPatternFailures(prisma, { ...scope, search: filter.search }, PAGE), totalFailures(prisma, scope)]);
  return {
    days,
    totalFailures: total,
    patterns: rows.map(({ daily, ...row }) => ({ ...row, trend: densify(days, daily) })),
  };
}

/** Where failures in the range come from: by category, by action and by serving version. */
export async function failureAttribution(filter: PatternFilter): Promise<{ byCategory: Attribution[]; byAction: Attribution[]; byVersion: Attribution[] }> {
  const prisma = await db();
  const scope = scopeOf(filter, rangeDays(filter.range));
  const [byCategory, byAction, byVersion] = await Promise.all([
    failuresByPattern(prisma, scope, "category"),
    failuresByPattern(prisma, scope, "action"),
    failuresByVersion(prisma, scope),
  ]);
  return { byCategory, byAction, byVersion };
}

export async function patternCategories(): Promise<string[]> {
  return loadPatternCategories(await db());
}

export async function getPattern(id: string, range: RangeKey = "30d") {
  const days = rangeDays(range);
  const detail = await findPatternDetail(await db(), id, days[0]);
  if (!detail) return null;
  const { daily, ...rest } = detail;
  return { ...rest, days, trend: densify(days, daily) };
}
