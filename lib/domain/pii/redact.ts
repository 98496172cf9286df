import { createHmac } from "node:crypto";
import { numberedPlaceholder, pseudonymPlaceholder } from "./placeholder";
import { scanText } from "./scan";
import { defaultPiiSettings, type PiiSettings } from "./settings";
import type { PiiFinding, PiiOperator, PiiReport, PiiType } from "./types";

/**
 * Placeholder numbering for one record: the same address in two fields of one interaction
 * becomes `<EMAIL_1>` in both, a second address `<EMAIL_2>`.
 */
export interface RedactionContext {
  placeholder(type: PiiType, value: string): string;
  /**
   * The stored form of a JSON key that held personal data, given its redacted text: the same key
   * gets the same form throughout the record, and two different keys never share one (two
   * addresses masked alike, or "A@x.com" and "a@x.com" numbered alike, get "~2", "~3" appended),
   * so redaction never merges two members of an object.
   */
  uniqueKey(original: string, redacted: string): string;
}

export function createRedactionContext(): RedactionContext {
  const keys = new Map<string, string>();
  const keyOwners = new Map<string, string>();
  const numbers = new Map<string, number>();
  const counters = new Map<PiiType, number>();
  // The same spelling recurs far more often than a new spelling of a known value.
  const bySpelling = new Map<PiiType, Map<string, string>>();
  return {
    placeholder(type, value) {
      let spellings = bySpelling.get(type);
      if (spellings === undefined) bySpelling.set(type, (spellings = new Map()));
      const known = spellings.get(value);
      if (known !== undefined) return known;
      const key = `${type}\u0000${normalizeValue(type, value)}`;
      let n = numbers.get(key);
      if (n === undefined) {
        n = (counters.get(type) ?? 0) + 1;
        counters.set(type, n);
        numbers.set(key, n);
      }
      const placeholder = numberedPlaceholder(type, n);
      spellings.set(value, placeholder);
      return placeholder;
    },
    uniqueKey(original, redacted) {
      const known = keys.get(original);
      if (known !== undefined) return known;
      let candidate = redacted;
      for (let n = 2; keyOwners.has(candidate); n++) candidate = `${redacted}~${n}`;
      keys.set(original, candidate);
      keyOwners.set(candidate, original);
      return candidate;
    },
  };
}

export interface RedactOptions {
  settings?: PiiSettings;
  /** Server secret keying the `hash` operator's HMAC. */
  secret: string;
  context?: RedactionContext;
}

/** One customer written two ways is still one customer: compare values in a canonical form. */
function normalizeValue(type: PiiType, value: string): string {
  switch (type) {
    case "PHONE":
    case "CREDIT_CARD":
    case "US_SSN":
      return value.replace(/\D/g, "");
    case "IBAN":
    case "CN_RESIDENT_ID":
      return value.replace(/\s/g, "").toUpperCase();
    case "EMAIL":
    case "IP_ADDRESS":
      return value.toLowerCase();
    default:
      return value.replace(/\s+/g, " ").trim();
  }
}

const ALPHANUMERIC = /[\p{L}\p{N}]/u;

// Numbers whose last four digits are conventionally shown ("card ending 1111"). For names,
// addresses, dates and secrets the tail is the identifying part, so nothing is kept.
const KEEPS_LAST_FOUR = new Set<PiiType>(["PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "CN_RESIDENT_ID"]);

/**
 * Masks letters and digits and keeps separators. Numbers keep their last four when at least
 * eight are there, so masking never reveals most of a short one.
 */
function mask(type: PiiType, value: string): string {
  const chars = [...value];
  const total = chars.filter((c) => ALPHANUMERIC.test(c)).length;
  let visible = KEEPS_LAST_FOUR.has(type) && total >= 8 ? 4 : 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!ALPHANUMERIC.test(chars[i])) continue;
    if (visible > 0) visible--;
    else chars[i] = "*";
  }
  return chars.join("");
}

/** `<EMAIL#a1b2c3d4e5f6>`: a stable pseudonym, so one customer can be counted without being known. */
function pseudonym(type: PiiType, value: string, secret: string): string {
  if (!secret) throw new Error("The PII hash operator needs a non-empty server secret.");
  const digest = createHmac("sha256", secret).update(`${type}\u0000${normalizeValue(type, value)}`).digest("hex");
  return pseudonymPlaceholder(type, digest);
}

function render(finding: PiiFinding, operator: PiiOperator, opts: RedactOptions, context: RedactionContext): string {
  switch (operator) {
    case "replace":
      return context.placeholder(finding.type, finding.text);
    case "mask":
      return mask(finding.type, finding.text);
    case "hash":
      return pseudonym(finding.type, finding.text, opts.secret);
    case "remove":
      return "";
  }
}

export function emptyReport(): PiiReport {
  return { total: 0, counts: {} };
}

export function mergeReports(...reports: PiiReport[]): PiiReport {
  const merged = emptyReport();
  for (const report of reports) {
    merged.total += report.total;
    for (const [type, count] of Object.entries(report.counts) as [PiiType, number][]) {
      merged.counts[type] = (merged.counts[type] ?? 0) + count;
    }
  }
  return merged;
}

export function reportOf(findings: readonly PiiFinding[]): PiiReport {
  const report = emptyReport();
  for (const f of findings) {
    report.total++;
    report.counts[f.type] = (report.counts[f.type] ?? 0) + 1;
  }
  return report;
}

/** Applies the configured operator to findings already made (sorted, non-overlapping, as `scanText` returns them). */
export function redactFindings(
  text: string,
  findings: readonly PiiFinding[],
  opts: RedactOptions,
): { text: string; report: PiiReport } {
  if (findings.length === 0) return { text, report: emptyReport() };
  const operators = (opts.settings ?? defaultPiiSettings).operators;
  const context = opts.context ?? createRedactionContext();
  let result = "";
  let cursor = 0;
  for (const f of findings) {
    result += text.slice(cursor, f.start) + render(f, operators[f.type], opts, context);
    cursor = f.end;
  }
  return { text: result + text.slice(cursor), report: reportOf(findings) };
}

export function redactText(text: string, opts: RedactOptions): { text: string; report: PiiReport } {
  const minScore = (opts.settings ?? defaultPiiSettings).minScore;
  return redactFindings(text, scanText(text, { minScore }), opts);
}

/**
 * An identifier (an idempotency key, a session or model version) is compared, not read: one that
 * holds personal data is replaced whole by a keyed hash, `pii:` and 22 base64url characters (the
 * first 16 bytes of an HMAC-SHA256 under the server secret), so the same value always gives the
 * same identifier (a retried interaction is still a duplicate, one session stays one session)
 * and nobody without the secret can test a guess. An identifier without personal data is kept.
 */
export function redactIdentifier(value: string, opts: RedactOptions): { text: string; report: PiiReport } {
  const findings = scanIdentifier(value, (opts.settings ?? defaultPiiSettings).minScore);
  if (findings.length === 0) return { text: value, report: emptyReport() };
  return { text: keyedIdentifier(value, opts.secret), report: reportOf(findings) };
}

// Joiners inside identifiers ("user-4111111111111111", "cust_13800138000", "a:b|c"). Each stands
// for one space, so findings keep their offsets.
const IDENTIFIER_JOINERS = /[-_/:|#=]/g;
const UUID_IN_IDENTIFIER = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

/**
 * Findings in an identifier or a JSON key, which are compared rather than read: as text, and
 * again with joiners read as spaces, since the text detectors take "x-4111…" for a piece of a
 * longer token. A false alarm here costs only an opaque identifier; a miss would store the value.
 */
export function scanIdentifier(value: string, minScore: number): PiiFinding[] {
  const findings = scanText(value, { minScore });
  IDENTIFIER_JOINERS.lastIndex = 0;
  if (!IDENTIFIER_JOINERS.test(value)) return findings;
  // A UUID's groups read apart look like a phone number about once in 1,300 ("…-0821-4422-9184-…");
  // it was already read whole above, so apart it is blanked.
  const apartText = value.replace(UUID_IN_IDENTIFIER, (uuid) => "x".repeat(uuid.length)).replace(IDENTIFIER_JOINERS, " ");
  const apart = scanText(apartText, { minScore }).filter(
    (f) => !findings.some((g) => f.start < g.end && g.start < f.end),
  );
  if (apart.length === 0) return findings;
  return [...findings, ...apart.map((f) => ({ ...f, text: value.slice(f.start, f.end) }))].sort((a, b) => a.start - b.start);
}

export function keyedIdentifier(value: string, secret: string): string {
  if (!secret) throw new Error("Hashing an identifier with personal data needs a non-empty server secret.");
  // A label of its own, so an identifier's hash never equals a value's pseudonym digest.
  const digest = createHmac("sha256", secret).update(`identifier\u0000${value}`).digest();
  return `pii:${digest.subarray(0, 16).toString("base64url")}`;
}

/** What PII is left in a text that should have none (a redacted sample before export, say). */
export function findResidualPii(text: string, minScore?: number): PiiReport {
  return reportOf(scanText(text, { minScore }));
}
