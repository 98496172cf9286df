import { z } from "zod";
import { optionalQuery, queryDay } from "./search-params";

export const KPI_PERIODS = ["7d", "30d", "90d"] as const;

/** The KPI pages' query string: a period or a custom range, and filters. */
export const kpiQuerySchema = z.object({
  period: optionalQuery(z.enum(KPI_PERIODS)),
  from: queryDay(),
  to: queryDay(),
  agent: optionalQuery(z.uuid()),
  version: optionalQuery(z.string().max(100)),
  /** Manual interventions per 1,000 interactions before Remedy, for the saving. */
  baseline: optionalQuery(z.coerce.number().min(0).max(1000)),
});
export type KpiQuery = z.output<typeof kpiQuerySchema>;

export const kpiExportSchema = kpiQuerySchema.extend({
  format: z.enum(["csv", "json"]).catch("csv"),
  noise: z.enum(["on", "off"]).catch("off"),
});
