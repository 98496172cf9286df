import type { z } from "zod";

/** Reads a page's query string with a schema; empty fields count as absent. */
export function parseSearchParams<S extends z.ZodType>(schema: S, raw: Record<string, string | string[] | undefined>): z.output<S> {
  const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value) || undefined]));
  return schema.parse(values);
}

/** A query-string field that reads as absent when malformed, so a mangled link opens the page unfiltered. */
export function optionalQuery<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}

/** A UTC date range from YYYY-MM-DD fields; `to` includes its whole day. */
export function utcDateRange(from?: string, to?: string): { from?: Date; to?: Date } {
  const end = to ? new Date(`${to}T00:00:00Z`) : undefined;
  if (end) end.setUTCDate(end.getUTCDate() + 1);
  return { from: from ? new Date(`${from}T00:00:00Z`) : undefined, to: end };
}

/** A link to a list page with these query values; empty ones are left out. */
export function hrefOf(path: string, params: Readonly<Record<string, string | undefined>>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return query ? `${path}?${query}` : path;
}
