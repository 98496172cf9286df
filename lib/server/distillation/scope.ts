import type { SampleScope } from "@/lib/db/distillation";
import type { DistillationScope } from "@/lib/schemas/distillation";
import { utcDateRange } from "@/lib/schemas/search-params";

/** The scope as the database reads it, with the quality filter from settings. */
export function sampleScopeOf(scope: Pick<DistillationScope, "agentId" | "patternIds" | "from" | "to">, qualityFilter: number): SampleScope {
  const range = utcDateRange(scope.from, scope.to);
  return { agentId: scope.agentId, patternIds: scope.patternIds, from: range.from, to: range.to, minConfidence: qualityFilter };
}
