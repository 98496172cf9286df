/** How the KPI pages write their numbers and words: one place, so cards, charts, tables and the report agree. */
import type { KpiKey, KpiStatus } from "@/lib/domain/kpis";

export const PER_1000 = "per 1,000 interactions";

export const STATUS_LABELS: Record<KpiStatus, string> = { met: "Met", missed: "Missed", no_data: "No data" };
export const STATUS_BADGES: Record<KpiStatus, string> = { met: "badge badge-ok", missed: "badge badge-danger", no_data: "badge" };

/** The loop's events as a manager reads them on a time axis. */
export const EVENT_LABELS: Record<string, string> = {
  "rollout.start": "Rollout start",
  "rollout.promote": "Promotion",
  "rollout.rollback": "Rollback",
  "breaker.trip": "Breaker trip",
  "experiment.conclude": "Experiment concluded",
};
export const EVENT_COLORS: Record<string, string> = {
  "rollout.start": "#2f5bd3",
  "rollout.promote": "#1a7f37",
  "rollout.rollback": "#b42318",
  "breaker.trip": "#9a6700",
  "experiment.conclude": "#5b6470",
};
export const eventLabel = (action: string) => EVENT_LABELS[action] ?? action;

/** Percent-unit values are ratios 0–1; charts draw them ×100. */
export const chartScale = (unit: string) => (unit === "%" ? 100 : 1);

const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const signed = (text: string, value: number) => (value < 0 ? `−${text}` : text);

/** Digits of a percentage: the error rate is small and watched closely. */
const percentDigits = (key?: KpiKey) => (key === "errorRate" ? 2 : 1);

/** A value in its unit, "—" when there is none. */
export function formatValue(value: number | null | undefined, unit: string, key?: KpiKey): string {
  if (value === null || value === undefined) return "—";
  switch (unit) {
    case "%":
      return `${(value * 100).toFixed(percentDigits(key))}%`;
    case "s":
      return seconds(value);
    case "ms":
      return signed(`${whole(Math.abs(value))} ms`, value);
    case "h per 1,000 samples":
      return `${value.toFixed(2)} h`;
    case PER_1000:
      return value.toFixed(1);
    default:
      return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}

/** The words after a card's number, when the number alone does not say it. */
export function unitNote(unit: string): string | null {
  if (unit === "h per 1,000 samples") return "per 1,000 samples";
  if (unit === PER_1000) return PER_1000;
  return null;
}

/** A chart axis tick: the value as drawn (percentages already ×100). */
export function formatTick(value: number, unit: string): string {
  switch (unit) {
    case "%":
      return `${Number(value.toFixed(2))}%`;
    case "s":
      return `${whole(value)} s`;
    case "ms":
      return `${whole(value)} ms`;
    case "h per 1,000 samples":
      return `${Number(value.toFixed(2))} h`;
    default:
      return String(Number(value.toFixed(2)));
  }
}

function seconds(value: number): string {
  const text = `${whole(value)} s`;
  if (value < 120) return text;
  const readable = value < 7_200 ? `${(value / 60).toFixed(1)} min` : value < 172_800 ? `${(value / 3_600).toFixed(1)} h` : `${(value / 86_400).toFixed(1)} days`;
  return `${text} (${readable})`;
}

/** "< 2.00%" or "≥ 85.0%": the target with the side the value must stay on. */
export function formatTarget(target: number, unit: string, direction: "below" | "above", key?: KpiKey): string {
  return `${direction === "below" ? "<" : "≥"} ${formatValue(target, unit, key)}${unit === "h per 1,000 samples" ? " per 1,000 samples" : ""}`;
}

export function money(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** "30 Apr" from "2026-04-30", for dense axes. */
export function shortDay(day: string): string {
  return day.slice(5);
}

/** A 0.1-wide confidence bin, "0.8–0.9". */
export const binLabel = (index: number) => `${(index / 10).toFixed(1)}–${((index + 1) / 10).toFixed(1)}`;

/** Round axis ticks from 0 (or below, for negative values) past the largest value: steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceTicks(low: number, high: number, count = 4): number[] {
  const bottom = Math.min(0, low);
  // All zeros still get an axis from 0 to 1.
  const top = high > bottom ? high : bottom + 1;
  const raw = (top - bottom) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = Math.floor(bottom / step) * step; tick < top + step - 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}
