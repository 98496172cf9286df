import { createHash } from "node:crypto";

/**
 * Failures that differ only in ids, numbers or hashes are the same failure.
 * The fingerprint is the error category, the action and the error message
 * with those replaced by placeholders.
 *
 * Changing these rules changes fingerprints: a failure seen before and after
 * a change lands on a new pattern, and the old one stops growing and leaves
 * the ranges as they pass. Stored patterns are not re-fingerprinted, because
 * samples, knowledge and daily rollups point at them.
 */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi;
const PLACEHOLDER = /<([A-Z_]+?)(?:_\d+|#[0-9a-f]+)>/g;
const ID_LIKE = /\b[A-Za-z]{1,8}[-_]?\d[\w-]*\b/g;
const NUMBER = /\b\d+(?:[.,]\d+)*\b/g;
/**
 * A number with a unit of time or size: "after 5000ms", "after 12.5s" and
 * "after 2 minutes" are one timeout, "300 KB" and "1.5MiB" one size. Folded
 * before plain numbers, which would leave "{n}ms" and "{n}s" apart. Units
 * that read as words ("m", "b") are left alone. Linear: one pass, no nested
 * quantifiers over the same characters.
 */
const DURATION = /\b\d+(?:[.,]\d+)*\s?(?:ns|us|µs|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\b/gi;
const SIZE = /\b\d+(?:[.,]\d+)*\s?(?:bytes?|[kmgt]i?b)\b/gi;
const QUOTED = /(["'`])(?:(?!\1)[^\\\n]|\\.){0,200}\1/g;
const SPACE = /\s+/g;

export function normaliseAction(action: string): string {
  return action
    .slice(0, 2_000)
    .replace(PLACEHOLDER, "<$1>")
    .replace(UUID, "{uuid}")
    .replace(HEX, "{hash}")
    .replace(DURATION, "{duration}")
    .replace(SIZE, "{size}")
    .replace(ID_LIKE, (token) => (/^v\d+$/i.test(token) ? token : "{id}"))
    .replace(NUMBER, "{n}")
    .replace(SPACE, " ")
    .trim()
    .toLowerCase();
}

export function normaliseError(message: string): string {
  return normaliseAction(message.slice(0, 2_000).replace(QUOTED, "{str}"));
}

const MESSAGE_KEYS = ["error", "message", "error_message", "errorMessage", "detail", "reason", "title", "status"];

/** The error text inside an API response: the usual fields first, else the whole response. */
export function errorMessageOf(apiResponse: unknown): string {
  if (typeof apiResponse === "string") return apiResponse;
  if (apiResponse && typeof apiResponse === "object" && !Array.isArray(apiResponse)) {
    const record = apiResponse as Record<string, unknown>;
    for (const key of MESSAGE_KEYS) {
      const value = record[key];
      if (typeof value === "string" && value.trim() !== "") return value;
      if (typeof value === "number") return String(value);
      if (value && typeof value === "object") {
        const nested = errorMessageOf(value);
        if (nested) return nested;
      }
    }
  }
  if (apiResponse === null || apiResponse === undefined) return "";
  return JSON.stringify(apiResponse).slice(0, 500);
}

export interface Fingerprint {
  hash: string;
  category: string;
  actionTemplate: string;
  errorTemplate: string;
}

export function fingerprintFailure(errorCategory: string, agentAction: string, apiResponse: unknown): Fingerprint {
  const category = errorCategory.trim().toLowerCase().slice(0, 100);
  const actionTemplate = normaliseAction(agentAction).slice(0, 500);
  const errorTemplate = normaliseError(errorMessageOf(apiResponse)).slice(0, 500);
  return { hash: fingerprintHash(category, actionTemplate, errorTemplate), category, actionTemplate, errorTemplate };
}

/** The pattern's identity from its templates: a knowledge pack's templates land on the same pattern here as where they came from. */
export function fingerprintHash(category: string, actionTemplate: string, errorTemplate: string): string {
  return createHash("sha256").update(`${category}\u0000${actionTemplate}\u0000${errorTemplate}`).digest("hex").slice(0, 32);
}
