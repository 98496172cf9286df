import { COMMON, wordClass } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";

/**
 * "Will Forsythe … is this Will?", "Faisal Al-Qahtani … your login is falqahtani": once a full name
 * in Latin script is found with confidence, its given name and its surname standing alone elsewhere
 * in the same text are that person too, and so are the logins directories build from it (an
 * initial and the surname, the names joined with or without a dot or an underscore, the given name
 * and an initial). Case counts for the words ("will" stays a verb); logins are looked for in small
 * letters. At most MAX_NAMES names per text, each a handful of native searches.
 */
const MAX_NAMES = 16;
const MIN_SCORE = 0.55;
const SCORE = 0.6;
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "del", "du", "dos", "la", "le", "ter", "ten", "al", "el", "bin", "binti"]);
const LATIN_NAME = /^\p{Lu}[\p{L}'’-]+(?:[ \t]+(?:\p{Ll}{1,5}[ \t]+)?\p{Lu}[\p{L}'’-]+){1,3}$/u;
// What follows a capitalised verb opening a question ("Will you …", "Mark it …"): no name then.
const PRONOUN_AFTER = /^[ \t]+(?:you|we|i|they|he|she|it|this|that|there|the|a|an)\b/;

const CAPITAL_AFTER = /^[ \t]+\p{Lu}/u;
const CAPITAL_BEFORE = /\p{Lu}[\p{L}'’-]*[ \t]+$/u;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c <= 0x24f);

function fold(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z]/g, "");
}

export function detectLatinNamesAgain(text: string, minScore: number, out: FindingSink): void {
  if (SCORE < minScore) return;
  const words = new Set<string>();
  const logins = new Set<string>();
  let names = 0;
  for (let i = 0; i < out.length && names < MAX_NAMES; i++) {
    const f = out[i];
    if (f.type !== "PERSON" || f.score < MIN_SCORE || !LATIN_NAME.test(f.text)) continue;
    names++;
    const parts = f.text.split(/[ \t]+/).filter((p) => !PARTICLES.has(p.toLowerCase()));
    for (const p of parts) if (p.length >= 3) words.add(p);
    const first = fold(parts[0]);
    const last = fold(parts.slice(1).join(""));
    if (first.length < 2 || last.length < 2) continue;
    for (const login of [first[0] + last, `${first}.${last}`, `${first}_${last}`, first + last, first + last[0], last + first[0]]) {
      if (login.length >= 5) logins.add(login);
    }
  }
  if (names === 0) return;
  const covered = new Uint8Array(text.length);
  for (const f of out) if (f.type === "PERSON") covered.fill(1, f.start, f.end);
  const add = (at: number, length: number, isWord: boolean) => {
    const end = at + length;
    if (covered[at] !== 0 || covered[end - 1] !== 0) return;
    if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(end))) return;
    // "anna.smith@…" is an address's, "j.smith.dev" a longer login's.
    if (!isWordChar(text.charCodeAt(at - 1)) && text.charCodeAt(at - 1) === 46 && isWordChar(text.charCodeAt(at - 2))) return;
    if (text.charCodeAt(end) === 46 && isWordChar(text.charCodeAt(end + 1))) return;
    if (text.charCodeAt(end) === 64) return;
    if (isWord && wordClass(text.slice(at, end).toLowerCase()) & COMMON && PRONOUN_AFTER.test(text.slice(end, end + 8).toLowerCase())) return;
    // "DBA: Whitaker Lawn & Snow", "the Smith Foundation": inside a longer run of capitalised words, a firm's or a place's name.
    if (isWord && (CAPITAL_AFTER.test(text.slice(end, end + 3)) || CAPITAL_BEFORE.test(text.slice(Math.max(0, at - 20), at)))) return;
    addFinding(out, text, "PERSON", at, end, SCORE, "person-again");
    covered.fill(1, at, end);
  };
  for (const w of words) for (let at = text.indexOf(w); at !== -1; at = text.indexOf(w, at + 1)) add(at, w.length, true);
  for (const l of logins) for (let at = text.indexOf(l); at !== -1; at = text.indexOf(l, at + 1)) add(at, l.length, false);
}
