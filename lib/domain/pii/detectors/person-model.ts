import { PERSON_MODEL } from "../names/person-model.generated";
import { COMMON, COMPANY, FAMILIAR, FIRST, LAST, OTHER_NAME, PINYIN_SURNAME, PLACE, WORD, wordClass } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";
import { parseWeights, uncovered } from "./context-model";
import { namesNoOne } from "./person";

/**
 * A context model for names that the rules leave: a capitalised word the name lists know
 * ("Grace", "Will", "Diego", "Taras") in a context no rule spells out ("loop in Grace from
 * treasury", "pair with Mark and Summer", "Notify Grace via SMS"). Logistic regression over the
 * word's classes and the tokens around it, trained on the labelled held-out sets and the corpus
 * (scripts/train-person-model.ts, which also measures it set by set on sets it was not trained on).
 *
 * It only adds: a word a rule already found or turned down as part of something else (an e-mail,
 * a key) is not scored again. Scoring is a Map look-up per feature, about a dozen per candidate,
 * and only capitalised words the lists know are candidates.
 */

// What a finding of the model scores; what the model must say for a word read as a thing elsewhere in
// the text, and below which it reads one so.
const SCORE = 0.6;
const SURELY_PERSON = 0.99;
const SURELY_THING = 0.1;
const SAME_PERSON = 0.4;
const ENGLISH = COMMON | FAMILIAR | WORD;
// The model weighs at most this many words a text's rules left (about 1 µs each): a list of 100 KB of names the
// rules did not read would otherwise cost 16 ms more. Past it the rules alone decide.
export const MAX_WEIGHED = 3000;
const MIN_TEXT = 20;
// Up to this many candidates, each is looked for in small letters on its own; past it the text's small words are collected once.
const FEW = 16;

/** The kinds of feature the model reads; its weights are kept by kind, so a look-up needs no "kind:key" string. */
const GROUPS = ["w", "c", "k", "p1", "p2", "n1", "n2", "p1s", "n1s", "f", "ks"] as const;
const [WORD_GROUP, CLASS_GROUP, KNOWN_GROUP, P1, P2, N1, N2, P1_SHAPE, N1_SHAPE, FLAG, KNOWN_AT] = GROUPS.map((_, i) => i);
// Tokens after which a word is capitalised whatever it is: the start of a text, a line or a sentence.
const SENTENCE_OPENERS = new Set(["^", "NL", ".", "!", "?", "\"", "“", ">", "-", "*", "•", "—", "–", "|", ",", ":"]);

const NON_ASCII_TOKEN_CHAR = /[\p{L}\p{N}]/u;

/** Whether the character at `at` belongs to a word: ASCII by code, the rest by its Unicode class. */
function isTokenChar(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return NON_ASCII_TOKEN_CHAR.test(text[at]);
}
const MAX_LOOK = 40;

// Each class with its name and a letter of its own for the classes' summary ("flc": first, last, common).
const CLASS_BITS: [number, string, string][] = [
  [FIRST, "first", "f"],
  [LAST, "last", "l"],
  [COMMON, "common", "c"],
  [FAMILIAR, "familiar", "m"],
  [WORD, "word", "w"],
  [COMPANY, "company", "y"],
  [PLACE, "place", "p"],
  [OTHER_NAME, "other", "o"],
  [PINYIN_SURNAME, "pinyin", "n"],
];

/** A context model: weights by kind of feature (its GROUPS), by key, and the probability that makes a person. */
export interface ContextModel<Key> {
  bias: number;
  groups: Map<Key, number>[];
  threshold: number;
}

export type PersonModel = ContextModel<string>;

/** A model from weights written as "kind:key" (`groups` lists the kinds; `key` reads a key's text). */
export function modelFrom<Key>(groups: readonly string[], bias: number, weights: Iterable<[string, number]>, threshold: number, key: (text: string) => Key): ContextModel<Key> {
  const maps = groups.map(() => new Map<Key, number>());
  for (const [feature, weight] of weights) {
    const colon = feature.indexOf(":");
    const group = groups.indexOf(feature.slice(0, colon));
    if (group >= 0) maps[group].set(key(feature.slice(colon + 1)), weight);
  }
  return { bias, groups: maps, threshold };
}

/** The English model from its weights. */
export const personModel = (bias: number, weights: Iterable<[string, number]>, threshold: number): PersonModel => modelFrom(GROUPS, bias, weights, threshold, String);

let model: PersonModel | null | undefined;

/** The model in use; the training script swaps it (null: the rules alone) to measure what it adds. */
export function setPersonModel(next: PersonModel | null): void {
  model = next;
}

/** The probability a model gives, from the sum of its features' weights. */
function probability(m: PersonModel, z: number): number {
  return 1 / (1 + Math.exp(-(m.bias + z)));
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A token's feature form: a word lower-cased with digits as 0, a line break as "NL", other punctuation as is. */
function tokenForm(token: string): string {
  if (!isTokenChar(token, 0)) return token === "\n" ? "NL" : token;
  const lower = token.toLowerCase();
  for (let i = 0; i < lower.length; i++) if (isDigit(lower.charCodeAt(i))) return lower.replace(/\d/g, "0");
  return lower;
}

/** The kind of a neighbouring word: a capitalised name, a capitalised other word, a small word, or a number. */
function tokenShape(token: string): string {
  if (token === "") return "none";
  const c = token.charCodeAt(0);
  if (isDigit(c)) return "num";
  if (!isTokenChar(token, 0)) return "punct";
  if (token[0] === token[0].toLowerCase()) return "lower";
  if (token === token.toUpperCase() && token.length > 1) return "caps";
  const classes = wordClass(token.toLowerCase());
  if (classes & (FIRST | LAST) && !(classes & (COMMON | FAMILIAR | WORD))) return "capname";
  if (classes & (FIRST | LAST)) return "capwordname";
  return classes === 0 ? "capunknown" : "capword";
}

/** Up to `count` tokens before `at` (nearest first), newlines kept as "\n", other blanks skipped. */
function tokensBefore(text: string, at: number, count: number): string[] {
  const tokens: string[] = [];
  let i = at;
  const floor = Math.max(0, at - MAX_LOOK);
  while (tokens.length < count && i > floor) {
    const c = text.charCodeAt(i - 1);
    if (c === 32 || c === 9 || c === 13) {
      i--;
      continue;
    }
    if (isTokenChar(text, i - 1)) {
      let j = i - 1;
      while (j > floor && isTokenChar(text, j - 1)) j--;
      tokens.push(text.slice(j, i));
      i = j;
    } else {
      tokens.push(text[i - 1]);
      i--;
    }
  }
  return tokens;
}

/** Up to `count` tokens from `at` on. */
function tokensAfter(text: string, at: number, count: number): string[] {
  const tokens: string[] = [];
  let i = at;
  const ceiling = Math.min(text.length, at + MAX_LOOK);
  while (tokens.length < count && i < ceiling) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (isTokenChar(text, i)) {
      let j = i + 1;
      while (j < ceiling && isTokenChar(text, j)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    } else {
      tokens.push(text[i]);
      i++;
    }
  }
  return tokens;
}

/**
 * What the model reads of the capitalised word at [start, end) (`lower`, lower-cased), handed to
 * `visit` feature by feature: the word, its classes, the two tokens before and after it and the
 * kinds of its neighbours, whether it stands elsewhere in small letters (measured: more often a
 * person's, in an address or a login, "grace.ogunleye@…", than a word's, "I hope") and
 * whether a person was already found.
 */
function readCandidate(
  text: string,
  start: number,
  end: number,
  lower: string,
  lowerElsewhere: boolean,
  personFound: boolean,
  visit: (group: number, key: string) => void,
): void {
  const classes = wordClass(lower);
  visit(WORD_GROUP, lower);
  let known = "";
  for (const [bit, name, letter] of CLASS_BITS) {
    if (classes & bit) {
      visit(CLASS_GROUP, name);
      known += letter;
    }
  }
  visit(KNOWN_GROUP, known);
  const before = tokensBefore(text, start, 2);
  const after = tokensAfter(text, end, 2);
  const p1 = before.length > 0 ? tokenForm(before[0]) : "^";
  const p2 = before.length > 1 ? tokenForm(before[1]) : "^";
  const n1 = after.length > 0 ? tokenForm(after[0]) : "$";
  const n2 = after.length > 1 ? tokenForm(after[1]) : "$";
  visit(P1, p1);
  visit(P2, p2 + " " + p1);
  visit(N1, n1);
  visit(N2, n1 + " " + n2);
  // A word of the language is capitalised at a sentence's start anyway ("Hope is not a strategy"), not in its middle ("loop in Grace").
  visit(KNOWN_AT, known + (SENTENCE_OPENERS.has(p1) ? " opens" : " inside"));
  visit(P1_SHAPE, tokenShape(before[0] ?? ""));
  visit(N1_SHAPE, tokenShape(after[0] ?? ""));
  if (lowerElsewhere) visit(FLAG, "lowerElsewhere");
  if (personFound) visit(FLAG, "personFound");
}

/** The features of a candidate as "kind:key" strings, as the training script and the weights file write them. */
export function candidateFeatures(text: string, start: number, end: number, lowerElsewhere: boolean, personFound: boolean): string[] {
  const features: string[] = [];
  readCandidate(text, start, end, text.slice(start, end).toLowerCase(), lowerElsewhere, personFound, (group, key) => features.push(GROUPS[group] + ":" + key));
  return features;
}

// The model being summed and its sum so far: one visitor for every candidate, not a closure made for each.
let weighing: PersonModel;
let sum = 0;
const addWeight = (group: number, key: string) => {
  sum += weighing.groups[group].get(key) ?? 0;
};

/** Probability that the candidate at [start, end) is a person. */
function personProbability(m: PersonModel, text: string, start: number, end: number, lower: string, lowerElsewhere: boolean, personFound: boolean): number {
  weighing = m;
  sum = 0;
  readCandidate(text, start, end, lower, lowerElsewhere, personFound, addWeight);
  return probability(m, sum);
}

const SMALL_WORD = /(?<![\p{L}\p{N}_])\p{Ll}{3,15}(?![\p{L}\p{N}_])/gu;

/** The words of `text` written in small letters, for the "also in small letters" feature. */
export function lowerWordsOf(text: string): Set<string> {
  const words = new Set<string>();
  SMALL_WORD.lastIndex = 0;
  for (let m = SMALL_WORD.exec(text); m; m = SMALL_WORD.exec(text)) words.add(m[0]);
  return words;
}

// A capitalised word's letters, in ASCII (names the model is for, "Grace" or "Will", are written so); its edges are
// checked by hand, which costs less than a look-behind at every position.
const CAPITALISED = /[A-Z][a-z]{2,14}/g;
const EDGE_BEFORE = /[\p{L}\p{N}_'’.@/\\-]/u;
const EDGE_AFTER = /[\p{L}\p{N}_]/u;

/** Whether the capitalised run at [start, end) stands alone: no letter, digit or joiner before it, no letter or "-letter" after it. */
function standsAlone(text: string, start: number, end: number): boolean {
  if (start > 0 && EDGE_BEFORE.test(text[start - 1])) return false;
  if (end < text.length && EDGE_AFTER.test(text[end])) return false;
  return !(text.charCodeAt(end) === 45 && end + 1 < text.length && EDGE_AFTER.test(text[end + 1]));
}

/** Every candidate of `text` for which `keep(start, end)` holds, up to `limit`: capitalised words the name lists know. */
export function candidates(text: string, keep: (start: number, end: number) => boolean = () => true, limit = Infinity): [number, number][] {
  const found: [number, number][] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m && found.length < limit; m = CAPITALISED.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!keep(start, end) || !standsAlone(text, start, end)) continue;
    // "The", "Running", "Cancel": an English word known only as a surname is read as the word.
    const classes = wordClass(m[0].toLowerCase());
    if (classes & FIRST || (classes & LAST && !(classes & ENGLISH))) found.push([start, end]);
  }
  return found;
}

/**
 * Names the context model finds among capitalised words no finding covers yet, each extended over a
 * capitalised word after it that no list knows as anything but a name ("Adebayo Ogunlesi").
 */
export function detectNamesByContext(text: string, minScore: number, out: FindingSink): void {
  if (SCORE < minScore) return;
  const m = model === undefined ? (model = personModel(PERSON_MODEL.bias, parseWeights(PERSON_MODEL.weights), PERSON_MODEL.threshold)) : model;
  // A text this short gives the model no context to read ("month: May", a list's "Hope").
  if (m === null || text.length < MIN_TEXT) return;
  const open = candidates(text, uncovered(text, out, minScore), MAX_WEIGHED);
  if (open.length === 0) return;
  const lowerWords = open.length > FEW ? lowerWordsOf(text) : null;
  const personFound = out.some((f) => f.type === "PERSON" && f.score >= minScore && !namesNoOne(f.text));
  const weighed: { start: number; end: number; lower: string; p: number }[] = [];
  const surelyThings = new Set<string>();
  const people = new Set<string>();
  for (const [start, end] of open) {
    if (besideThingWord(text, start, end)) continue;
    const lower = text.slice(start, end).toLowerCase();
    const lowerElsewhere = lowerWords ? lowerWords.has(lower) : occursInSmallLetters(text, lower);
    const p = personProbability(m, text, start, end, lower, lowerElsewhere, personFound);
    weighed.push({ start, end, lower, p });
    if (p < SURELY_THING) surelyThings.add(lower);
    if (p >= m.threshold) people.add(lower);
  }
  // One sense per text: a word read as a thing once ("Ruby upgraded to 3.3") is a person elsewhere only when the model is
  // sure; one read as a person once ("Summer covers nights, so page Summer first") is one elsewhere unless it leans the other way.
  const added: [number, number][] = [];
  for (const { start, end, lower, p } of weighed) {
    const bar = surelyThings.has(lower) ? SURELY_PERSON : people.has(lower) ? SAME_PERSON : m.threshold;
    if (p >= bar) added.push([start, extendOverSurname(text, end)]);
  }
  for (const [start, end] of added) addFinding(out, text, "PERSON", start, end, SCORE, "person-context-model");
}

/** Whether `lower` stands in `text` as a word of its own in small letters ("I hope", "grace.ogunleye@"). */
function occursInSmallLetters(text: string, lower: string): boolean {
  for (let at = text.indexOf(lower); at >= 0; at = text.indexOf(lower, at + 1)) {
    if (!(at > 0 && isTokenChar(text, at - 1)) && !(at + lower.length < text.length && isTokenChar(text, at + lower.length))) return true;
  }
  return false;
}

// Words that end a place's or a firm's name, some of them names too ("Hope Ave", "Grace Hopper Hall", "Al Noor Trading").
const THING_WORDS = new Set(
  "ave avenue st street rd road blvd boulevard ln lane dr drive way hall square plaza park bridge tower house centre center court place terrace close crescent highway turnpike airport station terminal port harbour harbor bay beach island lake river hill hills mount valley university college school academy institute hospital clinic museum gallery library theatre theater church cathedral mosque temple hotel inn resort restaurant cafe bakery bar pub market mall store shop trading llc ltd inc gmbh corp co company group holdings partners bank capital ledger logistics labs systems solutions services foundation fund trust".split(" "),
);
const isCapital = (c: number) => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde);

/** The word of letters and dots after the blanks before `at` (or from the blanks after it), when it is capitalised; else "". */
function capitalisedNeighbour(text: string, at: number, forward: boolean): string {
  let i = at;
  if (forward) {
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i === at || !isCapital(text.charCodeAt(i))) return "";
    let j = i + 1;
    while (j < text.length && j - i < 24 && isTokenChar(text, j)) j++;
    return text.slice(i, j);
  }
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  if (i === at) return "";
  let j = i;
  while (j > 0 && i - j < 24 && (isTokenChar(text, j - 1) || text.charCodeAt(j - 1) === 46)) j--;
  while (j < i && text.charCodeAt(j) === 46) j++;
  return j < i && isCapital(text.charCodeAt(j)) ? text.slice(j, text.charCodeAt(i - 1) === 46 ? i - 1 : i) : "";
}

/** Whether a capitalised word beside the candidate makes it part of a place's or a firm's name. */
function besideThingWord(text: string, start: number, end: number): boolean {
  const before = capitalisedNeighbour(text, start, false);
  if (before !== "" && THING_WORDS.has(before.toLowerCase())) return true;
  const after = capitalisedNeighbour(text, end, true);
  return after !== "" && THING_WORDS.has(after.toLowerCase());
}

const NEXT_CAPITALISED = /[ \t]\p{Lu}[\p{Ll}\p{M}'’]{1,20}(?:-\p{Lu}[\p{Ll}\p{M}'’]{1,20})?(?![\p{L}\p{N}_])/uy;

/** The end of a name that goes on with a capitalised word no list knows, or a surname. */
function extendOverSurname(text: string, end: number): number {
  NEXT_CAPITALISED.lastIndex = end;
  const next = NEXT_CAPITALISED.exec(text);
  if (!next) return end;
  const word = next[0].slice(1).toLowerCase();
  const classes = wordClass(word);
  // A surname that is also a word ("Mark Stone", "Grace Bell"), capitalised after a person's name: not a firm's or a place's.
  const isName = classes === 0 || (classes & LAST && !(classes & (COMPANY | PLACE)) && !THING_WORDS.has(word));
  return isName ? NEXT_CAPITALISED.lastIndex : end;
}
