import { isValidCnResidentId, isValidSsn, luhnValid } from "../checksums";
import type { PiiType } from "../types";
import { addFinding, columnHeader, ID_LABEL_BEFORE, UUID_PATTERN, windowBefore, type FindingSink } from "./context";
import { ipv4Score } from "./ip";

// A run of digits joined by single separators (space, dot, dash) or parentheses, optionally led
// by "+" and ended by the "X" check character of a resident ID: the shape shared by phone, card,
// SSN, resident ID and IPv4 numbers, found in one pass. Each step starts with a different class
// (digit, separator, ')'), so a run splits only one way and matching stays linear. The lookahead
// asks for seven characters up front: nothing shorter is any of these ("1.1.1.1" is the shortest).
// The outer lookarounds keep it out of larger tokens (UUIDs, hashes, "ORD-2026-000123", "v1.2.3")
// and out of the middle of a longer run, but not out of a run that follows a word ending in
// digits ("v2 4111 1111 1111 1111"); that look back crosses only the previous run of digits,
// once per run. Digits joined to a name by "-" or "." end that name ("pay-worker-3 (10.32.5.19)"),
// so a "(" after them may open a number of its own. A "+" always starts a number, whatever precedes it. A host after "//" is a URL's
// ("http://203.0.113.9/"); after a single "/" a path's, an id, unless the path names a card ("card/2221…", "/pan/4111…"). A logged JSON string's escaped line break
// ("\\n10.12.0.8:5432") ends the word before it, and so does a client's glued host flag ("-h192.168.1.20").
// Every number starts with a digit, "(" or "+": the leading lookahead fails every other position at
// once, before the lookbehinds are tried (measured: a tenth of the firewall's time went to them).
const NUMBER_TOKEN = /(?=[\d(+])(?:(?<![\w+.\-()]|(?<!\/)\/)(?:\(\+|\+\(?)|(?:(?<![\w+.\-()]|(?<!\/|(?<![A-Za-z])(?:[Cc]ards?|CARDS?|pan|PAN))\/|(?<![A-Za-z_.\-]\d*)\d[ .\-/])|(?<=(?<!\\)\\[nrt]|(?<![\w-])-h))\(?)\d(?=[\d .()\-]{6})(?:\d|[ .\-]\(?\d|\)[ .\-]?\d){3,30}[Xx]?(?![\w(]|[.\-]\d)/g;

const OWN_PHONE_CUE = /(?:phone|msisdn|\btel\b|mobile|whatsapp|手机|电话)[^\w\n]{0,6}$/i;
const PHONE_CUE = /(?:phone|msisdn|telefon|\bfone\b|celular|\bcel\b|\bm[oó]vil\b|\btel\b|mobile|\bcell|\bcall|\bfax|\bpager\b|whatsapp|\bsms|\btext\b|contact|reach|\bping\b[^\n]{0,24}\bon\b|\bring (?:me|us|him|her|them)\b|手机|电话|致电|联系|微信|拨打|热线|打)/;
const CARD_HEADER = /^(?:[a-z]+[ _-])?(?:card|card[ _-]?(?:number|num|no)|pan|cc|卡号|银行卡号?|信用卡号?|借记卡号?)$/;
const CARD_LABEL_BEFORE = /(?:(?<![a-z])(?:card|pan)|卡号)(?:[ _-]?(?:number|num|no))?["'\]]?[ \t]*[:=：][ \t]*["']?$/;
const CARD_CUE = /(?:card|visa|mastercard|amex|credit|debit|\bpan\b|卡号|信用卡|银行卡|借记卡)/;
const SSN_CUE = /(?:\bssn|social[ _]?security|soc\.? ?sec)/;
const SSN_WORD = /ssn|social.?security|soc\.? ?sec/i;
let ssnOf = { text: "", named: false, lookups: 0 };
// Each header lookup reads back up to a table's height: 2,048 per text keep a 100 KB table within its time.
const MAX_SSN_LOOKUPS = 2048;

/** Whether a multi-line text names an SSN anywhere (asked once per text), within its lookups' budget. */
function namesSsn(text: string): boolean {
  if (ssnOf.text !== text) ssnOf = { text, named: text.includes("\n") && SSN_WORD.test(text), lookups: 0 };
  return ssnOf.named && ++ssnOf.lookups <= MAX_SSN_LOOKUPS;
}
const CN_ID_CUE = /(?:身份证|证件|id card|resident id|identity)/;

interface Group {
  start: number;
  end: number;
  digits: string;
  /** Separator characters between the previous group (or the token start) and this one. */
  sep: string;
}

interface Classified {
  type: PiiType;
  score: number;
  detector: string;
}

function splitGroups(text: string, start: number, end: number): Group[] {
  const groups: Group[] = [];
  let sep = "";
  let groupStart = -1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : -1;
    const isDigit = (c >= 48 && c <= 57) || c === 88 || c === 120;
    if (isDigit && groupStart < 0) groupStart = i;
    if (!isDigit && groupStart >= 0) {
      groups.push({ start: groupStart, end: i, digits: text.slice(groupStart, i).toUpperCase(), sep });
      groupStart = -1;
      sep = "";
    }
    if (!isDigit && i < end) sep += text[i];
  }
  return groups;
}

function sameSeparators(groups: readonly Group[], from: number, to: number, allowed: string): boolean {
  const first = groups[from + 1]?.sep;
  for (let k = from + 1; k < to; k++) {
    const sep = groups[k].sep;
    if (sep !== first || sep.length !== 1 || !allowed.includes(sep)) return false;
  }
  return true;
}

/** Issuer prefix and length of the major networks: a Luhn-valid number outside them is an id. */
function cardNetworkMatches(d: string): boolean {
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  switch (d[0]) {
    case "4":
      return n === 13 || n === 16 || n === 19;
    case "3":
      if (two === 34 || two === 37) return n === 15;
      if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) return n >= 14 && n <= 19;
      return four >= 3528 && four <= 3589 && n >= 16;
    case "2":
      return four >= 2221 && four <= 2720 && n === 16;
    // Maestro, Discover and UnionPay: 16–19 digits; the rare shorter Maestro numbers are not
    // worth mistaking every 13-digit EAN barcode for a card.
    case "5":
      return two >= 51 && two <= 55 ? n === 16 : n >= 16;
    case "6":
      return n >= 16;
    default:
      return false;
  }
}

function cardGroupingOk(lens: readonly number[]): boolean {
  if (lens.length === 1) return true;
  if (lens.length === 3 && lens[0] === 4 && lens[1] === 6 && (lens[2] === 5 || lens[2] === 4)) return true;
  const last = lens[lens.length - 1];
  return lens.slice(0, -1).every((l) => l === 4) && last >= 1 && last <= 4;
}

function isDateShaped(lens: readonly number[]): boolean {
  return (lens[0] === 4 && lens[1] <= 2 && lens[2] <= 2) || (lens[0] <= 2 && lens[1] <= 2 && lens[2] === 4);
}

/**
 * "0755-8888 6666", "021-6888 1234": a trunk-0 area code set off with its own separator, then the
 * subscriber number grouped one way. Dates and amounts do not start with a 0-led group of 2–5.
 */
function areaCodeApart(groups: readonly Group[], from: number, to: number): boolean {
  const area = groups[from].digits;
  return to - from >= 3 && area[0] === "0" && area.length >= 2 && area.length <= 5 && (groups[from + 1].sep === "-" || groups[from + 1].sep === " ") &&
    sameSeparators(groups, from + 1, to, " .-");
}

const CODE_GROUP_BEFORE = /(?:^|[\s])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{2,5} $/;

/** Base score of a digit run as a phone number, before cue words; 0 when no plan fits its shape. */
function phoneScore(d: string, lens: readonly number[], plus: boolean, uniform: boolean, areaInParens = false): number {
  const n = d.length;
  const shape = lens.join(",");
  const grouped = lens.length > 1;
  // Numbers whose shape is theirs only with a word that says "phone" before them (scored below the
  // threshold, which the cue's +0.3 crosses): a local NXX-XXXX ("call 555-0176"), an Indian mobile
  // written 5-5 ("98201 55014"), a Brazilian or other two-digit area code in parentheses
  // ("(21) 98765-4321", "(11) 3456-7890").
  if (!plus && uniform && shape === "3,4" && d[0] >= "2") return 0.35;
  if (!plus && uniform && shape === "5,5" && d[0] >= "6") return 0.35;
  if (!plus && areaInParens && (shape === "2,5,4" || shape === "2,4,4") && d[0] !== "0") return 0.35;
  // Mexico City's and other two-digit area codes without parentheses ("Tel: 55 3214 7788").
  if (!plus && uniform && shape === "2,4,4" && d[0] !== "0") return 0.35;
  // China's 400 and 800 service lines ("4008-820-8820", "400-820-8820"); Australia's 1800 and 1300
  // lines ("call 1800 555 019").
  if (!plus && /^[48]00\d{7}$/.test(d) && (shape === "4,3,3" || shape === "3,3,4")) return 0.6;
  // 1800 and 1300 open durations and counts as often ("ttl: 1800 300 600"): only after a phone's word.
  if (!plus && /^1[38]00\d{6}$/.test(d) && shape === "4,3,3") return 0.35;
  // Russia's trunk 8 before a three-digit area code ("8 (495) 555-01-77", "8-916-123-45-67").
  if (!plus && n === 11 && d[0] === "8" && lens[0] === 1 && lens[1] === 3 && uniform && !areaInParens && (shape === "1,3,3,2,2" || shape === "1,3,3,4" || shape === "1,3,7")) return 0.6;
  // A Chinese landline with its extension after a dash ("0755-86632190-8012").
  if (!plus && d[0] === "0" && lens.length === 3 && (lens[0] === 3 || lens[0] === 4) && (lens[1] === 7 || lens[1] === 8) && lens[2] <= 5) return 0.65;
  if (plus) {
    if (n < 8 || n > 15 || d[0] === "0") return 0;
    return d[0] === "1" && n !== 11 ? 0.5 : 0.85;
  }
  // "00" dials out; the country code after it never starts with 0.
  if (d.startsWith("00")) return grouped && n >= 10 && n <= 17 && d[2] !== "0" ? 0.7 : 0;
  // Chinese mobile: 1[3-9] and eleven digits, written whole or 3-4-4.
  if (/^1[3-9]\d{9}$/.test(d) && (shape === "11" || shape === "3,4,4" || shape === "3,8")) return 0.8;
  // North American: area code and exchange both start 2–9, optionally after a leading 1.
  const nanp = n === 11 && d[0] === "1" ? d.slice(1) : d;
  if (nanp.length === 10 && nanp[0] >= "2" && nanp[3] >= "2") {
    if (!grouped) return 0.45;
    if (shape === "3,3,4" || shape === "1,3,3,4") return 0.8;
  }
  // Written the North American way but outside its plan ("(555) 010-4478", "555.013.7790", as
  // made-up and foreign numbers are): a phone only after a word that says so.
  if ((uniform || areaInParens) && shape === "3,3,4" && d[0] !== "0") return 0.35;
  // National numbers with a trunk 0 (UK, EU, Chinese landlines), grouped the way people write them.
  if (d[0] === "0" && n >= 9 && n <= 12) {
    if (!grouped) return 0.45;
    if (uniform && !isDateShaped(lens) && lens.every((l) => l >= 2 && l <= 8)) return 0.65;
  }
  return 0;
}

/** What the text just before a number says about it, computed only for numbers that qualify. */
class Cues {
  private window: string | undefined;
  constructor(
    private readonly text: string,
    private readonly start: number,
  ) {}
  private before(): string {
    return (this.window ??= windowBefore(this.text, this.start));
  }
  has(cue: RegExp): boolean {
    return cue.test(this.before());
  }
  /** Score change: a matching cue word raises it, an id label ("order #") lowers it. */
  adjust(cue: RegExp, raise: number): number {
    return (this.has(cue) ? raise : 0) - (this.has(ID_LABEL_BEFORE) ? 0.5 : 0);
  }
}

function classify(text: string, groups: readonly Group[], from: number, to: number): Classified | null {
  let n = 0;
  for (let k = from; k < to; k++) n += groups[k].digits.length;
  if (n < 4 || n > 19) return null;
  const range = groups.slice(from, to);
  const d = range.map((g) => g.digits).join("");
  const lens = range.map((g) => g.digits.length);
  const shape = lens.join(",");
  const lead = from === 0 ? groups[0].sep : "";
  const cues = new Cues(text, groups[from].start - lead.length);

  if (n === 18 && !lead && (lens.length === 1 || shape === "6,8,4") && isValidCnResidentId(d)) {
    return { type: "CN_RESIDENT_ID", score: cues.has(CN_ID_CUE) ? 0.99 : 0.95, detector: "cn-id-mod11" };
  }
  if (d.includes("X")) return null;
  // "laptop (10.70.3.55)": an address in parentheses; the "(" is no part of it.
  if (lens.length === 4 && (!lead || lead === "(") && sameSeparators(groups, from, to, ".")) {
    const score = ipv4Score(text, groups[from].start, groups[to - 1].end, range.map((g) => g.digits));
    return score > 0 ? { type: "IP_ADDRESS", score, detector: "ipv4" } : null;
  }
  // "her full card number (4716 8797 3091 1413)": a card in parentheses too; the "(" is no part of it.
  if (n >= 13 && (!lead || lead === "(") && sameSeparators(groups, from, to, " -") && cardGroupingOk(lens)) {
    if (cardNetworkMatches(d) && luhnValid(d)) {
      return { type: "CREDIT_CARD", score: 0.9 + cues.adjust(CARD_CUE, 0.09), detector: "luhn-card" };
    }
    // "3518 9729 9362 8758": sixteen digits in four groups of four opening with 35 are written as a JCB
    // card is, whatever the network's published range (3528–3589); no id is grouped so.
    if (n === 16 && d.startsWith("35") && lens.length === 4 && lens.every((l) => l === 4) && luhnValid(d)) {
      return { type: "CREDIT_CARD", score: 0.85 + cues.adjust(CARD_CUE, 0.1), detector: "luhn-card" };
    }
    // "card: 3596 7039 8712 4826" right after a card's label, "| 2 | 蒋文博 | 3502327785960125 |" under a
    // 卡号 column: there a Luhn-valid number is the card even when its prefix is one no network is known
    // to issue (new ranges, private-label cards).
    if (d[0] >= "2" && d[0] <= "6" && n >= 14 && n <= 19 && luhnValid(d)) {
      const labelled = cues.has(CARD_LABEL_BEFORE) && !cues.has(ID_LABEL_BEFORE);
      if (labelled || (text.includes("\n") && CARD_HEADER.test(columnHeader(text, groups[from].start)))) return { type: "CREDIT_CARD", score: 0.85, detector: "luhn-card" };
    }
  }
  // "my SSN (331-07-5528)": like an address, a number in parentheses; the "(" is no part of it.
  if (n === 9 && (!lead || lead === "(") && isValidSsn(d)) {
    const base =
      shape === "3,2,4" && sameSeparators(groups, from, to, "-") ? 0.85
      : shape === "3,2,4" && sameSeparators(groups, from, to, " ") ? 0.6
      : lens.length === 1 ? 0.2
      : 0;
    let score = base + cues.adjust(SSN_CUE, 0.5);
    // A bare nine digits under a column headed "ssn" or "social security", however far the header;
    // looked for only in a text that names one (a table of ids would read its header per number).
    if (score < 0.5 && base > 0 && namesSsn(text) && SSN_CUE.test(columnHeader(text, groups[from].start))) score = base + 0.5;
    if (base > 0) return { type: "US_SSN", score, detector: "ssn" };
  }
  const plus = lead.includes("+");
  const uniform =
    sameSeparators(groups, from, to, " .-") || range.some((g) => g.sep.includes("(")) || areaCodeApart(groups, from, to);
  const areaInParens = (from === 0 ? lead : range[0].sep).endsWith("(") && range[1]?.sep.startsWith(")") === true;
  let base = phoneScore(d, lens, plus, uniform, areaInParens);
  // "'msisdn': '2348035550177'": an international number written without its "+", only after a
  // word that names a phone itself (not "call" or "contact", which ids follow too).
  // Not a time in milliseconds (thirteen digits from 1) nor a device's IMEI (fifteen, Luhn-valid).
  const notPhone = (d.length === 13 && d[0] === "1") || (d.length === 15 && luhnValid(d));
  if (base === 0 && !plus && lens.length === 1 && d.length >= 11 && d.length <= 15 && d[0] !== "0" && !notPhone && cues.has(OWN_PHONE_CUE)) base = 0.2;
  if (base === 0) return null;
  // "1Z 4F8 W93 03 1234 5678": digits that continue a code of letters and digits are the code's.
  if (CODE_GROUP_BEFORE.test(text.slice(Math.max(0, groups[from].start - lead.length - 8), groups[from].start - lead.length))) return null;
  let score = base + cues.adjust(PHONE_CUE, 0.3);
  // A bare national number in a table column headed "MOBILE", "Phone", "电话".
  if (score < 0.5 && base > 0 && PHONE_CUE.test(columnHeader(text, groups[from].start))) score = base + 0.3;
  return { type: "PHONE", score, detector: "phone" };
}

/** The "+" and "(" that open a phone number belong to it (not to an address: "(10.0.0.5)"). */
function spanStart(groups: readonly Group[], from: number): number {
  const { start, sep } = groups[from];
  if (from === 0) return start - sep.length;
  return sep.endsWith("(") ? start - 1 : start;
}

// "555-0100 x214", "+44 20 7946 0958 ext. 12", "400-000-1234 转 8021": the extension dials the person.
const EXTENSION = /^[ \t]*(?:x|ext\.?|extn\.?|extension|转|分机)[ \t]*(\d{1,6})(?!\d)/i;

function emit(text: string, groups: readonly Group[], from: number, to: number, c: Classified, out: FindingSink): void {
  const start = c.type === "IP_ADDRESS" || c.type === "US_SSN" || c.type === "CREDIT_CARD" ? groups[from].start : spanStart(groups, from);
  let end = groups[to - 1].end;
  if (c.type === "PHONE") end += EXTENSION.exec(text.slice(end, end + 24))?.[0].length ?? 0;
  addFinding(out, text, c.type, start, end, c.score, c.detector);
}

const MAX_PIECES = 8;

/** "9405 5036 9930 0123 4567 89": five or more groups of four digits, the last maybe shorter. */
function isLongGroupedNumber(groups: readonly Group[]): boolean {
  if (groups.length < 5) return false;
  for (let k = 0; k < groups.length - 1; k++) if (groups[k].digits.length !== 4) return false;
  return groups[groups.length - 1].digits.length <= 4;
}

// "（010）6552 8899": a Chinese landline's area code in full-width parentheses.
const FULL_WIDTH_AREA = /（(0\d{2,3})）[ \t]?\d{3,4}[ \t-]?\d{4}(?!\d)/g;

const UUID = new RegExp(`^${UUID_PATTERN}$`);
const isHexOrDash = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45;

/** Whether the digits at `at` open a UUID ("00971083-2069-4265-a46c-…" is no phone number). */
function inUuid(text: string, at: number): boolean {
  let end = at;
  while (end < text.length && end - at <= 36 && isHexOrDash(text.charCodeAt(end))) end++;
  return end - at === 36 && UUID.test(text.slice(at, end));
}

/** Phone numbers, payment cards, SSNs, Chinese resident IDs and IPv4 addresses. */
export function detectNumbers(text: string, out: FindingSink): void {
  if (text.includes("（")) {
    FULL_WIDTH_AREA.lastIndex = 0;
    for (let m = FULL_WIDTH_AREA.exec(text); m; m = FULL_WIDTH_AREA.exec(text)) addFinding(out, text, "PHONE", m.index, m.index + m[0].length, 0.8, "phone");
  }
  NUMBER_TOKEN.lastIndex = 0;
  for (let m = NUMBER_TOKEN.exec(text); m; m = NUMBER_TOKEN.exec(text)) {
    if (text.charCodeAt(m.index + m[0].length) === 45 && inUuid(text, m.index)) continue;
    const groups = splitGroups(text, m.index, m.index + m[0].length);
    const whole = classify(text, groups, 0, groups.length);
    if (whole) {
      emit(text, groups, 0, groups.length, whole, out);
      continue;
    }
    // A token may join several numbers with spaces ("qty 2 4111 1111 1111 1111", two IPs in a
    // row): try the space-delimited runs inside it, longest first from each start.
    const cuts = [0];
    for (let k = 1; k < groups.length; k++) if (groups[k].sep.includes(" ")) cuts.push(k);
    // More pieces than that is a table of numbers, not a few numbers written side by side.
    if (cuts.length === 1 || cuts.length > MAX_PIECES) continue;
    // Five groups of four or more in a row is one long number (a parcel's tracking number), whose parts are no phone.
    const long = isLongGroupedNumber(groups);
    cuts.push(groups.length);
    let a = 0;
    while (a < cuts.length - 1) {
      let next = a + 1;
      for (let b = cuts.length - 1; b > a; b--) {
        if (a === 0 && b === cuts.length - 1) continue;
        const c = classify(text, groups, cuts[a], cuts[b]);
        if (c && !(long && c.type === "PHONE")) {
          emit(text, groups, cuts[a], cuts[b], c, out);
          next = b;
          break;
        }
      }
      a = next;
    }
  }
}
