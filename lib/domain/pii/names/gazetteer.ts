import {
  COMMON_WORDS,
  COMPANY_TOKENS,
  FAMILIAR_WORDS,
  FIRST_NAMES,
  PINYIN_SURNAMES,
  PINYIN_SYLLABLES,
  PLACE_PHRASES,
  SURNAMES_LATIN,
  WORDS,
  ZH_GIVEN_1,
  ZH_GIVEN_2,
  ZH_GIVEN_3,
  ZH_ORDINARY_WORDS,
  ZH_WORDISH_SURNAMES,
} from "./data.generated";
import { NOT_PEOPLE, NOT_PEOPLE_ZH } from "./not-people";
import { COMPOUND_SURNAMES, LABEL_ONLY_SURNAMES, SURNAMES } from "./zh-surnames";

/**
 * What the word lists say about one word. Built once per process (and per worker thread) from the
 * generated data module; lookups are a Map get on the lower-cased word.
 */
export const FIRST = 1;
export const LAST = 2;
/** Among the ~4,000 commonest English words ("will", "mark", "brown"). */
export const COMMON = 4;
/** A less common English word ("turner", "potter"). */
export const WORD = 8;
export const COMPANY = 16;
export const PINYIN_SURNAME = 32;
/** Among the next ~7,000 English words ("smith", "grace", "pro"). */
export const FAMILIAR = 64;

const classes = new Map<string, number>();
function mark(words: string, bit: number): void {
  for (const w of words.split(" ")) classes.set(w, (classes.get(w) ?? 0) | bit);
}
mark(FIRST_NAMES, FIRST);
mark(SURNAMES_LATIN, LAST);
mark(COMMON_WORDS, COMMON);
mark(FAMILIAR_WORDS, FAMILIAR);
mark(WORDS, WORD);
mark(COMPANY_TOKENS, COMPANY);
mark(PINYIN_SURNAMES, PINYIN_SURNAME);

const syllables = new Set(PINYIN_SYLLABLES.split(" "));
const places = new Set(PLACE_PHRASES.split("|"));
const notPeople = new Set(NOT_PEOPLE);

/** Classes of a lower-cased word, 0 when no list knows it. */
export function wordClass(lower: string): number {
  return classes.get(lower) ?? 0;
}

/** Whether a lower-cased word is one or two pinyin syllables ("wei", "xiaoming"), as given names are spelled. */
export function isPinyinGivenName(lower: string): boolean {
  if (syllables.has(lower)) return true;
  for (let cut = 1; cut < lower.length; cut++) if (syllables.has(lower.slice(0, cut)) && syllables.has(lower.slice(cut))) return true;
  return false;
}

/** Whether a lower-cased phrase (words joined by one space, no punctuation) is a place or a brand, not a person. */
export function isNotPerson(phrase: string): boolean {
  if (places.has(phrase) || notPeople.has(phrase)) return true;
  // "Martin Luther King Jr Day", "Harry Potter audiobook": a known phrase at the start is enough.
  // Every known phrase has two words or more, so the shortest head worth a look ends at the second space.
  const firstSpace = phrase.indexOf(" ");
  for (let space = phrase.lastIndexOf(" "); space > firstSpace; space = phrase.lastIndexOf(" ", space - 1)) {
    const head = phrase.slice(0, space);
    if (notPeople.has(head) || places.has(head)) return true;
  }
  return false;
}

// Chinese: one byte per CJK code point, so a lookup is an index, never a string allocation.
const CJK_START = 0x4e00;
const CJK_END = 0x9fff;
export const SURNAME = 1;
export const LABEL_ONLY_SURNAME = 2;
export const COMPOUND_FIRST = 4;
const surnameTable = new Uint8Array(CJK_END - CJK_START + 1);
const givenTable = new Uint8Array(CJK_END - CJK_START + 1);
for (const c of SURNAMES) surnameTable[c.charCodeAt(0) - CJK_START] |= SURNAME;
for (const c of LABEL_ONLY_SURNAMES + ZH_WORDISH_SURNAMES) surnameTable[c.charCodeAt(0) - CJK_START] = LABEL_ONLY_SURNAME;
for (const s of COMPOUND_SURNAMES) surnameTable[s.charCodeAt(0) - CJK_START] |= COMPOUND_FIRST;
for (const [chars, level] of [[ZH_GIVEN_1, 1], [ZH_GIVEN_2, 2], [ZH_GIVEN_3, 3]] as const) {
  for (const c of chars) givenTable[c.charCodeAt(0) - CJK_START] = level;
}
const HAN_COUNT = CJK_END - CJK_START + 1;

/**
 * A number for a run of two or three Han characters, so that sets of words are looked up without
 * slicing the text (a slice allocates, and each lookup would hash a new string).
 */
export function hanKey(text: string, start: number, length: 2 | 3): number {
  // Out of range (or NaN past either end of the text) is no word: -1.
  const a = text.charCodeAt(start) - CJK_START;
  const b = text.charCodeAt(start + 1) - CJK_START;
  if (!(a >= 0 && a < HAN_COUNT && b >= 0 && b < HAN_COUNT)) return -1;
  if (length === 2) return a * HAN_COUNT + b;
  const c = text.charCodeAt(start + 2) - CJK_START;
  return c >= 0 && c < HAN_COUNT ? (a * HAN_COUNT + b) * HAN_COUNT + c : -1;
}

/** The keys of two- and three-character Han words, for lookups with hanKey. */
export function hanKeys(words: Iterable<string>): Set<number> {
  const keys = new Set<number>();
  for (const w of words) if (w.length === 2 || w.length === 3) keys.add(hanKey(w, 0, w.length));
  return keys;
}

const compoundSurnames = hanKeys(COMPOUND_SURNAMES);
const ordinaryWords = hanKeys([...ZH_ORDINARY_WORDS.split(" "), ...NOT_PEOPLE_ZH]);

export function isHan(code: number): boolean {
  return code >= CJK_START && code <= CJK_END;
}

/** SURNAME, LABEL_ONLY_SURNAME and COMPOUND_FIRST bits of a UTF-16 code unit. */
export function surnameBits(code: number): number {
  return isHan(code) ? surnameTable[code - CJK_START] : 0;
}

/** Length of the surname at `at`: 2 for a compound one (欧阳), 1, or 0. Label-only surnames count only when `labelled`. */
export function surnameLength(text: string, at: number, labelled: boolean): number {
  const bits = surnameBits(text.charCodeAt(at));
  if (bits & COMPOUND_FIRST && compoundSurnames.has(hanKey(text, at, 2))) return 2;
  if (bits & SURNAME) return 1;
  return labelled && bits & LABEL_ONLY_SURNAME ? 1 : 0;
}

/** How typical of given names a character is: 3 far likelier than in words (婷), 2, 1, 0 almost never (说, 的). */
export function givenLevel(code: number): number {
  return isHan(code) ? givenTable[code - CJK_START] : 0;
}

/** Whether the two or three characters at `start`, which start with a surname, are an ordinary word or a brand (高铁, 许可证, 李宁). */
export function isOrdinaryChinese(text: string, start: number, length: 2 | 3): boolean {
  return ordinaryWords.has(hanKey(text, start, length));
}
