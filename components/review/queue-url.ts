import { queueFilterSchema, type QueueFilter } from "@/lib/schemas/review";

const KEYS = ["patternId", "agentId", "grade", "minScore", "maxScore"] as const;
const NUMERIC = new Set<string>(["minScore", "maxScore"]);

/**
 * The queue filter as the page's URL carries it. A value the filter would
 * refuse (a hand-edited URL) is dropped rather than failing the page.
 */
export function filterFromParams(params: { get(name: string): string | null }): QueueFilter {
  const filter: Record<string, unknown> = {};
  for (const key of KEYS) {
    const raw = params.get(key)?.trim();
    if (!raw) continue;
    const value = NUMERIC.has(key) ? Number(raw) : raw;
    if (queueFilterSchema.safeParse({ [key]: value }).success) filter[key] = value;
  }
  return queueFilterSchema.parse(filter);
}

/** The query string for a filter, keys in a fixed order so one filter always reads the same. */
export function paramsOfFilter(filter: QueueFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params.toString();
}
