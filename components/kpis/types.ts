/**
 * What the KPI components are given: the parts of the KPI report they draw,
 * by shape, since components do not import lib/server.
 */

export interface DayValue {
  day: string;
  value: number | null;
}

/** The report's own types (components may import lib/domain, not lib/server). */
export type { KpiCard as KpiCardView } from "@/lib/domain/kpis";
export type { CostReport as CostView } from "@/lib/domain/cost";

export interface LoopEvent {
  day: string;
  at: string;
  action: string;
}

/** The filters every KPI page carries in its URL. */
export interface KpiFilter {
  period?: string;
  from?: string;
  to?: string;
  agent?: string;
  version?: string;
  baseline?: number;
}

/** The filter as query-string values, for links. */
export function filterParams(filter: KpiFilter): Record<string, string | undefined> {
  return {
    period: filter.from || filter.to ? undefined : filter.period,
    from: filter.from,
    to: filter.to,
    agent: filter.agent,
    version: filter.version,
    baseline: filter.baseline === undefined ? undefined : String(filter.baseline),
  };
}
