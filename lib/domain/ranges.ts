import { utcDay } from "./rollups";

export const RANGES = { today: 1, "7d": 7, "30d": 30 } as const;
export type RangeKey = keyof typeof RANGES;

export function parseRange(value: string | undefined): RangeKey {
  // Own keys only: `"__proto__" in RANGES` is true.
  return value !== undefined && Object.hasOwn(RANGES, value) ? (value as RangeKey) : "7d";
}

/** The UTC days of a range ending today, oldest first. */
export function rangeDays(range: RangeKey, now = new Date()): string[] {
  const days: string[] = [];
  for (let offset = RANGES[range] - 1; offset >= 0; offset--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - offset));
    days.push(utcDay(day));
  }
  return days;
}

/** Fills missing days with zero so a sparkline has one point per day. */
export function densify(days: string[], points: ReadonlyArray<{ day: string; value: number }>): number[] {
  const byDay = new Map(points.map((point) => [point.day, point.value]));
  return days.map((day) => byDay.get(day) ?? 0);
}
