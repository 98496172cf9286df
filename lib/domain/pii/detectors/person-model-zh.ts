import { givenLevel, isFunctionWord, isGivenWord, isHan, isOrdinaryChinese, LABEL_ONLY_SURNAME, surnameBits, surnameLength } from "../names/gazetteer";
import { PERSON_MODEL_ZH } from "../names/person-model.generated";
import { addFinding, type FindingSink } from "./context";
import { parseWeights, uncovered } from "./context-model";
import { MAX_WEIGHED, modelFrom, type ContextModel } from "./person-model";

/**
 * The context model for Chinese names the rules leave: a surname and one or two characters after
 * it ("高峰", "方圆", "夏天" are names and words alike), or two characters typical of given names
 * alone ("海燕", "建国"), weighed by the characters themselves, how typical of given names they
 * are, whether the run is an ordinary word, and the characters around it ("通知高峰明早到" against
 * "早高峰时段"); not the name itself, which measured no better and doubled the weights. Trained
 * with the English one (scripts/train-person-model.ts); at each start the likelier length is
 * taken, and a character almost never in a given name ends the candidates there (measured: half
 * the candidates, 0.2 points of recall). Features are numbers (character codes), so scoring a
 * candidate builds no string.
 */

const SCORE = 0.6;

const GROUPS = ["s", "sk", "g1", "g2", "gl", "len", "word", "p1", "p2", "n1", "n2", "pk", "nk", "f"] as const;
const [SURNAME_CHAR, SURNAME_KIND, GIVEN_1, GIVEN_2, LEVELS, LENGTH, WORDS, P1, P2, N1, N2, P_KIND, N_KIND, FLAG] = GROUPS.map((_, i) => i);

/** The Chinese model: its features are numbers (character codes and pairs of them), so scoring builds no string. */
export type ChineseModel = ContextModel<number>;

/** The Chinese model from weights written as "kind:number". */
export const chinesePersonModel = (bias: number, weights: Iterable<[string, number]>, threshold: number): ChineseModel => modelFrom(GROUPS, bias, weights, threshold, Number);

let model: ChineseModel | null | undefined;

/** The model in use; the training script swaps it (null: the rules alone). */
export function setChinesePersonModel(next: ChineseModel | null): void {
  model = next;
}

// What stands beside a candidate, when it is no Han character (which stands as its own code): codes
// below any printable character's.
const EDGE = 1;
const LINE_BREAK = 2;
const BLANK = 3;
const DIGIT = 4;
const LATIN = 5;
const HAN = 6;

/** The kind of the code unit `c` (NaN past either end of the text): a Han character, or one of the kinds above, or itself (punctuation). */
function charKind(c: number): number {
  if (Number.isNaN(c)) return EDGE;
  if (isHan(c)) return HAN;
  if (c === 10 || c === 13) return LINE_BREAK;
  if (c === 32 || c === 9 || c === 0x3000) return BLANK;
  if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) return DIGIT;
  if ((c | 32) >= 97 && (c | 32) <= 122) return LATIN;
  return c;
}

/** A character's feature: a Han character's code, otherwise its kind. */
function charForm(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return isHan(c) ? c : charKind(c);
}

const pair = (a: number, b: number) => a * 0x10000 + b;

// Word flags.
const ORDINARY = 1;
const GIVEN_WORD = 2;
const FUNCTION_WORD = 3;
const ORDINARY_HEAD = 4;
const ORDINARY_TAIL = 5;

/** What the model reads of the candidate at [start, end), whose surname is `surname` characters long (0: a given name alone). */
function readHanCandidate(text: string, start: number, end: number, surname: number, personFound: boolean, visit: (group: number, key: number) => void): void {
  const length = end - start;
  const first = text.charCodeAt(start);
  visit(SURNAME_CHAR, surname === 0 ? 0 : surname === 2 ? pair(first, text.charCodeAt(start + 1)) : first);
  visit(SURNAME_KIND, surname === 0 ? 0 : surname === 2 ? 3 : surnameBits(first) & LABEL_ONLY_SURNAME ? 2 : 1);
  const given = end - start - surname;
  visit(GIVEN_1, text.charCodeAt(start + surname));
  visit(GIVEN_2, given === 2 ? text.charCodeAt(start + surname + 1) : 0);
  let levels = 0;
  for (let i = start + surname; i < end; i++) levels = levels * 10 + givenLevel(text.charCodeAt(i)) + 1;
  visit(LEVELS, levels);
  visit(LENGTH, length);
  // Whether the run, or its given part, is a word: 高铁, 平安, 最后.
  if ((length === 2 || length === 3) && isOrdinaryChinese(text, start, length)) visit(WORDS, ORDINARY);
  if (given === 2 && isGivenWord(text, start + surname)) visit(WORDS, GIVEN_WORD);
  if (isFunctionWord(text, start)) visit(WORDS, FUNCTION_WORD);
  if (length === 3 && isOrdinaryChinese(text, start, 2)) visit(WORDS, ORDINARY_HEAD);
  if (length === 3 && isOrdinaryChinese(text, start + 1, 2)) visit(WORDS, ORDINARY_TAIL);
  const p1 = charForm(text, start - 1);
  const n1 = charForm(text, end);
  visit(P1, p1);
  visit(P2, pair(charForm(text, start - 2), p1));
  visit(N1, n1);
  visit(N2, pair(n1, charForm(text, end + 1)));
  visit(P_KIND, charKind(text.charCodeAt(start - 1)));
  visit(N_KIND, charKind(text.charCodeAt(end)));
  if (personFound) visit(FLAG, 1);
}

/** The features of a candidate as "kind:number" strings, for training. */
export function hanCandidateFeatures(text: string, start: number, end: number, surname: number, personFound: boolean): string[] {
  const features: string[] = [];
  readHanCandidate(text, start, end, surname, personFound, (group, key) => features.push(GROUPS[group] + ":" + key));
  return features;
}

/** Every candidate of `text` for which `keep` holds, up to `limit`: a surname, then one or two Han characters; [start, end, surname length]. */
export function hanCandidates(text: string, keep: (start: number, end: number) => boolean = () => true, limit = Infinity): [number, number, number][] {
  const found: [number, number, number][] = [];
  for (let i = 0; i < text.length && found.length < limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00) continue;
    const surname = surnameBits(code) === 0 ? 0 : surnameLength(text, i, true);
    if (surname === 0) {
      // A given name alone (海燕, 建国, 春梅): two characters both typical of given names.
      if (givenLevel(code) >= 2 && givenLevel(text.charCodeAt(i + 1)) >= 2 && keep(i, i + 2)) found.push([i, i + 2, 0]);
      continue;
    }
    for (let given = 1; given <= 2; given++) {
      const end = i + surname + given;
      // A character almost never in a given name (的, 说, 是) ends the candidates there.
      if (givenLevel(text.charCodeAt(end - 1)) === 0) break;
      if (keep(i, end)) found.push([i, end, surname]);
    }
  }
  return found;
}

// The model being summed and its sum so far: one visitor for every candidate, not a closure made for each.
let weighing: ChineseModel;
let sum = 0;
const addWeight = (group: number, key: number) => {
  sum += weighing.groups[group].get(key) ?? 0;
};

export function detectHanNamesByContext(text: string, minScore: number, out: FindingSink): void {
  if (SCORE < minScore) return;
  const m = model === undefined ? (model = chinesePersonModel(PERSON_MODEL_ZH.bias, parseWeights(PERSON_MODEL_ZH.weights), PERSON_MODEL_ZH.threshold)) : model;
  if (m === null) return;
  const open = hanCandidates(text, uncovered(text, out, minScore), MAX_WEIGHED);
  if (open.length === 0) return;
  const personFound = out.some((f) => f.type === "PERSON" && f.score >= minScore);
  // At each start the likelier length (compared by the sum of weights, which orders as the
  // probability does); a name found ends where the next may start.
  const least = Math.log(m.threshold / (1 - m.threshold));
  let bestStart = -1;
  let bestEnd = -1;
  let bestSum = -Infinity;
  let takenTo = -1;
  weighing = m;
  for (let i = 0; i <= open.length; i++) {
    const [start, end, surname] = i < open.length ? open[i] : [-2, -2, 0];
    if (bestStart >= 0 && bestStart !== start) {
      if (bestStart >= takenTo && bestSum >= least) {
        addFinding(out, text, "PERSON", bestStart, bestEnd, SCORE, "person-context-model-zh");
        takenTo = bestEnd;
      }
      bestStart = -1;
      bestSum = -Infinity;
    }
    if (i === open.length) break;
    sum = m.bias;
    readHanCandidate(text, start, end, surname, personFound, addWeight);
    if (sum > bestSum) {
      bestStart = start;
      bestEnd = end;
      bestSum = sum;
    }
  }
}
