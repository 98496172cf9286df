/**
 * English (Latin-script) names without a cue word: runs of capitalised words looked up in first-name,
 * surname, ordinary-word and company lists, then scored by the context around them (a label, an
 * e-mail display name, a greeting or signature, a verb people do). A first and a last name alone
 * reach the redaction threshold; a lone first name needs context.
 */
import * as gazetteer from "../names/gazetteer";
import { COMMON, COMPANY, FAMILIAR, FIRST, LAST, PINYIN_SURNAME, WORD } from "../names/gazetteer";
import * as context from "./context";
import type { FindingSink } from "./context";
import * as personContext from "./person-context";
import type { CuedLengths } from "./person-context";
import * as chinese from "./person-zh";

// Local bindings: test runners and bundlers export through getters, which would be called for
// every capitalised word (measured: up to three times slower).
const { isNotPerson, isPinyinGivenName, wordClass } = gazetteer;
const { addFinding } = context;
const { hasPersonLabel } = personContext;
const { personAfter, personBefore } = chinese;

// One capitalised word: an initial ("K."), or a capital, then letters, marks and apostrophes
// (O'Brien) and hyphenated parts (Al-Rashid). Words are separated by blanks and lower-case particles
// ("van der", "da"). A quote or an "@" may open a run ('Evelyn Marsh', "@Sanjay Patel") when no
// letter stands before it (l'Oréal, anna@Example.com). Every character can be consumed one way only, and a run starts only where no
// letter precedes it (nor a hyphen inside a word: "X-Request-Id"), so matching is linear. The
// lookahead for a Latin capital comes first because it rejects most positions cheaply (measured:
// four times faster than the lookbehind first).
const WORD_PATTERN = String.raw`\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*`;
const PARTICLES = "van|von|de|der|den|da|di|del|della|du|dos|das|la|le|ter|ten|bin|al|el|ibn";
const RUN = new RegExp(
  String.raw`(?=[A-Z\u00c0-\u00de\u0100-\u024f])(?<![\p{L}\p{M}\p{N}_.’/]|[\p{L}\p{M}\p{N}_.+-][@']|[\p{L}\p{M}]-)(?:${WORD_PATTERN})(?:[ \t]+(?:(?:${PARTICLES})[ \t]+)*(?:${WORD_PATTERN}))*`,
  "gu",
);
const PIECE = new RegExp(String.raw`${WORD_PATTERN}|(?:${PARTICLES})(?=[ \t])`, "gu");
// "@maria.gonzalez", "@JamesWhitaker", "@priya-raman": a small-letter run ends where a separator
// or a capital starts, so each part matches one way.
const MENTION = /(?<![\p{L}\p{N}_.+-])@([A-Za-z][a-z]+)(?:[._-]([A-Za-z][a-z]+)|([A-Z][a-z]+))(?![\p{L}\p{N}_])/gu;
// Airline and booking systems: "CHEN/WEI MR".
const BOOKING_NAME = /(?<![A-Za-z/])([A-Z]{2,20})\/([A-Z]{2,20})(?: (?:MR|MRS|MS|MISS|MSTR|DR))?(?![A-Za-z/])/g;

const INITIAL = 128;
const PARTICLE = 256;
const ACRONYM = 512;
const NAME = FIRST | LAST;

interface Piece {
  start: number;
  end: number;
  /** Lower-case, without a possessive "'s" or a final dot. */
  lower: string;
  classes: number;
  possessive: boolean;
}

/** Classes of one word, trying the spellings lists use: "o'brien", "obrien", "mcdonald", then each hyphenated part. */
function classify(word: string): number {
  const direct = wordClass(word);
  if (direct & NAME) return direct;
  let name = 0;
  const plain = word.replace(/['’]/g, "");
  if (plain !== word) name = wordClass(plain) | wordClass(word.replace(/^[od]['’]/, ""));
  else if (/^ma?c./.test(word)) name = wordClass(word.replace(/^ma?c/, ""));
  if (name & NAME) return LAST | (direct & ~NAME);
  if (word.includes("-")) {
    const parts = word.split("-").filter((p) => p !== "al" && p !== "el" && p !== "ben" && p !== "abu");
    let all = NAME;
    for (const p of parts) all &= wordClass(p) & NAME ? wordClass(p) : 0;
    if (parts.length > 0 && all & NAME) return all & NAME;
  }
  return direct;
}

const isApostrophe = (c: number) => c === 39 || c === 0x2019;
// "McDonald", "O'Brien", "DiCaprio", "LaToya": capitals inside a name, unlike "OrderService".
const INNER_CAPITAL_PREFIX = /^(?:ma?c|o['’]|d['’]|de|di|la|le)/;

// Character tests rather than regular expressions: this runs once per capitalised word.
function piece(start: number, raw: string): Piece {
  let word = raw;
  let possessive = false;
  // A closing quote is no part of the name ('Evelyn Marsh').
  while (word.length > 1 && isApostrophe(word.charCodeAt(word.length - 1)) && word.charCodeAt(word.length - 2) !== 115) word = word.slice(0, -1);
  raw = word;
  if (raw.length > 2 && raw.charCodeAt(raw.length - 1) === 115 && isApostrophe(raw.charCodeAt(raw.length - 2))) {
    word = raw.slice(0, -2);
    possessive = true;
  }
  const lower = word.toLowerCase();
  let classes: number;
  if (word.charCodeAt(word.length - 1) === 46) classes = INITIAL;
  else if (word.charCodeAt(0) === lower.charCodeAt(0)) classes = PARTICLE;
  else {
    // Capitals after the first letter: all of them (an acronym) or one after a small letter (CamelCase).
    let capitals = 1;
    let innerCapital = false;
    for (let i = 1; i < word.length; i++) {
      if (word.charCodeAt(i) !== lower.charCodeAt(i)) {
        capitals++;
        if (word.charCodeAt(i - 1) === lower.charCodeAt(i - 1) && !isApostrophe(word.charCodeAt(i - 1)) && word.charCodeAt(i - 1) !== 45) innerCapital = true;
      }
    }
    if (capitals === word.length && word.length > 1) classes = ACRONYM;
    else if (innerCapital && !INNER_CAPITAL_PREFIX.test(lower)) classes = ACRONYM;
    else classes = classify(lower);
  }
  return { start, end: start + word.length, lower, classes, possessive };
}

const isAcronym = (p: Piece) => p.classes === ACRONYM;
const isNamePiece = (p: Piece) => (p.classes & (NAME | INITIAL)) !== 0;
/** A title-case word no list knows: a rare name as often as anything else. */
const isUnknown = (p: Piece) => p.classes === 0;
const isWord = (p: Piece) => (p.classes & (COMMON | FAMILIAR | WORD)) !== 0 && (p.classes & NAME) === 0;

// Words that come just before a person ("loop in Ravi Shankar", "customer Sophie Turner").
const LEFT_WORDS = new Set([
  "by", "from", "to", "with", "for", "cc", "ask", "tell", "ping", "contact", "thanks", "thank", "customer", "user",
  "patient", "client", "passenger", "colleague", "agent", "employee", "owner", "member", "and", "called", "met",
  "spoke", "emailed", "sent", "signed", "approved", "escalated", "assigned", "reassigned", "reminder", "courier",
]);
// Verbs that follow a person ("Priya Raman called"); "is" and "has" follow products as often.
const RIGHT_WORDS = new Set([
  "said", "says", "told", "called", "calls", "phoned", "rang", "emailed", "wrote", "asked", "asks", "wants",
  "wanted", "reported", "reports", "complained", "confirmed", "agreed", "refused", "signed", "replied",
  "mentioned", "needs", "cannot", "can't", "won't", "didn't", "doesn't", "who", "approved", "closed", "opened",
  "requested", "accepted", "thinks", "knows", "prefers", "paid", "ordered", "received",
]);
const GREETINGS = /(?:^|[^\p{L}])(?:hi|hello|hey|dear|thanks|thank you|thx|cheers|welcome|congrats|congratulations|morning|bye)[,!]?[ \t]+$/iu;
const CLOSINGS = /(?:best|thanks|thank you|regards|best regards|kind regards|warm regards|many thanks|cheers|sincerely|yours|thx|br|以上|谢谢)[,，!！]?[ \t]*$/i;

const AUTHOR_STAMP = /^[ \t]+(?:[0-2]?\d:[0-5]\d(?![\d:.]\d)|\d{1,3} (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago\b)/;
const NAME_BEFORE = /(?:^|[^\p{L}_.])name,?[ \t]+$/u;

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39;
const isBlank = (c: number) => c === 32 || c === 9;

/** The lower-cased ASCII word before `start` and one or more blanks, or "". */
function wordBefore(text: string, start: number): string {
  let i = start - 1;
  if (!isBlank(text.charCodeAt(i))) return "";
  while (i > 0 && isBlank(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && end - i <= 16 && isAsciiLetter(text.charCodeAt(i))) i--;
  return text.slice(i + 1, end).toLowerCase();
}

/** The lower-cased ASCII word after `end` and one or more blanks, or "". */
function wordAfter(text: string, end: number): string {
  let i = end;
  if (!isBlank(text.charCodeAt(i))) return "";
  while (isBlank(text.charCodeAt(i))) i++;
  const start = i;
  while (i - start < 16 && (isAsciiLetter(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2019)) i++;
  return text.slice(start, i).toLowerCase();
}

const LOOK_BACK = 48;

/** Start of the line holding `at`, looking back at most LOOK_BACK characters (else -1), so the cost per name stays bounded. */
function lineStart(text: string, at: number): number {
  const floor = Math.max(0, at - LOOK_BACK);
  for (let i = at - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return floor === 0 ? 0 : -1;
}

const isDash = (c: number) => c === 45 || c === 0x2013 || c === 0x2014;

/** "Refund approved. - Fiona Gallagher": a dash at the start of a line or after a sentence. */
function afterSentenceDash(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0 || !isDash(text.charCodeAt(i))) return false;
  i--;
  if (i >= 0 && isDash(text.charCodeAt(i))) i--;
  const dashAt = i;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  const c = i < 0 ? 10 : text.charCodeAt(i);
  return c === 10 || ((c === 46 || c === 33 || c === 63) && i < dashAt);
}

/** A signature: the name alone at the start of a line, after a line that ends "Best," or "Thanks,"; or after a dash. */
function isSignature(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return false;
  if (text.charCodeAt(i) !== 10) return afterSentenceDash(text, start);
  const ls = i + 1;
  const previousStart = lineStart(text, ls - 1);
  if (previousStart < 0) return false;
  const previous = text.slice(previousStart, ls - 1);
  return CLOSINGS.test(previous) || /^[ \t]*[-–—]{1,2}[ \t]*$/.test(previous);
}

const DISPLAY_NAME_END = /^"?[ \t]*<[^<>\s@]{1,64}@/;

/** "Anna de Vries <anna@…>": the name shown with an e-mail address. */
function isDisplayName(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 34 || c === 32 || c === 60) && DISPLAY_NAME_END.test(text.slice(end, end + 80));
}

/** Context points: a label or an e-mail display name vouch most, greetings and signatures next, verbs least. */
function contextScore(text: string, start: number, end: number, labelled: boolean, possessive: boolean): number {
  let strong = labelled ? 0.35 : 0;
  if (strong === 0 && isDisplayName(text, end)) strong = 0.35;
  if (strong === 0 && isSignature(text, start)) strong = 0.35;
  if (strong === 0 && GREETINGS.test(text.slice(Math.max(0, start - 12), start))) strong = 0.3;
  // A message's or a commit's author: "Leila Farahani 09:13", "a3f9c21 Ngozi Okafor 3 days ago".
  if (strong === 0 && isBlank(text.charCodeAt(end)) && AUTHOR_STAMP.test(text.slice(end, end + 24))) strong = 0.3;
  // "under my wife's name, Aoife Gallagher", "booked in the name Ravi Menon".
  if (strong === 0 && NAME_BEFORE.test(text.slice(Math.max(0, start - 8), start))) strong = 0.3;
  let weak = 0;
  if (LEFT_WORDS.has(wordBefore(text, start)) || hanBefore(text, start)) weak += 0.1;
  if (possessive || RIGHT_WORDS.has(wordAfter(text, end)) || /^:[ \t]/.test(text.slice(end, end + 2)) || hanAfter(text, end)) weak += 0.1;
  return strong + weak;
}

const isHanCode = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/** "请联系 Anna Smith", "由 Bram Moolenaar": a Chinese person word before the name, a blank or none between. */
function hanBefore(text: string, start: number): boolean {
  let i = start - 1;
  if (isBlank(text.charCodeAt(i))) i--;
  return isHanCode(text.charCodeAt(i)) && personBefore(text, i + 1);
}

/** "Zhang Wei 反馈": a Chinese verb people do after the name. */
function hanAfter(text: string, end: number): boolean {
  const i = isBlank(text.charCodeAt(end)) ? end + 1 : end;
  return isHanCode(text.charCodeAt(i)) && personAfter(text, i);
}

/** How name-like a phrase of name pieces is, before context: 0 when it cannot be a name. */
function phraseScore(pieces: Piece[], labelled: boolean): number {
  const words = pieces.filter((p) => !(p.classes & PARTICLE));
  const first = words[0];
  const last = words[words.length - 1];
  // After "de", "van der" or "da" comes a surname, however rare ("de Vries").
  if (pieces.length > 2 && pieces[pieces.length - 2].classes & PARTICLE && isUnknown(last)) last.classes = LAST;
  if (words.length === 1) {
    if (first.classes & FIRST) return first.classes & (COMMON | FAMILIAR) ? 0.1 : 0.25;
    if (first.classes & LAST) return first.classes & (COMMON | FAMILIAR) ? 0.05 : 0.1;
    return 0;
  }
  // A word inside the phrase ("Payments Staging Order") makes it a title, not a name.
  for (let i = 1; i < words.length - 1; i++) if (isWord(words[i])) return 0;
  let score: number;
  if (first.classes & (FIRST | INITIAL) && last.classes & LAST) score = 0.55;
  else if (words.length === 2 && pinyinPair(first, last)) score = 0.5;
  else if (first.classes & NAME && last.classes & NAME) score = 0.45;
  // One known name and one unknown word: the name must not also be an ordinary word ("Vercel Edge").
  else if ((first.classes & FIRST && isUnknown(last) && !(first.classes & (COMMON | FAMILIAR))) || (isUnknown(first) && last.classes & LAST && !(last.classes & (COMMON | FAMILIAR)))) score = 0.4;
  else if (labelled && words.every((w) => isUnknown(w) || w.classes & NAME)) score = 0.3;
  else return 0;
  // Names that are also words ("Will", "Brown", "Pro") need more context the commoner the word.
  if (first.classes & COMMON) score -= 0.2;
  else if (first.classes & FAMILIAR) score -= 0.1;
  if (last.classes & COMMON) score -= 0.15;
  else if (last.classes & FAMILIAR) score -= 0.1;
  if (words.some((w) => (w.classes & (WORD | COMMON | FAMILIAR)) === WORD)) score -= 0.05;
  if (words.every((w) => w.classes & COMPANY)) score -= 0.3;
  if (words.length > 3) score -= 0.1;
  return score;
}

function pinyinPair(a: Piece, b: Piece): boolean {
  const given = (p: Piece) => isPinyinGivenName(p.lower) && !(p.classes & (COMMON | FAMILIAR));
  return ((a.classes & PINYIN_SURNAME) !== 0 && given(b)) || ((b.classes & PINYIN_SURNAME) !== 0 && given(a));
}

/** Lower-case words of a span joined by single spaces, for the brand and place lists. */
function phraseOf(pieces: Piece[]): string {
  let phrase = pieces[0].lower;
  for (let i = 1; i < pieces.length; i++) phrase += " " + pieces[i].lower;
  return /['’.]/.test(phrase) ? phrase.replace(/['’.]/g, "") : phrase;
}

const keepable = (p: Piece) => isNamePiece(p) || isUnknown(p);
// Greetings that some list also knows as a name ("Hi" is one somewhere): never a name's first word.
const OPENERS = new Set(["hi", "hey", "hello", "dear", "thanks", "thank", "cheers", "regards", "best", "welcome", "congrats", "ok", "okay", "yes", "no", "please", "sorry"]);

/** The name inside a run: from the first name-like word to the last, or null. */
function trim(pieces: Piece[]): Piece[] | null {
  let a = 0;
  let b = pieces.length - 1;
  while (a <= b && (!keepable(pieces[a]) || OPENERS.has(pieces[a].lower))) a++;
  while (b >= a && !keepable(pieces[b])) b--;
  if (a > b) return null;
  return pieces.slice(a, b + 1);
}

const notParticle = (p: Piece) => !(p.classes & PARTICLE);

/**
 * Whether a one-word run can be no name: an acronym ("ORD", "USD"), or a word no list knows that
 * nothing spells another way ("O'Brien", "McDonald", "Al-Rashid") and no ", First" follows.
 */
function plainlyNoName(text: string, word: string, end: number, known: Set<string>): boolean {
  const second = word.charCodeAt(1);
  if (second >= 65 && second <= 90) return true;
  if (text.charCodeAt(end) === 44) return false;
  const lower = word.toLowerCase();
  if (wordClass(lower) & NAME || known.has(lower)) return false;
  return !(word.includes("'") || word.includes("’") || word.includes("-") || lower.startsWith("mc") || lower.startsWith("mac"));
}

const MAX_RUN = 80;

interface Accepted {
  end: number;
  labelled: boolean;
}

/** Names a cue has not found (`cued`) scored at least `minScore`. */
export function detectUncuedEnglishPersons(text: string, minScore: number, cued: CuedLengths, out: FindingSink): void {
  const known = new Set<string>();
  let previous: Accepted | null = null;
  let pending: Pending[] | null = null;
  // Starts and ends of the names found, in order: [start, end, start, end, …].
  const accepted: number[] = [];
  const isKnown = (p: Piece) => known.has(p.lower);
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const run = m[0];
    // A long run of capitalised words is a title or a heading ("Payments Staging Order Worker").
    if (run.length > MAX_RUN) continue;
    // Found already, by a cue or a table's person column.
    if (cued !== null && cued[m.index] > 0) {
      RUN.lastIndex = Math.max(RUN.lastIndex, m.index + cued[m.index]);
      continue;
    }
    // Most runs are one ordinary capitalised word: settle those with one lookup.
    const single = run.indexOf(" ") < 0 && run.indexOf("\t") < 0;
    if (single && plainlyNoName(text, run, m.index + run.length, known)) continue;
    const pieces: Piece[] = [];
    if (single) pieces.push(piece(m.index, run));
    else {
      PIECE.lastIndex = 0;
      for (let p = PIECE.exec(run); p; p = PIECE.exec(run)) pieces.push(piece(m.index + p.index, p[0]));
    }
    // Forms write names in capitals ("CARDHOLDER: JOHN SMITH"): after a label, read them as words.
    if (pieces.some(isAcronym) && hasPersonLabel(text, m.index)) for (const p of pieces) if (isAcronym(p)) p.classes = classify(p.lower);
    const span = trim(pieces);
    if (!span || (cued !== null && cued[span[0].start] > 0)) continue;
    const start = span[0].start;
    const last = span[span.length - 1];
    const labelled: boolean =
      hasPersonLabel(text, start) || (previous !== null && previous.labelled && continuesList(text, previous.end, start));
    // A single word right before ", First" is more likely "Last, First" than a lone name.
    const words = span.length === 1 ? span : span.filter(notParticle);
    if (words.length === 1) {
      const end = lastFirst(text, words[0], labelled, minScore, out);
      if (end > 0) {
        RUN.lastIndex = end;
        continue;
      }
    }
    let score = phraseScore(span, labelled);
    if (score > 0 && words.every(isKnown)) score = Math.max(score, 0.5);
    if (score <= 0 || (span.length > 1 && isNotPerson(phraseOf(span)))) continue;
    score += contextScore(text, start, last.end, labelled, last.possessive);
    // "Priya called about…", "Kwabena told me…": a first name that opens a sentence, then a verb people do.
    if (words.length === 1 && score < minScore && (first(span).classes & (FIRST | COMMON | FAMILIAR | COMPANY)) === FIRST && opensSentence(text, start) && RIGHT_WORDS.has(wordAfter(text, last.end))) score += 0.15;
    if (score < minScore) {
      // Found with more confidence elsewhere in the text, before or after: the same person.
      if (score > 0 && minScore - score <= 0.35) (pending ??= []).push({ start, end: last.end, words: words.map((w) => w.lower), score });
      RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
      continue;
    }
    addFinding(out, text, "PERSON", start, last.end, Math.min(score, 0.95), "person-en");
    if (score >= 0.5) {
      accepted.push(start, last.end);
      previous = { end: last.end, labelled };
      if (words.length > 1 || score >= 0.55) for (const w of words) known.add(w.lower);
    }
    RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
  }
  if (pending !== null && (known.size > 0 || accepted.length > 0)) {
    let next = 0;
    for (const p of pending) {
      if (p.words.every((w) => known.has(w))) {
        addFinding(out, text, "PERSON", p.start, p.end, minScore, "person-en-again");
        continue;
      }
      // "Ana da Silva, Wojciech Nowak, Declan O'Brien": a full name nearly sure on its own, listed
      // next to a name that is sure.
      if (p.words.length < 2 || p.score < minScore - 0.1) continue;
      while (next < accepted.length && accepted[next] < p.end) next += 2;
      const before = next - 2 >= 0 && accepted[next - 1] <= p.start && continuesList(text, accepted[next - 1], p.start);
      const after = next < accepted.length && continuesList(text, p.end, accepted[next]);
      if (before || after) addFinding(out, text, "PERSON", p.start, p.end, minScore, "person-en-list");
    }
  }
  detectMentions(text, minScore, out);
  detectBookingNames(text, minScore, out);
}

interface Pending {
  start: number;
  end: number;
  words: string[];
  score: number;
}

const first = (span: Piece[]) => span[0];

/** Whether `start` opens a line, a quotation or a sentence. */
function opensSentence(text: string, start: number): boolean {
  let i = start - 1;
  if (i >= 0 && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39 || text.charCodeAt(i) === 0x201c)) i--;
  if (i < 0 || text.charCodeAt(i) === 10) return true;
  if (!isBlank(text.charCodeAt(i))) return i === start - 2 && (text.charCodeAt(i) === 61 || text.charCodeAt(i) === 58);
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 46 || c === 33 || c === 63;
}

/** Whether only a separator (and an e-mail address in angle brackets) stands between two names of one list. */
function continuesList(text: string, from: number, to: number): boolean {
  if (to - from > 90) return false;
  return /^"?[ \t]*(?:<[^<>\n]{1,80}>)?[ \t]*(?:,|;|、|\band\b|&)[ \t]*"?$/.test(text.slice(from, to));
}

const GIVEN_AFTER_COMMA = /^,[ \t](\p{Lu}[\p{L}\p{M}'’-]+)(?:[ \t](\p{Lu}[\p{L}\p{M}'’-]+))?(?![\p{L}\p{M}])/u;

/**
 * "Whitfield, Rob": a surname, a comma, a blank and a first name, as lists and quoted CSV cells
 * write them (unquoted CSV is read by its header instead). Returns the end, or 0.
 */
function lastFirst(text: string, surname: Piece, labelled: boolean, minScore: number, out: FindingSink): number {
  if (text.charCodeAt(surname.end) !== 44 || (!(surname.classes & LAST) && !(labelled && isUnknown(surname)))) return 0;
  const after = GIVEN_AFTER_COMMA.exec(text.slice(surname.end, surname.end + 64));
  if (!after) return 0;
  const given = piece(surname.end + after[0].indexOf(after[1]), after[1]);
  if (!(given.classes & FIRST)) return 0;
  let score = 0.5 - (given.classes & (COMMON | FAMILIAR) ? 0.1 : 0) - (surname.classes & COMMON ? 0.15 : 0);
  if (isNotPerson(`${given.lower} ${surname.lower}`)) return 0;
  const end = surname.end + after[0].length;
  const quoted = text.charCodeAt(surname.start - 1) === 34 && text.charCodeAt(end) === 34;
  if (labelled || quoted) score += 0.3;
  if (/^[ \t]*[;|]/.test(text.slice(end, end + 3)) || /[;|][ \t]*$/.test(text.slice(Math.max(0, surname.start - 3), surname.start))) score += 0.1;
  if (score < minScore) return 0;
  addFinding(out, text, "PERSON", surname.start, end, score, "person-en-last-first");
  return end;
}

function detectMentions(text: string, minScore: number, out: FindingSink): void {
  if (!text.includes("@")) return;
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(text); m; m = MENTION.exec(text)) {
    const first = wordClass(m[1].toLowerCase());
    const last = wordClass((m[2] ?? m[3]).toLowerCase());
    if (!(first & FIRST) || !(last & LAST)) continue;
    const score = (first | last) & (COMMON | FAMILIAR) ? 0.55 : 0.7;
    if (score >= minScore) addFinding(out, text, "PERSON", m.index + 1, m.index + m[0].length, score, "person-en-mention");
  }
}

function detectBookingNames(text: string, minScore: number, out: FindingSink): void {
  if (!text.includes("/")) return;
  BOOKING_NAME.lastIndex = 0;
  for (let m = BOOKING_NAME.exec(text); m; m = BOOKING_NAME.exec(text)) {
    const surname = wordClass(m[1].toLowerCase());
    const given = m[2].toLowerCase();
    if (!(surname & (LAST | PINYIN_SURNAME)) || !(wordClass(given) & FIRST || isPinyinGivenName(given))) continue;
    // With a title ("MR") the pattern is a booking's name field; without, it may be any pair of codes.
    const score = m[0].length > m[1].length + m[2].length + 1 ? 0.75 : 0.55;
    if (score >= minScore) addFinding(out, text, "PERSON", m.index, m.index + m[1].length + 1 + m[2].length, score, "person-en-booking");
  }
}
