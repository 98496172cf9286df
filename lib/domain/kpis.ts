/**
 * The managers' KPIs, from daily rollups and counts: pure arithmetic with
 * every empty and zero-denominator case answered as "no data" (null), never
 * as 0 or NaN.
 */

export type KpiKey = "errorRate" | "remediationSeconds" | "correctionSuccess" | "addedLatencyMs" | "distillationAccuracy" | "reviewHoursPer1000" | "safetyCompliance";
export type KpiStatus = "met" | "missed" | "no_data";

export interface KpiDefinition {
  key: KpiKey;
  label: string;
  unit: "%" | "s" | "ms" | "h per 1,000 samples";
  /** Whether the value must stay below or reach the target. */
  direction: "below" | "above";
  how: string;
}

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { key: "errorRate", label: "Error rate", unit: "%", direction: "below", how: "failed / all interactions" },
  { key: "remediationSeconds", label: "Remediation speed (median)", unit: "s", direction: "below", how: "a pattern's first failure → its correction active (knowledge)" },
  { key: "correctionSuccess", label: "Correction success", unit: "%", direction: "above", how: "applied remedies that did not fail / applied remedies" },
  { key: "addedLatencyMs", label: "Added latency", unit: "ms", direction: "below", how: "mean latency with a remedy applied − without" },
  { key: "distillationAccuracy", label: "Distillation accuracy", unit: "%", direction: "above", how: "hold-out accuracy of the serving student models" },
  { key: "reviewHoursPer1000", label: "Review cost", unit: "h per 1,000 samples", direction: "below", how: "measured decision time per 1,000 reviewed samples" },
  { key: "safetyCompliance", label: "Safety compliance", unit: "%", direction: "above", how: "candidates passing safety evaluation / candidates evaluated" },
];

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function kpiStatus(value: number | null, target: number, direction: "below" | "above"): KpiStatus {
  if (value === null) return "no_data";
  return (direction === "below" ? value < target : value >= target) ? "met" : "missed";
}

/** The q-quantile (0–1) by linear interpolation between closest ranks; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface DayCounts {
  day: string;
  total: number;
  failures: number;
  latencySumMs: number;
  latencyCount: number;
  correctionsApplied: number;
  correctionsFailed: number;
  remedyLatencySumMs: number;
  remedyLatencyCount: number;
}

export function sumDays(rows: readonly DayCounts[]): Omit<DayCounts, "day"> {
  const total = { total: 0, failures: 0, latencySumMs: 0, latencyCount: 0, correctionsApplied: 0, correctionsFailed: 0, remedyLatencySumMs: 0, remedyLatencyCount: 0 };
  for (const row of rows) for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += row[key];
  return total;
}

export const errorRate = (counts: Pick<DayCounts, "total" | "failures">) => ratio(counts.failures, counts.total);
export const correctionSuccess = (counts: Pick<DayCounts, "correctionsApplied" | "correctionsFailed">) =>
  ratio(counts.correctionsApplied - counts.correctionsFailed, counts.correctionsApplied);

/** Mean latency of interactions that applied a remedy minus that of the others; null unless both exist. */
export function addedLatencyMs(counts: Omit<DayCounts, "day">): number | null {
  const withRemedy = ratio(counts.remedyLatencySumMs, counts.remedyLatencyCount);
  const without = ratio(counts.latencySumMs - counts.remedyLatencySumMs, counts.latencyCount - counts.remedyLatencyCount);
  return withRemedy === null || without === null ? null : withRemedy - without;
}

/** Hours of measured decision time per 1,000 reviewed samples. */
export function reviewHoursPer1000(decisionSeconds: number, decisions: number): number | null {
  const perSample = ratio(decisionSeconds, decisions);
  return perSample === null ? null : (perSample * 1000) / 3600;
}

/** A day-by-day series over `days`, null where a day has no data. */
export function seriesOf<T extends { day: string }>(days: readonly string[], rows: readonly T[], value: (row: T) => number | null) {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return days.map((day) => {
    const row = byDay.get(day);
    return { day, value: row ? value(row) : null };
  });
}

/** Confidence histogram in ten 0.1-wide bins; 1.0 goes in the last. */
export function confidenceHistogram(values: readonly number[]): number[] {
  const bins = new Array<number>(10).fill(0);
  for (const value of values) bins[Math.min(9, Math.max(0, Math.floor(value * 10)))] += 1;
  return bins;
}

/**
 * The Laplace mechanism for shared exports: a count plus Laplace(0, 1/ε)
 * noise (a count's sensitivity is 1), rounded and kept at 0 or above.
 * `uniform` is a random number in (0, 1), passed in to keep this pure.
 */
export function noisyCount(count: number, epsilon: number, uniform: number): number {
  const u = Math.min(Math.max(uniform, 1e-12), 1 - 1e-12) - 0.5;
  const noise = -(1 / epsilon) * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  return Math.max(0, Math.round(count + noise));
}

/** Automatic call-outs from the seed's success signals and failure modes, with the numbers behind them. */
export function errorTrendCallouts(series: ReadonlyArray<{ day: string; value: number | null }>, target: number): string[] {
  const values = series.filter((point): point is { day: string; value: number } => point.value !== null);
  if (values.length < 4) return [];
  const half = Math.floor(values.length / 2);
  const mean = (points: typeof values) => points.reduce((sum, point) => sum + point.value, 0) / points.length;
  const first = mean(values.slice(0, half));
  const second = mean(values.slice(half));
  const out: string[] = [];
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  if (second >= first && second >= target) out.push(`The error rate is not falling: ${pct(first)} in the first half of the period, ${pct(second)} in the second (target < ${pct(target)}).`);
  const lowest = values.reduce((a, b) => (b.value < a.value ? b : a));
  const last = values[values.length - 1];
  if (last.day !== lowest.day && last.value > lowest.value * 1.5 && last.value >= target) {
    out.push(`The error rate is rebounding: ${pct(last.value)} on ${last.day}, up from its low of ${pct(lowest.value)} on ${lowest.day}.`);
  }
  return out;
}

/** One KPI as the report gives it and the pages draw it. */
export interface KpiCard {
  key: KpiKey;
  label: string;
  unit: string;
  how: string;
  value: number | null;
  target: number;
  direction: "below" | "above";
  status: KpiStatus;
  series: Array<{ day: string; value: number | null }>;
  /** What the KPI rests on, said plainly when there is nothing yet. */
  basis: string;
}
