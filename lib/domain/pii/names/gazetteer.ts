import {
  COMMON_WORDS,
  COMPANY_TOKENS,
  FAMILIAR_WORDS,
  FIRST_NAMES,
  OTHER_NAMES,
  PINYIN_SURNAMES,
  PINYIN_SYLLABLES,
  PLACE_PHRASES,
  PLACE_WORDS,
  SURNAMES_LATIN,
  WORDS,
  ZH_GIVEN_1,
  ZH_GIVEN_2,
  ZH_FUNCTION_WORDS,
  ZH_GIVEN_WORDS,
  ZH_GIVEN_3,
  ZH_ORDINARY_WORDS,
  ZH_WORDISH_SURNAMES,
} from "./data.generated";
import { NOT_PEOPLE, NOT_PEOPLE_WORDS, NOT_PEOPLE_ZH } from "./not-people";
import { COMPOUND_SURNAMES, LABEL_ONLY_SURNAMES, SURNAMES, TRADITIONAL_SURNAMES } from "./zh-surnames";

/**
 * What the word lists say about one word. Built on first use in each process (and worker thread)
 * from the generated data module, so a process that never scans text (the server's main thread
 * until a person types a correction) never holds the tables; lookups are a Map get on the
 * lower-cased word.
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
/** A larger city or a country in one word ("Lagos", "Florence", "Jordan"). */
export const PLACE = 1024;
/** Known as a name only from the largest list, which does not say first or last (always with FIRST and LAST). */
export const OTHER_NAME = 2048;

// The largest list (~150,000 names) is kept as 32-bit hashes in an open-addressing table (2 MB)
// rather than in the map (some 45 MB more per process or worker thread). Two words share a hash
// about once in four billion, so a word no list knows passes for a name about once in 30,000.
const OTHER_SLOTS = 1 << 19;

function hash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

function inOtherTable(otherTable: Uint32Array, lower: string): boolean {
  const h = hash(lower, 0, lower.length);
  for (let slot = h & (OTHER_SLOTS - 1); otherTable[slot] !== 0; slot = (slot + 1) & (OTHER_SLOTS - 1)) if (otherTable[slot] === h) return true;
  return false;
}

function buildLatin() {
  const classes = new Map<string, number>();
  const mark = (words: string, bit: number) => {
    for (const w of words.split(" ")) classes.set(w, (classes.get(w) ?? 0) | bit);
  };
  mark(FIRST_NAMES, FIRST);
  mark(SURNAMES_LATIN, LAST);
  mark(COMMON_WORDS, COMMON);
  mark(FAMILIAR_WORDS, FAMILIAR);
  mark(WORDS, WORD);
  mark(COMPANY_TOKENS, COMPANY);
  mark(PINYIN_SURNAMES, PINYIN_SURNAME);
  mark(PLACE_WORDS, PLACE);
  mark(NOT_PEOPLE_WORDS.join(" "), COMPANY);

  const otherTable = new Uint32Array(OTHER_SLOTS);
  for (let start = 0; start < OTHER_NAMES.length; ) {
    let end = OTHER_NAMES.indexOf(" ", start);
    if (end < 0) end = OTHER_NAMES.length;
    const h = hash(OTHER_NAMES, start, end);
    let slot = h & (OTHER_SLOTS - 1);
    while (otherTable[slot] !== 0 && otherTable[slot] !== h) slot = (slot + 1) & (OTHER_SLOTS - 1);
    otherTable[slot] = h;
    start = end + 1;
  }
  // Company words, places and pinyin syllables some list also has as a name ("lan", "durban").
  for (const [word, bits] of classes) if (!(bits & (FIRST | LAST)) && inOtherTable(otherTable, word)) classes.set(word, bits | FIRST | LAST | OTHER_NAME);
  // Then compound pinyin surnames no list has as a surname (zhuge, shangguan, murong) are surnames, as
  // the single ones (zhang, wang) are from the lists; after the loop above, so "qing" stays a given name.
  for (const [word, bits] of classes) if (bits & PINYIN_SURNAME && !(bits & (FIRST | LAST | COMMON | FAMILIAR | WORD | COMPANY | PLACE)) && word.length >= 4) classes.set(word, bits | LAST);
  return {
    classes,
    otherTable,
    syllables: new Set(PINYIN_SYLLABLES.split(" ")),
    places: new Set(PLACE_PHRASES.split("|")),
    notPeople: new Set(NOT_PEOPLE),
  };
}

let latinTables: ReturnType<typeof buildLatin> | undefined;
const latin = () => (latinTables ??= buildLatin());

/** Classes of a lower-cased word, 0 when no list knows it. */
export function wordClass(lower: string): number {
  const { classes, otherTable } = latin();
  return classes.get(lower) ?? (inOtherTable(otherTable, lower) ? FIRST | LAST | OTHER_NAME : 0);
}

/** Whether a lower-cased word is one or two pinyin syllables ("wei", "xiaoming"), as given names are spelled. */
export function isPinyinGivenName(lower: string): boolean {
  const { syllables } = latin();
  if (syllables.has(lower)) return true;
  for (let cut = 1; cut < lower.length; cut++) if (syllables.has(lower.slice(0, cut)) && syllables.has(lower.slice(cut))) return true;
  return false;
}

/** Whether a lower-cased phrase (words joined by one space, no punctuation) is a place or a brand, not a person. */
export function isNotPerson(phrase: string): boolean {
  const { places, notPeople } = latin();
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

function buildChinese() {
  const surnameTable = new Uint8Array(HAN_COUNT);
  const givenTable = new Uint8Array(HAN_COUNT);
  for (const c of SURNAMES) surnameTable[c.charCodeAt(0) - CJK_START] |= SURNAME;
  for (const c of LABEL_ONLY_SURNAMES + ZH_WORDISH_SURNAMES + TRADITIONAL_SURNAMES) surnameTable[c.charCodeAt(0) - CJK_START] = LABEL_ONLY_SURNAME;
  for (const s of COMPOUND_SURNAMES) surnameTable[s.charCodeAt(0) - CJK_START] |= COMPOUND_FIRST;
  for (const [chars, level] of [[ZH_GIVEN_1, 1], [ZH_GIVEN_2, 2], [ZH_GIVEN_3, 3]] as const) {
    for (const c of chars) givenTable[c.charCodeAt(0) - CJK_START] = level;
  }
  return {
    surnameTable,
    givenTable,
    compoundSurnames: hanKeys(COMPOUND_SURNAMES),
    ordinaryWords: hanKeys([...ZH_ORDINARY_WORDS.split(" "), ...NOT_PEOPLE_ZH]),
    functionWords: hanKeys(ZH_FUNCTION_WORDS.split(" ")),
    givenWords: hanKeys(ZH_GIVEN_WORDS.split(" ")),
  };
}

let chineseTables: ReturnType<typeof buildChinese> | undefined;
const chinese = () => (chineseTables ??= buildChinese());

export function isHan(code: number): boolean {
  return code >= CJK_START && code <= CJK_END;
}

/** SURNAME, LABEL_ONLY_SURNAME and COMPOUND_FIRST bits of a UTF-16 code unit. */
export function surnameBits(code: number): number {
  return isHan(code) ? chinese().surnameTable[code - CJK_START] : 0;
}

/** Length of the surname at `at`: 2 for a compound one (欧阳), 1, or 0. Label-only surnames count only when `labelled`. */
export function surnameLength(text: string, at: number, labelled: boolean): number {
  const bits = surnameBits(text.charCodeAt(at));
  if (bits & COMPOUND_FIRST && chinese().compoundSurnames.has(hanKey(text, at, 2))) return 2;
  if (bits & SURNAME) return 1;
  return labelled && bits & LABEL_ONLY_SURNAME ? 1 : 0;
}

/** How typical of given names a character is: 3 far likelier than in words (婷), 2, 1, 0 almost never (说, 的). */
export function givenLevel(code: number): number {
  return isHan(code) ? chinese().givenTable[code - CJK_START] : 0;
}

/** The given-name level of every CJK character, indexed from U+4E00: for loops that read every character. */
export function givenLevels(): Uint8Array {
  return chinese().givenTable;
}

/** Whether the two characters at `start`, both common in given names, are together an ordinary word (平安, 明天, 东西). */
export function isGivenWord(text: string, start: number): boolean {
  return chinese().givenWords.has(hanKey(text, start, 2));
}

/** Whether the two characters at `start` are a time word, an adverb, a conjunction or a pronoun (最后, 刚才, 周二, 但是). */
export function isFunctionWord(text: string, start: number): boolean {
  return chinese().functionWords.has(hanKey(text, start, 2));
}

/** Whether the two or three characters at `start`, which start with a surname, are an ordinary word or a brand (高铁, 许可证, 李宁). */
export function isOrdinaryChinese(text: string, start: number, length: 2 | 3): boolean {
  return chinese().ordinaryWords.has(hanKey(text, start, length));
}
