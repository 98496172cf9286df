/**
 * What the KPI components are given: the parts of the KPI report they draw,
 * by shape, since components do not import lib/server.
 */
import type { KpiKey, KpiStatus } from "@/lib/domain/kpis";

export interface DayValue {
  day: string;
  value: number | null;
}

export interface KpiCardView {
  key: KpiKey;
  label: string;
  unit: string;
  how: string;
  value: number | null;
  target: number;
  direction: "below" | "above";
  status: KpiStatus;
  series: DayValue[];
  basis: string;
}

export interface LoopEvent {
  day: string;
  at: string;
  action: string;
}

export interface CostView {
  hardware: number;
  api: number;
  review: number;
  distillation: number;
  total: number;
  reviewPerSample: number;
  formula: string;
  volumes: { reviewed: number; distilled: number; interactions: number; operatorActions: number };
  rates: { hardwarePerMonth: number; apiPerMonth: number; reviewMinutesPerSample: number; reviewerHourlyRate: number; distillationPerSample: number };
  saving: { avoided: number; saving: number; formula: string } | null;
  currentPer1000: number;
  baseline: number | null;
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
