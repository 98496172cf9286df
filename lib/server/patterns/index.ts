import { db } from "@/lib/db/client";
import {
  failuresByPattern,
  failuresByVersion,
  findPatternDetail,
  listPatternFailures,
  patternCategories as loadPatternCategories,
  pendingSamplesOf,
  siblingPatterns,
  totalFailures,
  type Attribution,
  type PatternFailuresRow,
  type PatternScope,
  type PatternSort,
} from "@/lib/db/patterns";
import { densify, rangeDays, type RangeKey } from "@/lib/domain/ranges";

export type { Attribution, PatternSort };
export { PATTERN_SORTS, SEARCHED_EXAMPLES } from "@/lib/db/patterns";

export interface PatternFilter {
  range: RangeKey;
  agentId?: string;
  category?: string;
  search?: string;
  fingerprint?: string;
}

export interface PatternListOptions {
  /** "fingerprint": one row per fingerprint across agents. */
  by?: "agent" | "fingerprint";
  sort?: PatternSort;
  /** 1-based. */
  page?: number;
}

/** A pattern's failures in the range, its days densified into a trend line. */
export type PatternRow = Omit<PatternFailuresRow, "daily"> & { trend: number[] };

const PAGE = 50;

function scopeOf(filter: PatternFilter, days: string[]): PatternScope {
  return { from: days[0], to: days[days.length - 1], agentId: filter.agentId, category: filter.category };
}

/** Patterns by failures in the range (or another sort), a page at a time, from daily rollups, never raw interactions. */
export async function topPatterns(filter: PatternFilter, options: PatternListOptions = {}): Promise<{ days: string[]; patterns: PatternRow[]; totalFailures: number; groups: number; page: number; pages: number }> {
  const prisma = await db();
  const days = rangeDays(filter.range);
  const scope = scopeOf(filter, days);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const [{ rows, groups }, total] = await Promise.all([
    listPatternFailures(prisma, {
      ...scope, search: filter.search, fingerprint: filter.fingerprint, by: options.by ?? "agent", sort: options.sort ?? "failures", offset: (page - 1) * PAGE, limit: PAGE,
    }),
    totalFailures(prisma, scope),
  ]);
  return {
    days,
    totalFailures: total,
    groups,
    page,
    pages: Math.max(1, Math.ceil(groups / PAGE)),
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
  const prisma = await db();
  const detail = await findPatternDetail(prisma, id, days[0]);
  if (!detail) return null;
  const [pendingSamples, siblings] = await Promise.all([pendingSamplesOf(prisma, id), siblingPatterns(prisma, detail.pattern.fingerprint, id)]);
  const { daily, ...rest } = detail;
  return { ...rest, days, trend: densify(days, daily), pendingSamples, siblings };
}
