import { UUID_PATTERN } from "./detectors/context";
import { holdsAuthToken, namesCredential } from "./detectors/credential";
import { PLACEHOLDER_PATTERN } from "./placeholder";
import { createRedactionContext, mergeReports, redactFindings, scanIdentifier, type RedactionContext, type RedactOptions } from "./redact";
import { scanText } from "./scan";
import { defaultPiiSettings, type PiiSettings } from "./settings";
import type { PiiFinding, PiiReport, PiiType } from "./types";

/**
 * Keys that say what their value is. A password or a name has no pattern of its own, so under
 * these keys the whole value is taken as that type; phone and SSN keys vouch for bare digits.
 * Keys are compared lower-cased with separators removed. Beyond this list, a key that ends in a
 * credential's name (`db_password`, `SecretAccessKey`, `accessKeySecret`, `x-api-key`, 密码; not
 * `nextPageToken` or `max_tokens`) is a SECRET key too, by the rule the text detector uses.
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
// Keys whose value, when it is digits (a string or a JSON number), is a secret: a card's security code
// (three or four digits) or a PIN (four to eight). `"pin": 13` on a board or `"pincode"` (an Indian
// postal code) are not.
const CARD_CODE_KEYS = new Set(["cvc", "cvc2", "cvv", "cvv2", "csc", "securitycode", "cardcode", "cardsecuritycode", "安全码"]);
const PIN_KEYS = new Set(["pin", "cardpin", "userpin", "atmpin"]);

function digitSecret(key: string | undefined, digits: string): boolean {
  // Most values are no number: the first character decides before any regex runs.
  const first = digits.charCodeAt(0);
  if (key === undefined || !(first >= 48 && first <= 57) || !/^\d+$/.test(digits)) return false;
  const compact = key.toLowerCase().replace(/[\s_-]/g, "");
  if (CARD_CODE_KEYS.has(compact)) return digits.length === 3 || digits.length === 4;
  return PIN_KEYS.has(compact) && digits.length >= 4 && digits.length <= 8;
}

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
    hint = KEY_HINTS.get(key.toLowerCase().replace(/[\s_-]/g, "")) ?? (namesCredential(key) ? "SECRET" : null);
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

// A value that is an id, a hash or a timestamp and nothing else ("3f9c0e2a-…", a SHA-256, "2026-03-04T12:00:00Z"):
// no personal data by itself, and most of an API response's strings. Under a key that names a secret
// or a birth date it was taken whole above; elsewhere it is not scanned (a UUID's "00971083-2069-4265"
// otherwise reads as a phone number).
const OPAQUE_VALUE = new RegExp(
  String.raw`^(?:${UUID_PATTERN}|[0-9a-f]*[a-f][0-9a-f]*|\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)$`,
);
const isOpaque = (value: string) => value.length >= 16 && value.length <= 128 && OPAQUE_VALUE.test(value);

/** Values up to this long are scanned behind their key; longer ones are text with cues of their own. */
const KEYED_SCAN_MAX = 120;

function stringFindings(value: string, key: string | undefined, minScore: number): PiiFinding[] {
  if (digitSecret(key, value)) return wholeValue("SECRET", value);
  const hint = keyHint(key);
  if (hint && value.trim() !== "" && !PLACEHOLDER.test(value)) {
    if (WHOLE_VALUE_TYPES.has(hint)) return wholeValue(hint, value);
    const digits = digitCount(value);
    if (DIGITS_ONLY.test(value) && digits >= 7 && digits <= 15) return wholeValue(hint, value);
  }
  // `"twilio_auth": "9c1f…"`: an auth's token, hex included, which an opaque value otherwise is.
  if (key !== undefined && holdsAuthToken(key, value)) return wholeValue("SECRET", value);
  if (isOpaque(value)) return [];
  if (key === undefined || value.length > KEYED_SCAN_MAX) return scanText(value, { minScore });
  // A short value is read behind its key ("assignee: Olivia Brown"), so the key is the cue it
  // would be in text; only what lies inside the value counts.
  const prefix = `${key}: `;
  const findings = scanText(prefix + value, { minScore });
  const inside: PiiFinding[] = [];
  for (const f of findings) {
    if (f.start >= prefix.length) inside.push({ ...f, start: f.start - prefix.length, end: f.end - prefix.length });
  }
  return inside;
}

/**
 * A number is scanned with its key in front ("order_id: 13812345678"), so the key works as
 * the cue it would be in text. Only a whole-number match counts.
 */
function numberFinding(value: number, key: string | undefined, minScore: number): PiiFinding[] {
  if (Number.isSafeInteger(value) && value >= 0 && digitSecret(key, String(value))) return wholeValue("SECRET", String(value));
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

// Keys are personal data until scanned, like any text: an agent may key an object by an email
// address or a card number. Most keys are the same few field names, so keys in which no detector
// finds anything at any score are remembered (never a key with a finding, so no personal data
// is held); the cap bounds memory against agents that send ever-new keys.
const plainKeys = new Set<string>();
const PLAIN_KEY_LIMIT = 10_000;

/** The key as stored: itself, or redacted like a value and made unique within the record. */
function redactKey(key: string, state: Walk): string {
  if (plainKeys.has(key)) return key;
  const findings = scanIdentifier(key, 0);
  if (findings.length === 0) {
    if (plainKeys.size >= PLAIN_KEY_LIMIT) plainKeys.clear();
    plainKeys.add(key);
    return key;
  }
  const confident = findings.filter((f) => f.score >= state.minScore);
  if (confident.length === 0) return key;
  const redacted = redactFindings(key, confident, state.options);
  state.reports.push(redacted.report);
  return state.options.context.uniqueKey(key, redacted.text);
}

/** Sets `out[key]`; JSON may name a key "__proto__", and assigning it would set the prototype and lose the key. */
function setMember(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function walk(node: unknown, key: string | undefined, state: Walk): unknown {
  if (typeof node === "string") {
    const findings = stringFindings(node, key, state.minScore);
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
    const record = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const keys = Object.keys(record);
    let stored: string[] | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = redactKey(keys[i], state);
      if (key !== keys[i]) (stored ??= keys.slice())[i] = key;
    }
    if (stored === null) {
      for (const k of keys) setMember(out, k, walk(record[k], k, state));
      return out;
    }
    // A literal key may already read like another key's redacted form ("<EMAIL_1>"): the redacted
    // one gives way, so no member is lost.
    const renamed = stored;
    const literal = new Set(keys.filter((k, i) => renamed[i] === k));
    keys.forEach((k, i) => {
      let key = renamed[i];
      if (key !== k) for (let n = 2; literal.has(key) || Object.prototype.hasOwnProperty.call(out, key); n++) key = `${renamed[i]}~${n}`;
      setMember(out, key, walk(record[k], k, state));
    });
    return out;
  }
  return node;
}

/**
 * Redacts every string in a JSON value, keys included, and numbers that are card or phone numbers
 * (they come back as redacted strings, or null under `remove`). A key with personal data is
 * redacted like a value, and never merges with another key (see `uniqueKey`); the report counts
 * it. Values are judged by their original key, and an array's items take their key from the
 * array. One context numbers placeholders across the whole value.
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
