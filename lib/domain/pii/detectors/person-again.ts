import { COMMON, COMPANY, FAMILIAR, givenLevel, isHan, isOrdinaryChinese, PLACE, surnameLength, WORD, wordClass } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";

/**
 * "Will Forsythe … is this Will?", "Faisal Al-Qahtani … your login is falqahtani": once a full name
 * in Latin script is found with confidence, its given name and its surname standing alone elsewhere
 * in the same text are that person too, and so are the logins directories build from it most (an
 * initial and the surname, the names joined with or without a dot). Case counts for the words ("will" stays a verb); logins are looked for in small
 * letters. At most MAX_NAMES names per text, each a handful of native searches.
 */
const MAX_NAMES = 8;
const MAX_LOOKS = 24;
const MIN_SCORE = 0.55;
export const SCORE_AGAIN = 0.6;
const SCORE = SCORE_AGAIN;
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "del", "du", "dos", "la", "le", "ter", "ten", "al", "el", "bin", "binti"]);
const LATIN_NAME = /^\p{Lu}[\p{L}'’-]+(?:[ \t]+(?:\p{Ll}{1,5}[ \t]+)?\p{Lu}[\p{L}'’-]+){1,3}$/u;
const LAST_FIRST = /^(\p{Lu}[\p{L}'’-]+),[ \t]*(\p{Lu}[\p{L}'’-]+)$/u;
const SINGLE_NAME = /^\p{Lu}\p{Ll}[\p{L}'’-]+$/u;
const SINGLE_SCORE = 0.55;
// What follows a capitalised verb opening a question ("Will you …", "Mark it …"): no name then.
const PRONOUN_AFTER = /^[ \t]+(?:you|we|i|they|he|she|it|this|that|there|the|a|an)\b/;

const CAPITAL_AFTER = /^[ \t]+\p{Lu}/u;
const CAPITAL_BEFORE = /\p{Lu}[\p{L}'’-]*[ \t]+$/u;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c <= 0x24f);

const ASCII = /^[\x00-\x7f]*$/;

function fold(word: string): string {
  const plain = ASCII.test(word) ? word : word.normalize("NFD").replace(/\p{M}/gu, "");
  return plain.toLowerCase().replace(/[^a-z]/g, "");
}

// The text being read and what its names cover, for the helpers below: module state rather than
// closures made per call (a text of a few names otherwise cost more in closures than in searches).
let current: { text: string; out: FindingSink; covered: Uint8Array | null; looks: number; seen: string[] } = { text: "", out: [], covered: null, looks: 0, seen: [] };

function isCovered(at: number): boolean {
  if (current.covered === null) {
    current.covered = new Uint8Array(current.text.length);
    for (const f of current.out) if (f.type === "PERSON") current.covered.fill(1, f.start, f.end);
  }
  return current.covered[at] !== 0;
}

function addAgain(at: number, length: number, isWord: boolean): void {
  const { text, out } = current;
  const end = at + length;
  if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(end))) return;
  if (isCovered(at) || isCovered(end - 1)) return;
  // "anna.smith@…" is an address's, "j.smith.dev" a longer login's.
  if (text.charCodeAt(at - 1) === 46 && isWordChar(text.charCodeAt(at - 2))) return;
  if (text.charCodeAt(end) === 46 && isWordChar(text.charCodeAt(end + 1))) return;
  if (text.charCodeAt(end) === 64) return;
  if (isWord && wordClass(text.slice(at, end).toLowerCase()) & COMMON && PRONOUN_AFTER.test(text.slice(end, end + 8).toLowerCase())) return;
  // "DBA: Whitaker Lawn & Snow", "the Smith Foundation": inside a longer run of capitalised words, a firm's or a place's name.
  if (isWord && (CAPITAL_AFTER.test(text.slice(end, end + 3)) || CAPITAL_BEFORE.test(text.slice(Math.max(0, at - 20), at)))) return;
  addFinding(out, text, "PERSON", at, end, SCORE, "person-again");
  current.covered!.fill(1, at, end);
}

/** A part is looked for only when the text holds it more than once, a login only when it holds it at all. */
function lookFor(part: string, isWord: boolean): void {
  const { text, seen } = current;
  if (seen.includes(part)) return;
  seen.push(part);
  const first = text.indexOf(part);
  if (first === -1 || (isWord && first === text.lastIndexOf(part))) return;
  // A text that names the same people again and again (a roster, a chat log) is read up to
  // MAX_LOOKS occurrences in all: the names found there already cover nearly all of them.
  for (let at = first; at !== -1 && current.looks < MAX_LOOKS; at = text.indexOf(part, at + 1), current.looks++) addAgain(at, part.length, isWord);
}

export function detectLatinNamesAgain(text: string, minScore: number, out: FindingSink): void {
  if (SCORE < minScore) return;
  let names = 0;
  const count = out.length;
  for (let i = 0; i < count && names < MAX_NAMES; i++) {
    const f = out[i];
    if (f.type !== "PERSON" || f.score < MIN_SCORE) continue;
    // "Okafor, Will": the surname first, then the given name.
    const reversed = LAST_FIRST.exec(f.text);
    if (reversed === null) {
      if (!f.text.includes(" ") && !f.text.includes("\t")) {
        // A given name alone ("Hi Ngozi,"), found with a person's context, is that person again elsewhere.
        if (f.score >= SINGLE_SCORE && SINGLE_NAME.test(f.text) && !(wordClass(f.text.toLowerCase()) & COMMON)) {
          if (names++ === 0) current = { text, out, covered: null, looks: 0, seen: [] };
          lookFor(f.text, true);
        }
        continue;
      }
      if (!LATIN_NAME.test(f.text)) continue;
    }
    if (names++ === 0) current = { text, out, covered: null, looks: 0, seen: [] };
    const parts = (reversed ? [reversed[2], reversed[1]] : f.text.split(/[ \t]+/)).filter((p) => !PARTICLES.has(p.toLowerCase()));
    for (const p of parts) if (p.length >= 3) lookFor(p, true);
    const first = fold(parts[0]);
    const last = fold(parts.slice(1).join(""));
    if (first.length < 2 || last.length < 2) continue;
    for (const login of [first[0] + last, `${first}.${last}`, first + last]) if (login.length >= 5) lookFor(login, false);
  }
  // Let go of the text and its findings.
  if (names > 0) current = { text: "", out: [], covered: null, looks: 0, seen: [] };
}

// What follows a name in brackets when it is the same name in another script: "Park Ji-woo (박지우)",
// "Zhang Wei（张伟）", "陈思远 (Chen Siyuan)", "李知恩 (이지은)". Two to four Hangul syllables, two to four
// Han characters, or two or three capitalised Latin words, and nothing else inside the brackets.
const OTHER_SCRIPT = /^[ \t]*[(（]([\uac00-\ud7a3]{2,4}|[\u4e00-\u9fff]{2,4}|\p{Lu}\p{Ll}+(?:[ \t-]\p{Lu}?\p{Ll}+){1,2})[)）]/u;
// The family names most Koreans bear, as the first syllable of a Hangul name.
const HANGUL_SURNAMES = new Set([..."김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉"]);
const HANGUL_SCRIPT = 1;
const HAN_SCRIPT = 2;
const LATIN_SCRIPT = 3;

function scriptOf(c: number): number {
  if (c >= 0xac00 && c <= 0xd7a3) return HANGUL_SCRIPT;
  return isHan(c) ? HAN_SCRIPT : LATIN_SCRIPT;
}

/** Whether the bracketed text is shaped like a person's name in its script, not a title, a firm or a nationality. */
function namedInScript(name: string, script: number): boolean {
  // Korean names are three syllables but for a few; job titles two (과장, 부장) or end in 님.
  if (script === HANGUL_SCRIPT) return name.length === 3 && HANGUL_SURNAMES.has(name[0]) && !name.endsWith("님");
  if (script === HAN_SCRIPT) {
    // A surname, given names that are names' characters, and no word of origin or of a firm (籍, 国, 华为, 经理).
    const surname = surnameLength(name, 0, true);
    if (surname === 0 || /[籍国人族省市州司部长理师]$/.test(name) || isOrdinaryChinese(name, 0, 2)) return false;
    for (let i = surname; i < name.length; i++) if (givenLevel(name.charCodeAt(i)) < 1) return false;
    return name.length > surname;
  }
  // Latin: every word a name or one no list knows, none an English word ("Tech Lead", "Senior Engineer").
  return name.split(/[ \t-]/).every((word) => {
    const classes = wordClass(word.toLowerCase());
    return (classes & (COMMON | FAMILIAR | WORD | COMPANY | PLACE)) === 0;
  });
}

/** A name found, then the same name written in another script in brackets right after it. */
export function detectNamesInOtherScript(text: string, out: FindingSink): void {
  const people = out.filter((f) => f.type === "PERSON");
  for (const person of people) {
    const next = text.charCodeAt(person.end);
    if (next !== 32 && next !== 40 && next !== 0xff08) continue;
    const m = OTHER_SCRIPT.exec(text.slice(person.end, person.end + 40));
    if (!m) continue;
    // Only another script: "Wang Fang (Fang)" repeats, "李雷 (李雷)" too; a script change is the tell.
    const script = scriptOf(m[1].charCodeAt(0));
    if (script === scriptOf(person.text.charCodeAt(0)) || !namedInScript(m[1], script)) continue;
    const start = person.end + m[0].indexOf(m[1]);
    addFinding(out, text, "PERSON", start, start + m[1].length, SCORE, "person-again");
  }
}
