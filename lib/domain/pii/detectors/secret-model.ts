import { addFinding, type FindingSink } from "./context";
import { parseWeights, uncovered } from "./context-model";
import { isHan } from "../names/gazetteer";
import { isNoSecretValue, isSampleCode } from "./credential";
import { SECRET_MODEL } from "./secret-model.generated";

/**
 * A context model for secrets the rules leave: a token that looks made up ("Hq4vT9zR2mW7",
 * "tp_9fK2mQ7…", "6620") where the words before it say what it is, in phrasings no rule spells out
 * ("the signing secret they gave us on the call is …", "the new PIN for the lobby safe is …").
 * Logistic regression over the token's shape (its kinds of characters, length, prefix, symbols)
 * and the words, separators and Chinese characters around it, trained on the labelled held-out
 * sets, the corpus and the hand-written cases of real-text.test.ts (scripts/train-secret-model.ts,
 * which also measures it set by set on sets it was not trained on).
 *
 * It only adds: a token a rule already found as anything is not weighed again. Only tokens within
 * CUE_BACK characters after a word for a secret are candidates, so a text without one costs a
 * single regex search; among those, words, dates, versions, amounts, paths, e-mail addresses,
 * placeholders and keys' own names are turned down by their shape before any feature is built.
 */

const SCORE = 0.7;
const MAX_CANDIDATE = 200;
const LOOK_BACK = 40;
// A word for a secret further back, up to a chat's previous turn: "验证码已发送至新号，请告知\n客户：447201". Not
// inside words it is no part of: keyboard, assignee, author, passenger, credit, 错误码, 条码.
const CUE_BACK = 100;
const CUE =
  /(?<!by|com|sur|tres|over)pass(?!enger|port|ed\b|ing\b|age|ive)|pwd|pw\b|secret(?!ar)|token(?!iz|s\b)|(?<!mon|tur|whis|don)key(?!board|note|word|cloak)|auth(?!or)|(?<![a-z])pin\b|(?<![a-z])otp|(?<![a-z])code|(?<![a-z])cred(?!it)|(?<![a-z])sign(?!ed-off)|salt|密|(?<![误条编代号])码|(?<![命指法])令|钥|证(?!券)/gi;
// A text with more candidates than this is left to the rules alone (each costs about 2 µs).
const MAX_WEIGHED = 2000;

export interface SecretModel {
  bias: number;
  weights: Map<string, number>;
  threshold: number;
}

export const secretModel = (bias: number, weights: Iterable<[string, number]>, threshold: number): SecretModel => ({ bias, weights: new Map(weights), threshold });

let model: SecretModel | null | undefined;

/** The model in use; the training script swaps it (null: the rules alone; undefined: the trained one) to measure what it adds. */
export function setSecretModel(next: SecretModel | null | undefined): void {
  model = next;
}

function current(): SecretModel | null {
  if (model === undefined) model = secretModel(SECRET_MODEL.bias, parseWeights(SECRET_MODEL.weights), SECRET_MODEL.threshold);
  return model;
}

const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const SYMBOL = 8;

function kindOf(c: number): number {
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 65 && c <= 90) return UPPER;
  if (c >= 48 && c <= 57) return DIGIT;
  return SYMBOL;
}

// Tokens of these characters are candidates: what passwords and keys are written with, minus quotes,
// brackets, blanks, ":" and "=" (a key's separators, so "SecretId=AKID…" yields its value), ",", ";" and "\".
const TOKEN_KIND = new Uint8Array(128);
for (let c = 33; c < 127; c++) TOKEN_KIND[c] = kindOf(c);
for (const c of "\"'`()[]{}<>:=,;\\") TOKEN_KIND[c.charCodeAt(0)] = 0;

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;

/** What one pass over a token tells: its kinds of characters, its symbols, how often the kind changes, whether it is hex. */
interface Shape {
  kinds: number;
  symbols: string;
  changes: number;
  hex: boolean;
}

function shapeOf(text: string, start: number, end: number): Shape {
  let kinds = 0;
  let symbols = "";
  let changes = 0;
  let hex = true;
  let previous = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const k = kindOf(c);
    kinds |= k;
    if (k === SYMBOL && !symbols.includes(text[i])) symbols += text[i];
    if (!isHex(c)) hex = false;
    if (previous !== 0 && k !== previous) changes++;
    previous = k;
  }
  return { kinds, symbols, changes, hex };
}

/** A run of letters alone is a candidate only when its case changes often, as a generated key's does ("WebKitFormBoundary" does not). */
const shapeAllows = (s: Shape) => s.kinds !== (LOWER | UPPER) || s.changes >= 3;

/** Whether a candidate names no secret: an e-mail address, a placeholder, a sample code, a variable, a key's own name. */
function namesNoSecret(text: string, start: number, end: number, s: Shape): boolean {
  const token = text.slice(start, end);
  if (s.kinds === DIGIT) return isSampleCode(token);
  const at = token.indexOf("@");
  if (at >= 0 && token.indexOf(".", at) >= 0) return true;
  return isName(text, end) || ((s.kinds & SYMBOL) !== 0 && inTemplate(text, start)) || isNoSecretValue(token) || MASKED_OR_NAMED.test(token);
}

// "sk-...a1B2", "****1234": a key shown masked; "API_TOKEN", "DINGTALK_TOKEN": a constant's name, which holds one elsewhere.
// "$TOKEN": a shell variable.
const MASKED_OR_NAMED = /\.\.\.|\*\*\*|^[A-Z][A-Z0-9]*(?:_[A-Z]+)+$|^\$[A-Za-z_]+$/;

/** Whether the token at `start` stands in a template's braces: "${API_TOKEN}", "{{ vault_pass }}". */
function inTemplate(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  return i >= 1 && text.charCodeAt(i) === 123 && (text.charCodeAt(i - 1) === 36 || text.charCodeAt(i - 1) === 123);
}

/**
 * Whether the token ending at `end` is a key's name: "alipay.notify-url=https://…", "svc_payments:Pa55@db",
 * `"api_key_id": "…"`, "token_ttl: 300". A value ends in "=" only as base64's padding, at its end.
 */
function isName(text: string, end: number): boolean {
  let at = end;
  const quote = text.charCodeAt(at);
  if (quote === 34 || quote === 39) at++;
  const c = text.charCodeAt(at);
  if (c === 58) return true;
  if (c !== 61) return false;
  const next = text.charCodeAt(at + 1);
  return at + 1 < text.length && next !== 61 && next > 32 && next !== 34 && next !== 39 && next !== 44;
}

// Words that say nothing of what follows them.
const FUNCTION_WORDS = new Set("a an the is are was were be to of for and or in on at my your our their his her its it this that with".split(" "));

/** A token to weigh: where it stands, its shape, and the nearest word for a secret before it (lower-cased) and where that stands. */
export interface SecretCandidate {
  start: number;
  end: number;
  shape: Shape;
  cue: string;
  cueAt: number;
}

const bucket = (n: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]) i++;
  return i;
};
const LENGTH_EDGES = [6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64];

/** A word's parts, lower-cased, digits and joiners left out: "x_apiKey2" → x, api, key. */
function partsOf(text: string, start: number, end: number): string[] {
  const parts: string[] = [];
  let from = -1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0;
    const small = c >= 97 && c <= 122;
    const capital = c >= 65 && c <= 90;
    // A part ends at a non-letter, and before a capital after a small letter ("apiKey").
    if (from >= 0 && (!(small || capital) || (capital && isSmall(text.charCodeAt(i - 1))))) {
      parts.push(text.slice(from, i).toLowerCase());
      from = -1;
    }
    if (from < 0 && (small || capital)) from = i;
  }
  return parts;
}
const isSmall = (c: number) => c >= 97 && c <= 122;

/**
 * What the model reads of the token at [start, end), handed to `sink` feature by feature: its shape, the separator
 * and up to three words (by their parts and the parts' first four letters) and six Chinese
 * characters before it, and what follows it.
 */
function readSecretCandidate(text: string, candidate: SecretCandidate, sink: FeatureSink): void {
  const { start, end, shape: s } = candidate;
  const length = end - start;
  let kinds = "";
  if (s.kinds & LOWER) kinds += "a";
  if (s.kinds & UPPER) kinds += "A";
  if (s.kinds & DIGIT) kinds += "9";
  if (s.kinds & SYMBOL) kinds += "#";
  sink.add(`c:${kinds}`);
  sink.add(`l:${bucket(length, LENGTH_EDGES)}`);
  sink.add(`cl:${kinds}${bucket(length, LENGTH_EDGES)}`);
  sink.add(`ch:${bucket(s.changes / length, [0.1, 0.2, 0.3, 0.4, 0.5])}`);
  if (s.hex && length >= 16) sink.add("hex");
  for (const symbol of s.symbols) sink.add(`s:${symbol}`);
  // A vendor's prefix: "sk_", "tp_", "xoxb-", "key-".
  const token = text.slice(start, end);
  const prefix = /^([a-z]{1,6})[_-]/i.exec(token);
  if (prefix && length > prefix[0].length + 6) sink.add(`p:${prefix[1].toLowerCase()}`);
  // The token's own first word, when it has one: "gpt" of "GPT-4o-mini", "guest" of "Guest-5G", "qwen", "sha".
  const lead = /^[A-Za-z][a-z]{2,}|^[A-Z]{3,}(?![a-z])/.exec(token);
  if (lead && lead[0].length < length) sink.add(`t:${lead[0].toLowerCase()}`);
  if (kindOf(token.charCodeAt(0)) === UPPER) sink.add("up0");
  if (kindOf(token.charCodeAt(length - 1)) === DIGIT) sink.add("d$");

  // Before: the separator after the last word, then the words.
  const floor = Math.max(0, start - LOOK_BACK);
  let i = start - 1;
  let separator = "";
  let lineBreak = false;
  while (i >= floor && !isWordChar(text.charCodeAt(i)) && !isHan(text.charCodeAt(i))) {
    const c = text.charCodeAt(i);
    if (c === 10) lineBreak = true;
    else if (c !== 32 && c !== 9 && c !== 13 && separator.length < 4) separator = text[i] + separator;
    i--;
  }
  sink.add(`sep:${i < 0 ? "^" : separator === "" ? "_" : separator}`);
  if (lineBreak) sink.add("nl");
  let words = 0;
  let han = "";
  while (i >= floor && words < 3) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i;
      while (j > floor && isWordChar(text.charCodeAt(j - 1))) j--;
      const parts = partsOf(text, j, i + 1);
      for (const part of parts) {
        if (FUNCTION_WORDS.has(part)) continue;
        sink.add(`w:${part}`);
        if (part.length > 4) sink.add(`w4:${part.slice(0, 4)}`);
      }
      if (words === 0 && parts.length > 0) sink.add(`w1:${parts[parts.length - 1]}`);
      words++;
      i = j - 1;
    } else if (isHan(c)) {
      if (han.length < 6) han = text[i] + han;
      words += han.length === 1 ? 1 : 0;
      i--;
    } else i--;
  }
  sink.add(`q:${candidate.cue}`);
  // The cue on an earlier line: a chat's question, a config's parent. At most CUE_BACK characters are read.
  for (let k = candidate.cueAt + 1; k < start; k++) {
    if (text.charCodeAt(k) === 10) {
      sink.add(`q:${candidate.cue}/nl`);
      break;
    }
  }
  for (let k = 0; k < han.length; k++) {
    sink.add(`h:${han[k]}`);
    if (k + 1 < han.length) sink.add(`hh:${han.slice(k, k + 2)}`);
  }

  // After: the next character, and the next word.
  let j = end;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (j >= text.length) sink.add("n:$");
  else {
    const c = text.charCodeAt(j);
    if (isWordChar(c)) {
      let k = j;
      while (k < text.length && k < j + 20 && isWordChar(text.charCodeAt(k))) k++;
      const parts = partsOf(text, j, k);
      sink.add(`nw:${parts[0] ?? "0"}`);
    } else sink.add(`n:${isHan(c) ? "汉" : c === 10 ? "NL" : text[j]}`);
  }
}

/**
 * The candidates of `text`. A token is one only within CUE_BACK characters after a word for a secret:
 * the text between is skipped (ids, hashes and timestamps with no cue were 85% of the labelled sets'
 * tokens, and their secrets are generated keys the rules find by their prefixes and shapes). Past
 * MAX_WEIGHED candidates there are none: the rules alone decide.
 */
export function secretCandidates(text: string): SecretCandidate[] {
  const found: SecretCandidate[] = [];
  CUE.lastIndex = 0;
  let next = CUE.exec(text);
  if (next === null) return found;
  let cue = "";
  let cueAt = -CUE_BACK - 1;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (next !== null && next.index < i) {
      cue = next[0];
      cueAt = next.index;
      next = CUE.exec(text);
    }
    if (i - cueAt > CUE_BACK) {
      if (next === null) break;
      // To the end of the token the next cue stands in: a token is one only after its cue.
      i = next.index + next[0].length;
      while (i < n && isTokenAt(text, i)) i++;
      continue;
    }
    if (!isTokenAt(text, i)) {
      i++;
      continue;
    }
    let start = i;
    while (i < n && isTokenAt(text, i)) i++;
    let end = i;
    // A sentence's end is no part of a token, nor a list's dash before it; a password's "!" is, but not a PIN's ("6620!").
    while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 63)) end--;
    while (start < end && text.charCodeAt(start) === 45) start++;
    if (end - start < 4) continue;
    let kinds = 0;
    let letters = 0;
    for (let k = start; k < end; k++) {
      const kind = TOKEN_KIND[text.charCodeAt(k)];
      kinds |= kind;
      if (kind <= UPPER) letters++;
    }
    if (kinds === (DIGIT | SYMBOL) && text.charCodeAt(end - 1) === 33 && isDigits(text, start, end - 1)) {
      end--;
      kinds = DIGIT;
    }
    // Words, and digits with punctuation (dates, amounts, addresses), are no candidates; digits alone may be a PIN.
    if (!kindsAllow(kinds, letters, end - start)) continue;
    // Paths and a URL's host after its login ("${DB_PASSWORD}@db/app") are no candidates.
    const first = text.charCodeAt(start);
    if (end - start > MAX_CANDIDATE || first === 47 || first === 46 || first === 64) continue;
    const shape = shapeOf(text, start, end);
    if (!shapeAllows(shape) || namesNoSecret(text, start, end, shape)) continue;
    if (found.length === MAX_WEIGHED) return [];
    found.push({ start, end, shape, cue: cue.toLowerCase(), cueAt });
  }
  return found;
}

/** Digits alone of a PIN's length, letters with digits or symbols, or a long run mixing capitals and small letters. */
function kindsAllow(kinds: number, letters: number, length: number): boolean {
  if (kinds === DIGIT) return length <= 8;
  if (letters <= 1) return false;
  if ((kinds & (DIGIT | SYMBOL)) !== 0) return length >= 6;
  return length >= 10 && kinds === (LOWER | UPPER);
}

function isDigits(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (TOKEN_KIND[text.charCodeAt(k)] !== DIGIT) return false;
  return end > start;
}

const isTokenAt = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c < 128 && TOKEN_KIND[c] !== 0;
};

/** Where a candidate's features go: a list, for training, or the sum of their weights. */
interface FeatureSink {
  add(feature: string): void;
}

class FeatureList implements FeatureSink {
  readonly features: string[] = [];
  add(feature: string): void {
    this.features.push(feature);
  }
}

class WeightSum implements FeatureSink {
  constructor(
    private readonly weights: Map<string, number>,
    public z: number,
  ) {}
  add(feature: string): void {
    this.z += this.weights.get(feature) ?? 0;
  }
}

/** The features of one candidate, for training. */
export function secretCandidateFeatures(text: string, candidate: SecretCandidate): string[] {
  const list = new FeatureList();
  readSecretCandidate(text, candidate, list);
  return list.features;
}

export function detectSecretsByContext(text: string, minScore: number, out: FindingSink): void {
  const m = current();
  if (m === null || SCORE < minScore) return;
  const candidates = secretCandidates(text);
  if (candidates.length === 0) return;
  const free = uncovered(text, out, minScore);
  for (const candidate of candidates) {
    if (!free(candidate.start, candidate.end)) continue;
    const sum = new WeightSum(m.weights, m.bias);
    readSecretCandidate(text, candidate, sum);
    if (1 / (1 + Math.exp(-sum.z)) >= m.threshold) addFinding(out, text, "SECRET", candidate.start, candidate.end, SCORE, "secret-context-model");
  }
}
