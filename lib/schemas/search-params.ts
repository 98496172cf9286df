import { z } from "zod";
import { holdsUnstorableText } from "./text";

/**
 * Reads a page's query string with a schema. Empty fields count as absent,
 * and so do values holding a NUL or a broken character: no filter can match
 * them, and the database would refuse them with an error.
 */
export function parseSearchParams<S extends z.ZodType>(schema: S, raw: Record<string, string | string[] | undefined>): z.output<S> {
  const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => {
    const first = Array.isArray(value) ? value[0] : value;
    return [key, first && !holdsUnstorableText(first) ? first : undefined];
  }));
  return schema.parse(values);
}

/** The days a date filter may name: outside them a date is a typo or a probe, and PostgreSQL may refuse it (year 0). */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2100-01-01";

/** A YYYY-MM-DD day from 2000-01-01 to 2100-01-01 that exists in the calendar. */
export function daySchema(message = `must be a date from ${EARLIEST_DAY} to ${LATEST_DAY}, such as 2026-11-30`) {
  return z.iso.date({ error: message }).refine((day) => day >= EARLIEST_DAY && day <= LATEST_DAY, message);
}

/** A date filter in a query string: a malformed or far-off day reads as absent. */
export const queryDay = () => optionalQuery(daySchema());

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
