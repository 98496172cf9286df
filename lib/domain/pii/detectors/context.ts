import type { PiiFinding, PiiType } from "../types";

/** Findings are collected into one array; detectors only ever append. */
export type FindingSink = PiiFinding[];

/** A UUID in its canonical form, 8-4-4-4-12 hex digits, as a pattern's source to embed. */
export const UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

export function addFinding(
  out: FindingSink,
  text: string,
  type: PiiType,
  start: number,
  end: number,
  score: number,
  detector: string,
): void {
  out.push({ type, start, end, text: text.slice(start, end), score: Math.max(0, Math.min(1, score)), detector });
}

/**
 * Every match of a global `pattern` whose group 1 ends the match ("cvv 552", "hsm_pin  882140"):
 * the group, as a finding. `accept`, when given, may turn a match down.
 */
export function addEndingGroups(
  out: FindingSink,
  text: string,
  pattern: RegExp,
  type: PiiType,
  score: number,
  detector: string,
  accept?: (m: RegExpExecArray) => boolean,
): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (accept && !accept(m)) continue;
    const end = m.index + m[0].length;
    addFinding(out, text, type, end - m[1].length, end, score, detector);
  }
}

/**
 * The characters just before a match, lower-cased. Cue words ("phone", "DOB", "身份证")
 * raise a score and id labels ("order #") lower it, so detectors look here, never further:
 * a cue three sentences earlier says nothing about this number.
 */
export function windowBefore(text: string, start: number, size = 32): string {
  return text.slice(Math.max(0, start - size), start).toLowerCase();
}

/**
 * Labels that say the number right after them identifies a thing, not a person:
 * "order #", "invoice no.", "order_id:", "工单号".
 */
export const ID_LABEL_BEFORE =
  /(?:(?<![a-z])(?:order|invoice|inv|ticket|tracking|ref|reference|id|sku|serial|po|transaction|txn|build|case|shipment|parcel)(?:[\s_-]?(?:number|num|no|id))?|订单号?|单号|编号|编码|条码|工单号?|流水号?|会员号|发票号码?|#)[\s:：#=.\-_]*$/;

const TABLE_DELIMITERS = [124, 9, 44, 59]; // | tab , ;
const MAX_TABLE_LINE = 1000;
const MAX_HEADER_LOOKBACK = 50;

/**
 * The header of the table column that holds `at`, lower-cased, or "": the top line of the run of
 * lines around it split by the same delimiter ("|", a tab, "," or ";"), read at most 50 lines up.
 * A phone number under "MOBILE" or a date under "birth_date" says what it is there, far from its cue.
 */
/**
 * The start of the line holding `at`, or -1 when it starts more than MAX_TABLE_LINE characters
 * back: read back at most that far, so that many numbers on one long line cost no more than the line.
 */
function lineStartWithin(text: string, at: number): number {
  let i = at;
  while (i > 0 && text.charCodeAt(i - 1) !== 10) {
    if (at - i >= MAX_TABLE_LINE) return -1;
    i--;
  }
  return i;
}

// The last line start found, so that the numbers of one long line read it back once in all, not once each.
let lastLine = { text: "", at: 0, start: 0 };

/** The start of the line holding `at`; read back only to the previous question's position when it is on the same text, before `at`. */
function lineStart(text: string, at: number): number {
  const floor = text === lastLine.text && lastLine.at <= at ? lastLine.at : 0;
  let i = at;
  while (i > floor && text.charCodeAt(i - 1) !== 10) i--;
  const start = i === floor && floor > 0 ? lastLine.start : i;
  lastLine = { text, at, start };
  return start;
}

export function columnHeader(text: string, at: number): string {
  const ls = lineStart(text, at);
  if (at - ls > MAX_TABLE_LINE) return "";
  let delimiter = -1;
  let column = 0;
  for (const d of TABLE_DELIMITERS) {
    column = delimitersBetween(text, ls, at, d);
    if (column > 0) {
      delimiter = d;
      break;
    }
  }
  if (delimiter < 0) return "";
  let header = ls;
  for (let lines = 0; lines < MAX_HEADER_LOOKBACK && header > 0; lines++) {
    const previous = lineStartWithin(text, header - 1);
    if (previous < 0) break;
    const line = text.slice(previous, header - 1);
    if (!line.includes(String.fromCharCode(delimiter))) break;
    header = previous;
  }
  if (header === ls) return "";
  const end = text.indexOf("\n", header);
  const headerEnd = end < 0 ? text.length : end;
  // The header's cell in that column: after as many delimiters, outside quotes.
  let cellStart = header;
  for (let n = 0; n < column && cellStart < headerEnd; n++) {
    const next = delimiterAfter(text, cellStart, headerEnd, delimiter);
    if (next < 0) return "";
    cellStart = next + 1;
  }
  const cellEnd = delimiterAfter(text, cellStart, headerEnd, delimiter);
  return text.slice(cellStart, cellEnd < 0 ? headerEnd : cellEnd).trim().replace(/^["*]+|["*]+$/g, "").toLowerCase();
}

/** How many `delimiter`s stand in [from, to) outside double quotes (a CSV cell "Okafor, Chiamaka" holds none). */
function delimitersBetween(text: string, from: number, to: number, delimiter: number): number {
  let count = 0;
  let quoted = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = quoteAt(text, i, from, to, delimiter, quoted);
    else if (c === delimiter && !quoted) count++;
  }
  return count;
}

/** The next `delimiter` in [from, to) outside double quotes, or -1. */
function delimiterAfter(text: string, from: number, to: number, delimiter: number): number {
  let quoted = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = quoteAt(text, i, from, to, delimiter, quoted);
    else if (c === delimiter && !quoted) return i;
  }
  return -1;
}

/**
 * Whether the cell is quoted after the '"' at `i`: a quote opens one only as a cell's first
 * character and closes it only before a delimiter or the line's end ('27" monitor' quotes nothing).
 */
function quoteAt(text: string, i: number, from: number, to: number, delimiter: number, quoted: boolean): boolean {
  if (!quoted) return i === from || text.charCodeAt(i - 1) === delimiter;
  if (text.charCodeAt(i + 1) === 34) return true; // "" inside a quoted cell
  return !(i + 1 >= to || text.charCodeAt(i + 1) === delimiter);
}
