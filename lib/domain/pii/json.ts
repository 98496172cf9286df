import { PLACEHOLDER_PATTERN } from "./placeholder";
import { createRedactionContext, mergeReports, redactFindings, type RedactionContext, type RedactOptions } from "./redact";
import { scanText } from "./scan";
import { defaultPiiSettings, type PiiSettings } from "./settings";
import type { PiiFinding, PiiReport, PiiType } from "./types";

/**
 * Keys that say what their value is. A password or a name has no pattern of its own, so under
 * these keys the whole value is taken as that type; phone and SSN keys vouch for bare digits.
 * Keys are compared lower-cased with separators removed.
 */
const KEY_HINTS: ReadonlyMap<string, PiiType> = new Map([
  ...["password", "passwd", "pwd", "secret", "clientsecret", "apikey", "accesstoken", "refreshtoken", "idtoken",
    "authtoken", "sessiontoken", "token", "authorization", "privatekey", "credentials"].map((k) => [k, "SECRET"] as const),
  ...["fullname", "firstname", "lastname", "givenname", "familyname", "surname", "middlename", "customername",
    "contactname", "patientname", "cardholder", "cardholdername", "姓名", "联系人", "收件人"].map((k) => [k, "PERSON"] as const),
  ...["dob", "dateofbirth", "birthdate", "birthday", "出生日期", "生日"].map((k) => [k, "DATE_OF_BIRTH"] as const),
  ...["phone", "phonenumber", "mobile", "mobilenumber", "tel", "telephone", "cell", "fax", "手机", "手机号", "电话"]
    .map((k) => [k, "PHONE"] as const),
  ...["ssn", "socialsecuritynumber"].map((k) => [k, "US_SSN"] as const),
]);

const WHOLE_VALUE_TYPES = new Set<PiiType>(["SECRET", "PERSON", "DATE_OF_BIRTH"]);
const DIGITS_ONLY = /^\+?[\d\s().-]+$/;
const PLACEHOLDER = new RegExp(`^${PLACEHOLDER_PATTERN}$`);

// Keys repeat across records, so their normalised form is remembered; the cap bounds memory
// against agents that send ever-new keys.
const hintCache = new Map<string, PiiType | null>();
const HINT_CACHE_LIMIT = 10_000;

function keyHint(key: string | undefined): PiiType | undefined {
  if (key === undefined) return undefined;
  let hint = hintCache.get(key);
  if (hint === undefined) {
    hint = KEY_HINTS.get(key.toLowerCase().replace(/[\s_-]/g, "")) ?? null;
    if (hintCache.size >= HINT_CACHE_LIMIT) hintCache.clear();
    hintCache.set(key, hint);
  }
  return hint ?? undefined;
}

function digitCount(value: string): number {
  return value.replace(/\D/g, "").length;
}

function wholeValue(type: PiiType, value: string): PiiFinding[] {
  return [{ type, start: 0, end: value.length, text: value, score: 1, detector: "json-key" }];
}

function stringFindings(value: string, hint: PiiType | undefined, minScore: number): PiiFinding[] {
  if (hint && value.trim() !== "" && !PLACEHOLDER.test(value)) {
    if (WHOLE_VALUE_TYPES.has(hint)) return wholeValue(hint, value);
    const digits = digitCount(value);
    if (DIGITS_ONLY.test(value) && digits >= 7 && digits <= 15) return wholeValue(hint, value);
  }
  return scanText(value, { minScore });
}

/**
 * A number is scanned with its key in front ("order_id: 13812345678"), so the key works as
 * the cue it would be in text. Only a whole-number match counts.
 */
function numberFinding(value: number, key: string | undefined, minScore: number): PiiFinding[] {
  if (!Number.isSafeInteger(value) || value < 1_000_000) return [];
  const digits = String(value);
  const hint = keyHint(key);
  if (hint === "PHONE" || hint === "US_SSN") return wholeValue(hint, digits);
  const prefix = key === undefined ? "" : `${key}: `;
  return scanText(prefix + digits, { minScore })
    .filter((f) => (f.type === "CREDIT_CARD" || f.type === "PHONE") && f.start === prefix.length && f.end === prefix.length + digits.length)
    .map((f) => ({ ...f, start: 0, end: digits.length }));
}

interface Walk {
  options: RedactOptions & { context: RedactionContext };
  minScore: number;
  operators: PiiSettings["operators"];
  reports: PiiReport[];
}

function walk(node: unknown, key: string | undefined, state: Walk): unknown {
  if (typeof node === "string") {
    const findings = stringFindings(node, keyHint(key), state.minScore);
    if (findings.length === 0) return node;
    const redacted = redactFindings(node, findings, state.options);
    state.reports.push(redacted.report);
    return redacted.text;
  }
  if (typeof node === "number") {
    const findings = numberFinding(node, key, state.minScore);
    if (findings.length === 0) return node;
    const redacted = redactFindings(String(node), findings, state.options);
    state.reports.push(redacted.report);
    return state.operators[findings[0].type] === "remove" ? null : redacted.text;
  }
  if (Array.isArray(node)) return node.map((item) => walk(item, key, state));
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node)) {
      const value = walk((node as Record<string, unknown>)[k], k, state);
      // JSON may name a key "__proto__"; assigning it would set the prototype and lose the key.
      if (k === "__proto__") Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      else out[k] = value;
    }
    return out;
  }
  return node;
}

/**
 * Redacts every string in a JSON value, and numbers that are card or phone numbers (they come
 * back as redacted strings, or null under `remove`). Keys are kept as they are; an array's items
 * take their key from the array. One context numbers placeholders across the whole value.
 */
export function redactJson(value: unknown, opts: RedactOptions): { value: unknown; report: PiiReport } {
  const settings = opts.settings ?? defaultPiiSettings;
  const state: Walk = {
    options: { ...opts, context: opts.context ?? createRedactionContext() },
    minScore: settings.minScore,
    operators: settings.operators,
    reports: [],
  };
  const redacted = walk(value, undefined, state);
  return { value: redacted, report: mergeReports(...state.reports) };
}
