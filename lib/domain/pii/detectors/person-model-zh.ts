import { givenLevel, isFunctionWord, isGivenWord, isHan, isOrdinaryChinese, LABEL_ONLY_SURNAME, surnameBits, surnameLength } from "../names/gazetteer";
import { PERSON_MODEL_ZH } from "../names/person-model.generated";
import { addFinding, type FindingSink } from "./context";
import { MAX_WEIGHED, modelFrom, parseWeights, probability, uncovered, type PersonModel } from "./person-model";

/**
 * The context model for Chinese names the rules leave: a surname and one or two characters after
 * it ("高峰", "方圆", "夏天" are names and words alike) weighed by the characters themselves, how
 * typical of given names they are, whether the run is an ordinary word, and the characters around
 * it ("通知高峰明早到" against "早高峰时段"); not the name itself, which measured no better and
 * doubled the weights. Trained with the English one (scripts/train-person-model.ts); at each
 * surname the likelier of the two lengths is taken, and a character almost never in a given name
 * ends the candidates there (measured: half the candidates, 0.2 points of recall).
 */

const SCORE = 0.6;

const GROUPS = ["s", "sk", "g1", "g2", "gl", "len", "word", "p1", "p2", "n1", "n2", "pk", "nk", "f"] as const;
const [SURNAME_CHAR, SURNAME_KIND, GIVEN_1, GIVEN_2, LEVELS, LENGTH, WORDS, P1, P2, N1, N2, P_KIND, N_KIND, FLAG] = GROUPS.map((_, i) => i);

/** The Chinese model from its weights. */
export const chinesePersonModel = (bias: number, weights: Iterable<[string, number]>, threshold: number) => modelFrom(GROUPS, bias, weights, threshold);

let model: PersonModel | null | undefined;

/** The model in use; the training script swaps it (null: the rules alone). */
export function setChinesePersonModel(next: PersonModel | null): void {
  model = next;
}

/** A character's feature form: a Han character as itself, otherwise its kind. */
function charForm(text: string, at: number): string {
  if (at < 0) return "^";
  if (at >= text.length) return "$";
  const c = text.charCodeAt(at);
  if (isHan(c)) return text[at];
  return charKind(c);
}

function charKind(c: number): string {
  if (Number.isNaN(c)) return "edge";
  if (isHan(c)) return "han";
  if (c === 10 || c === 13) return "NL";
  if (c === 32 || c === 9 || c === 0x3000) return "blank";
  if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) return "digit";
  if ((c | 32) >= 97 && (c | 32) <= 122) return "latin";
  return String.fromCharCode(c);
}

/** What the model reads of the candidate at [start, end), whose surname is `surname` characters long. */
function readHanCandidate(text: string, start: number, end: number, surname: number, personFound: boolean, visit: (group: number, key: string) => void): void {
  const length = end - start;
  visit(SURNAME_CHAR, text.slice(start, start + surname));
  visit(SURNAME_KIND, surname === 2 ? "compound" : surnameBits(text.charCodeAt(start)) & LABEL_ONLY_SURNAME ? "wordish" : "common");
  const given = end - start - surname;
  visit(GIVEN_1, text[start + surname]);
  visit(GIVEN_2, given === 2 ? text[start + surname + 1] : "-");
  let levels = "";
  for (let i = start + surname; i < end; i++) levels += givenLevel(text.charCodeAt(i));
  visit(LEVELS, levels);
  visit(LENGTH, String(length));
  // Whether the run, or its given part, is a word: 高铁, 平安, 最后.
  if ((length === 2 || length === 3) && isOrdinaryChinese(text, start, length)) visit(WORDS, "ordinary");
  if (given === 2 && isGivenWord(text, start + surname)) visit(WORDS, "givenWord");
  if (isFunctionWord(text, start)) visit(WORDS, "function");
  if (length === 3 && isOrdinaryChinese(text, start, 2)) visit(WORDS, "ordinaryHead");
  if (length === 3 && isOrdinaryChinese(text, start + 1, 2)) visit(WORDS, "ordinaryTail");
  const p1 = charForm(text, start - 1);
  const n1 = charForm(text, end);
  visit(P1, p1);
  visit(P2, charForm(text, start - 2) + p1);
  visit(N1, n1);
  visit(N2, n1 + charForm(text, end + 1));
  visit(P_KIND, charKind(text.charCodeAt(start - 1)));
  visit(N_KIND, charKind(text.charCodeAt(end)));
  if (personFound) visit(FLAG, "personFound");
}

/** The features of a candidate as "kind:key" strings, for training. */
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
    if (code < 0x4e00 || surnameBits(code) === 0) continue;
    const surname = surnameLength(text, i, true);
    if (surname === 0) continue;
    for (let given = 1; given <= 2; given++) {
      const end = i + surname + given;
      // A character almost never in a given name (的, 说, 是) ends the candidates there.
      if (givenLevel(text.charCodeAt(end - 1)) === 0) break;
      if (keep(i, end)) found.push([i, end, surname]);
    }
  }
  return found;
}

export function detectHanNamesByContext(text: string, minScore: number, out: FindingSink): void {
  if (SCORE < minScore) return;
  const m = model === undefined ? (model = chinesePersonModel(PERSON_MODEL_ZH.bias, parseWeights(PERSON_MODEL_ZH.weights), PERSON_MODEL_ZH.threshold)) : model;
  if (m === null) return;
  const open = hanCandidates(text, uncovered(text, out, minScore), MAX_WEIGHED);
  if (open.length === 0) return;
  const personFound = out.some((f) => f.type === "PERSON" && f.score >= minScore);
  // At each start the likelier length; a name found ends where the next may start.
  let best: [number, number, number] | null = null;
  let takenTo = -1;
  const flush = () => {
    if (best && best[0] >= takenTo && best[2] >= m.threshold) {
      addFinding(out, text, "PERSON", best[0], best[1], SCORE, "person-context-model-zh");
      takenTo = best[1];
    }
    best = null;
  };
  for (const [start, end, surname] of open) {
    if (best && best[0] !== start) flush();
    let z = 0;
    readHanCandidate(text, start, end, surname, personFound, (group, key) => {
      z += m.groups[group].get(key) ?? 0;
    });
    const p = probability(m, z);
    if (!best || p > best[2]) best = [start, end, p];
  }
  flush();
}
