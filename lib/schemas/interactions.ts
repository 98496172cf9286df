import { z } from "zod";
import { cursorSchema } from "./pagination";
import { optionalQuery, queryDay } from "./search-params";

/** Agent API v1 limits: see ARCHITECTURE.md. */
export const MAX_BATCH_ITEMS = 1_000;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_TEXT_CHARS = 16_384;
export const MAX_JSON_CHARS = 65_536;
export const MAX_JSON_DEPTH = 32;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

const text = (max = MAX_TEXT_CHARS) =>
  z.string().max(max, `must be at most ${max.toLocaleString("en-US")} characters`);

const isJsonObject = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Anything JSON can hold; depth, size and text checks happen in `checkStorable`. */
const jsonValue = z.unknown();

export const interactionSchema = z
  .object({
    interaction_id: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").optional(),
    timestamp: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2026-04-25T11:00:00Z" }),
    user_intent: text(),
    agent_action: text(),
    api_response: jsonValue.refine((value) => value !== undefined, "is required (any JSON value)"),
    retry_strategy: text(1_000).nullable().optional(),
    final_outcome: text(),
    error_category: text(100).min(1, "must not be empty; send null when the interaction succeeded").nullable().optional(),
    confidence_score: z.number({ error: "must be a number from 0 to 1" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
    latency_ms: z.number().int("must be a whole number of milliseconds").min(0, "must not be negative").max(86_400_000, "must be at most one day").optional(),
    model_version: z.string().min(1).max(100, "must be at most 100 characters").optional(),
    remedy_id: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
    correction: text().nullable().optional(),
    session_id: z.string().max(200, "must be at most 200 characters").optional(),
    // Taken as sent rather than copied key by key: a copy would drop a key named "__proto__".
    metadata: z.custom<Record<string, unknown>>(isJsonObject, { error: "must be an object" }).optional(),
  })
  .strict();

export type InteractionInput = z.output<typeof interactionSchema>;

export const batchSchema = z.object({ interactions: z.array(z.unknown()) }).strict();

export interface ItemError {
  field: string;
  message: string;
}

/**
 * How much of what is wrong an answer repeats: an item with 90,000 unknown
 * fields would otherwise be answered with megabytes of errors. Every rejected
 * item keeps its index and at least its first error.
 */
export const MAX_ERRORS_PER_ITEM = 20;
export const MAX_ERRORS_PER_BATCH = 1_000;
const MAX_FIELD_CHARS = 100;

/**
 * Collects an item's errors up to `limit`, field names cut to 100 characters;
 * `list()` ends with one entry, under `whole`, counting those left out.
 */
export function errorReport(limit: number = MAX_ERRORS_PER_ITEM, whole = "(item)") {
  const errors: ItemError[] = [];
  let omitted = 0;
  return {
    add(field: string, message: string) {
      if (errors.length >= limit) omitted += 1;
      else errors.push({ field: field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS)}…` : field, message });
    },
    /** Counts `count` more errors without naming them. */
    omit(count: number) {
      omitted += count;
    },
    get size() {
      return errors.length + omitted;
    },
    list(): ItemError[] {
      if (omitted === 0) return errors;
      return [...errors, { field: whole, message: `and ${omitted.toLocaleString("en-US")} more error${omitted === 1 ? "" : "s"} not listed` }];
    },
  };
}

/**
 * Values Postgres cannot store, or that would make a record unreasonably
 * large: NUL characters, unpaired UTF-16 surrogates, nesting deeper than 32,
 * JSON over 64 KiB. Returns the first problem per field. `textChecks: false`
 * skips looking for NUL and surrogates, for items parsed from a body that
 * cannot hold them (see `mayHoldUnstorableText`).
 */
export function checkStorable(item: InteractionInput, { textChecks = true }: { textChecks?: boolean } = {}): ItemError[] {
  const textProblem = textChecks ? unstorableText : noProblem;
  const errors: ItemError[] = [];
  for (const [field, value] of Object.entries(item)) {
    const problem = field === "api_response" || field === "metadata" ? jsonProblem(value, textProblem) : textProblem(value);
    if (problem) errors.push({ field, message: problem });
  }
  return errors;
}

/**
 * Whether JSON text can parse to a string holding a NUL or an unpaired
 * surrogate. Only a \u escape can put one there: JSON refuses a raw control
 * character, and text decoded from valid UTF-8 holds no unpaired surrogate.
 * One native search of a body spares checking every string of every item.
 */
export function mayHoldUnstorableText(json: string): boolean {
  return ESCAPED_NUL_OR_SURROGATE.test(json);
}

const ESCAPED_NUL_OR_SURROGATE = /\\u(?:0000|[dD][89a-fA-F])/;

// Matches a NUL, or a surrogate that is not part of a valid pair.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const noProblem = () => null;

function unstorableText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = UNSTORABLE.exec(value);
  if (!match) return null;
  return match[0] === "\u0000"
    ? "contains a NUL character (\\u0000), which cannot be stored; remove it"
    : "contains an unpaired UTF-16 surrogate, which is not valid Unicode; send valid UTF-8";
}

function jsonProblem(value: unknown, textProblem: (value: unknown) => string | null): string | null {
  let size = 0;
  const walk = (node: unknown, depth: number): string | null => {
    if (depth > MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (typeof node === "string") {
      size += node.length;
      return textProblem(node);
    }
    if (typeof node === "number") {
      size += 8;
      return Number.isFinite(node) ? null : "contains a number JSON cannot represent";
    }
    if (node === null || typeof node === "boolean") {
      size += 4;
      return null;
    }
    if (Array.isArray(node)) {
      for (const child of node) {
        const problem = walk(child, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    if (typeof node === "object") {
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        size += key.length;
        const problem = textProblem(key) ?? walk(child, depth + 1);
        if (problem) return problem;
      }
    }
    return size > MAX_JSON_CHARS ? `is larger than ${MAX_JSON_CHARS.toLocaleString("en-US")} characters` : null;
  };
  const problem = walk(value, 1);
  return problem ?? (size > MAX_JSON_CHARS ? `is larger than ${MAX_JSON_CHARS.toLocaleString("en-US")} characters` : null);
}

export const ingestResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), errors: z.array(z.object({ field: z.string(), message: z.string() })) })),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

/** The interactions page's query string. */
export const interactionFilterSchema = z.object({
  agent: optionalQuery(z.uuid()),
  outcome: optionalQuery(z.enum(["failed", "succeeded"])),
  category: optionalQuery(z.string().max(100)),
  version: optionalQuery(z.string().max(100)),
  pattern: optionalQuery(z.uuid()),
  from: queryDay(),
  to: queryDay(),
  /** Free text: intent, action, response, id or session. */
  q: optionalQuery(z.string().max(200)),
  session: optionalQuery(z.string().max(200)),
  sort: optionalQuery(z.enum(["newest", "oldest", "slowest", "least-confident", "failed-first"])),
  group: optionalQuery(z.enum(["session"])),
  cursor: cursorSchema,
});

/** Findings per PII type, as an interaction stores them. Parsed where it leaves the database. */
export const piiCountsSchema = z.record(z.string(), z.number().int().nonnegative()).nullable();

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(interactionSchema.shape));

/**
 * A rejected item's reason as a metrics label: the Agent API field it failed
 * on, or "unknown_field". A field an agent invented may hold anything, personal
 * data included, and would give the label unbounded values.
 */
export function rejectionLabel(field: string | undefined): string {
  if (field === undefined || field === "(item)") return "invalid";
  const top = field.split(".")[0];
  return KNOWN_FIELDS.has(top) ? top : "unknown_field";
}
