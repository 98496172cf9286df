/**
 * English (Latin-script) names without a cue word: runs of capitalised words looked up in first-name,
 * surname, ordinary-word and company lists, then scored by the context around them (a label, an
 * e-mail display name, a greeting or signature, a verb people do). A first and a last name alone
 * reach the redaction threshold; a lone first name needs context.
 */
import * as gazetteer from "../names/gazetteer";
import * as context from "./context";
import type { FindingSink } from "./context";
import * as personContext from "./person-context";
import type { CuedLengths } from "./person-context";
import * as chinese from "./person-zh";

// Local bindings: test runners and bundlers export through getters, which would be called for
// every capitalised word (measured: up to three times slower).
const { isHan, isNotPerson, isPinyinGivenName, wordClass } = gazetteer;
const { COMMON, COMPANY, FAMILIAR, FIRST, LAST, OTHER_NAME, PINYIN_SURNAME, PLACE, WORD } = gazetteer;
const { addFinding } = context;
const { isDisplayName, NAME_LABEL, NO_LABEL, personLabel } = personContext;
const { personAfter, personBefore } = chinese;

// One capitalised word: an initial ("K."), or a capital, then letters, marks and apostrophes
// (O'Brien) and hyphenated parts (Al-Rashid). Words are separated by blanks and lower-case particles
// ("van der", "da"). A quote or an "@" may open a run ('Evelyn Marsh', "@Sanjay Patel") when no
// letter stands before it (l'Oréal, anna@Example.com). Every character can be consumed one way only, and a run starts only where no
// letter precedes it (nor a hyphen inside a word: "X-Request-Id"), so matching is linear. The
// lookahead for a Latin capital comes first because it rejects most positions cheaply (measured:
// four times faster than the lookbehind first).
// Letters with case (and modifier letters): Han characters are letters to Unicode too ("other
// letters", like every script without case), but a Latin name glued to Chinese ("上周Fernando Silva那单")
// ends where they start.
const CASED = String.raw`\p{Lu}\p{Ll}\p{Lt}\p{Lm}`;
// Initials may be glued ("A.K. Menon", "G.J. de Wit").
const WORD_PATTERN = String.raw`\p{Lu}\.(?:\p{Lu}\.){0,2}|\p{Lu}[${CASED}\p{M}'’]*(?:-[${CASED}][${CASED}\p{M}'’]*)*`;
export const PARTICLES = "van|von|de|der|den|da|di|del|della|du|dos|das|la|le|ter|ten|bin|al|el|ibn";
// Words of a name stand one blank apart: a run of blanks is a form's or a log's next column
// ("Signed: S. Petrenko   Date: …").
const RUN = new RegExp(
  String.raw`(?=[A-Z\u00c0-\u00de\u0100-\u024f])(?<![${CASED}\p{M}\p{N}_.’/]|[\p{L}\p{M}\p{N}_.+-][@']|[\p{L}\p{M}]-)(?:${WORD_PATTERN})(?:[ \t](?:(?:${PARTICLES})[ \t])*(?:${WORD_PATTERN}))*`,
  "gu",
);
const PIECE = new RegExp(String.raw`${WORD_PATTERN}|(?:${PARTICLES})(?=[ \t])`, "gu");
// "@maria.gonzalez", "@JamesWhitaker", "@priya-raman": a small-letter run ends where a separator
// or a capital starts, so each part matches one way.
const MENTION = /(?<![\p{L}\p{N}_.+-])@([A-Za-z][a-z]+)(?:[._-]([A-Za-z][a-z]+)|([A-Z][a-z]+))(?![\p{L}\p{N}_])/gu;
// Airline and booking systems: "CHEN/WEI MR".
const BOOKING_NAME = /(?<![A-Za-z/])([A-Z]{2,20})\/([A-Z]{2,20})(?: (?:MR|MRS|MS|MISS|MSTR|DR)| ?(?:先生|女士|小姐))?(?![A-Za-z/])/g;
// Particles a booking's surname may start with ("VAN DER BERG/HENDRIK"), read back from the slash's surname.
const BOOKING_PARTICLES = /(?:^|[^A-Za-z])((?:(?:VAN|VON|DE|DER|DEN|DA|DI|DEL|DELLA|DU|DOS|DAS|LA|LE|TER|TEN|AL|EL|BIN|IBN) ){1,2})$/;

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
  // "Jürgen", "Gráinne", "Bartłomiej": lists often spell a name without its accents.
  if (direct === 0 && hasNonAscii(word)) {
    const plain = foldAccents(word);
    if (plain !== word) {
      const folded = classify(plain);
      if (folded & NAME) return folded;
    }
  }
  let name = 0;
  const plain = word.replace(/['’]/g, "");
  if (plain !== word) name = wordClass(plain) | wordClass(word.replace(/^[od]['’]/, ""));
  else if (/^ma?c./.test(word)) name = wordClass(word.replace(/^ma?c/, ""));
  if (name & NAME) return LAST | (direct & ~NAME);
  if (word.includes("-")) {
    const parts = word.split("-").filter((p) => p !== "al" && p !== "el" && p !== "ben" && p !== "abu");
    let all = NAME;
    let names = 0;
    let unknown = 0;
    for (const p of parts) {
      const c = wordClass(p);
      all &= c & NAME ? c : 0;
      if (c & NAME && !(c & (COMMON | FAMILIAR | WORD | COMPANY))) names++;
      else if (c === 0) unknown++;
    }
    if (parts.length > 0 && all & NAME) return all & NAME;
    // A double-barrelled surname with one part no list knows ("Haverford-Ames", "Nnamdi-Ugwu").
    if (names > 0 && names + unknown === parts.length) return LAST;
  }
  // "Passphrase", "Checkout", "Workspace": two common words written as one are a compound, not a rare name.
  if (direct === 0 && word.length >= 8 && isCompound(word)) return WORD;
  return direct;
}

function isCompound(word: string): boolean {
  for (let cut = 4; cut <= word.length - 4; cut++) {
    if (wordClass(word.slice(0, cut)) & COMMON && wordClass(word.slice(cut)) & COMMON) return true;
  }
  return false;
}

function hasNonAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 127) return true;
  return false;
}

// Letters that no canonical decomposition takes apart.
const UNDECOMPOSED: Readonly<Record<string, string>> = { "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d" };
const MARKS = /\p{M}/gu;
const UNDECOMPOSED_LETTER = /[łøđßæœıþð]/g;

/** A lower-case word without its accents ("jürgen" → "jurgen", "bartłomiej" → "bartlomiej"). */
function foldAccents(word: string): string {
  return word.normalize("NFD").replace(MARKS, "").replace(UNDECOMPOSED_LETTER, (c) => UNDECOMPOSED[c]);
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
  "ping", "pinging", "pinged", "asked", "told", "remind", "per", "call", "email", "text", "message", "meet", "invite",
  "notify", "inform", "neighbour", "neighbor", "friend", "boss", "partner",
  "wife", "husband", "daughter", "son", "mother", "father", "mum", "mom", "dad", "brother", "sister", "cousin", "aunt",
  "uncle", "niece", "nephew", "grandson", "granddaughter", "grandmother", "grandfather", "fiance", "fiancee",
  // Roles written before a name ("Cardholder Kwabena Asante", "Driver Mehmet", "Tenant Ana Ruiz").
  "cardholder", "accountholder", "holder", "driver", "rider", "dispatcher", "tenant", "landlord", "guest", "applicant",
  "candidate", "beneficiary", "payee", "payer", "caller", "technician", "engineer", "advisor", "adviser", "officer",
  "manager", "supervisor", "nurse", "doctor", "dr", "teacher", "student", "recipient", "sender", "witness", "guarantor",
  "borrower", "cosigner", "merchant", "seller", "buyer", "reviewer", "approver", "assignee", "reporter", "requester",
]);
// Verbs that follow a person ("Priya Raman called"); "is" and "has" follow products as often.
const RIGHT_WORDS = new Set([
  "said", "says", "told", "called", "calls", "phoned", "rang", "emailed", "wrote", "asked", "asks", "wants",
  "wanted", "reported", "reports", "complained", "confirmed", "agreed", "refused", "signed", "replied",
  "mentioned", "needs", "cannot", "can't", "won't", "didn't", "doesn't", "who", "approved", "closed", "opened",
  "requested", "accepted", "thinks", "knows", "prefers", "paid", "ordered", "received", "rang", "acked", "joined",
  "promised", "noticed", "booked", "forwarded", "set", "owns", "handled", "handles", "raised", "explained", "suggested",
  "helped", "gave", "took",
]);
// Words that follow a person as often as a product ("Vikram will", "Consola will"): weak context only.
const AUX_AFTER = new Set(["will", "was", "had", "just", "has", "fixed", "merged", "pushed", "shared", "sent", "left"]);
const GREETINGS = /(?:^|[^\p{L}])(?:hi|hello|hey|dear|thanks|thank you|thx|cheers|welcome|congrats|congratulations|morning|bye|happy birthday|(?:congrats|congratulations|thanks|kudos|shout-?out) to)[,!]?[ \t]+$/iu;
const CLOSINGS = /(?:best|thanks|thank you|regards|best regards|kind regards|warm regards|many thanks|cheers|sincerely|yours|thx|br|signed|以上|谢谢)[,，!！]?[ \t]*$/i;

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

/**
 * "Refund approved. - Fiona Gallagher": a dash at the start of a line or after a sentence, and the
 * name ends the line or a comma follows it ("— Jane Doe, CTO"); "- Built-in support" is a list item.
 */
function afterSentenceDash(text: string, start: number, end: number): boolean {
  if (!endsLine(text, end) && text.charCodeAt(end) !== 44) return false;
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

/** Whether only blanks and a full stop or "!" stand between `end` and the end of its line. */
function endsLine(text: string, end: number): boolean {
  let i = end;
  if (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 33) i++;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i >= text.length || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
}

/** "… the buzzer is broken – Gwen": a dash and a name that ends the line. */
function signsOffLine(text: string, start: number, end: number): boolean {
  let i = start - 1;
  if (!isBlank(text.charCodeAt(i))) return false;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i > 0 && isDash(text.charCodeAt(i)) && text.charCodeAt(i - 1) === 45) i--; // "-- Gwen", as code comments sign
  return i > 0 && isDash(text.charCodeAt(i)) && isBlank(text.charCodeAt(i - 1)) && endsLine(text, end);
}

/**
 * A signature: the name alone at the start of a line, after a line that ends "Best," or "Thanks,"
 * (or after "/s/"); after a dash that starts a line or follows a sentence; or a dash and a name
 * ending the line.
 */
function isSignature(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return false;
  if (i >= 2 && text.charCodeAt(i) === 47 && text.charCodeAt(i - 1) === 115 && text.charCodeAt(i - 2) === 47) i -= 3; // "/s/"
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return false;
  if (text.charCodeAt(i) !== 10) return afterSentenceDash(text, start, end) || signsOffLine(text, start, end);
  let ls = i + 1;
  let previousStart = lineStart(text, ls - 1);
  if (previousStart < 0) return false;
  // One blank line may stand between the closing and the name ("Warm regards,\n\nHope Achterberg").
  if (/^[ \t]*$/.test(text.slice(previousStart, ls - 1)) && previousStart > 0) {
    ls = previousStart;
    previousStart = lineStart(text, ls - 1);
    if (previousStart < 0) return false;
  }
  const previous = text.slice(previousStart, ls - 1);
  return CLOSINGS.test(previous) || /^[ \t]*[-–—]{1,2}[ \t]*$/.test(previous);
}

/** Context points: a label or an e-mail display name vouch most, greetings and signatures next, verbs least. */
function contextScore(text: string, start: number, end: number, labelled: boolean, possessive: boolean): number {
  return strongContext(text, start, end, labelled) + weakContext(text, start, end, possessive);
}

/** What the layout around a name says: a label, an e-mail display name, a signature, a chat speaker, a greeting, an author stamp. */
function strongContext(text: string, start: number, end: number, labelled: boolean): number {
  let strong = labelled ? 0.35 : 0;
  if (strong === 0 && isDisplayName(text, end)) strong = 0.35;
  if (strong === 0 && isSignature(text, start, end)) strong = 0.35;
  if (strong === 0 && isSpeaker(text, start, end)) strong = 0.3;
  if (strong === 0 && isListSpeaker(text, start, end)) strong = 0.2;
  if (strong === 0 && GREETINGS.test(text.slice(Math.max(0, start - 20), start))) strong = 0.3;
  // A message's or a commit's author: "Leila Farahani 09:13", "a3f9c21 Ngozi Okafor 3 days ago".
  if (strong === 0 && isBlank(text.charCodeAt(end)) && AUTHOR_STAMP.test(text.slice(end, end + 24))) strong = 0.3;
  // "under my wife's name, Aoife Gallagher", "booked in the name Ravi Menon".
  if (strong === 0 && NAME_BEFORE.test(text.slice(Math.max(0, start - 8), start))) strong = 0.3;
  return strong;
}

/** What the words around a name say: a word people follow, a verb people do, an address, a pronoun. */
function weakContext(text: string, start: number, end: number, possessive: boolean): number {
  let weak = 0;
  if (LEFT_WORDS.has(wordBefore(text, start)) || hanBefore(text, start)) weak += 0.1;
  const next = wordAfter(text, end);
  if (possessive || RIGHT_WORDS.has(next) || AUX_AFTER.has(next) || /^:[ \t]/.test(text.slice(end, end + 2)) || hanAfter(text, end) || matchesAt(DOES_NEXT, text, end)) weak += 0.1;
  weak += vocative(text, start, end);
  if (matchesAt(PRONOUN_AFTER, text, end)) weak += 0.1;
  return weak;
}

// "Svenja to automate…", "Farida and I will…": what a person does next.
// "Parisa is checking…", "Ji-yeon is covering…": a person doing something now.
const DOES_NEXT = /[ \t]+(?:to [a-z]{2,}|and (?:I|me)\b|(?:is|was|are|were) [a-z]{2,}ing\b)/y;
// "Ondřej could not reproduce", "Xiomara can't make the demo": a modal and a verb.
const MODAL_NEXT = /[ \t]+(?:will|would|could|can|can['’]t|cannot|couldn['’]t|won['’]t|should|must|might|already|just|also|still|never) (?:not |n['’]t )?[a-z]{2,}/y;
// "…Siddiqui about the renewal? He promised…", "Bogdan — his father": a person's pronoun in the
// rest of the sentence or opening the next one.
const PRONOUN_AFTER = /[^.!?\n]{0,40}?[^\p{L}](?:[Ss]he|[Hh]e|[Hh]is|[Hh]er|[Hh]im)(?!\p{L})|[^.!?\n]{0,40}[.!?][ \t]+(?:[Ss]he|[Hh]e|[Hh]is|[Hh]er)(?!\p{L})/uy;
// "Kemi, can you…", "…in chat, Emeka.": the person spoken to.
const VOCATIVE_NEXT = /,[ \t]+(?:can|could|would|will|please|pls|thanks|thank|are|did|do|have|you|I|we)\b/y;

/** Whether sticky `pattern` matches at `at`: no slice of the text is made. */
function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** "Kemi, can you…" (0.1), "Sorry for the delay, Mwangi." (0.2: a name closing a sentence after a comma). */
function vocative(text: string, start: number, end: number): number {
  if (matchesAt(VOCATIVE_NEXT, text, end)) return 0.1;
  if (text.charCodeAt(start - 2) !== 44 || !isBlank(text.charCodeAt(start - 1))) return 0;
  const c = text.charCodeAt(end);
  return c === 46 || c === 33 || c === 63 || end === text.length || c === 10 ? 0.2 : 0;
}

const TRANSCRIPT_ROLES = new Set(["agent", "advisor", "adviser", "rep", "operator", "specialist", "support", "caller", "customer", "client", "bot", "assistant", "user", "host", "moderator", "associate", "csr", "staff"]);
const SPEAKER_ROLE = /[ \t]*\([A-Za-z][^()\d\n]{0,23}\)[ \t]*:/y;
// "Agent (Rosa):", "[10:02] Support (Imre):": a role, then the speaker's name in parentheses.
const ROLE_OPENER = /^[ \t]*(?:(?:\[[^\]\n]{1,28}\]|[0-2]?\d:[0-5]\d(?::[0-5]\d)?)[ \t]*)?[A-Za-z][A-Za-z ]{1,23}\($/;

/**
 * A chat line's speaker: the name opens the line and a colon follows it, after a timestamp ("[14:02]
 * Lena: …", "09:41 Lena: …") or before a role in parentheses ("Lena (Support): …"). A bare "Word:"
 * at a line's start is a field's label as often ("Fax:", "Subject:").
 */
function isSpeaker(text: string, start: number, end: number): boolean {
  // "Rep (Hope):": a transcript's role before the name in parentheses is never the speaker's name.
  if (text.charCodeAt(end) === 32 && text.charCodeAt(end + 1) === 40 && TRANSCRIPT_ROLES.has(text.slice(start, end).toLowerCase())) return false;
  // "Advisor (Tobiah):": a word no list knows before a name in parentheses is the role, not the speaker.
  if (text.charCodeAt(end) === 32 && text.charCodeAt(end + 1) === 40 && isCleanClass(wordClass(wordAfterParenthesis(text, end + 2))) && wordClass(text.slice(start, end).toLowerCase()) === 0) return false;
  if (text.charCodeAt(start - 1) === 40 && text.charCodeAt(end) === 41 && text.charCodeAt(end + 1) === 58) {
    const ls = lineStart(text, start);
    // The word before the parenthesis is a role ("Agent", "Support"), not itself a name ("Lena (Admin):").
    return ls >= 0 && ROLE_OPENER.test(text.slice(ls, start)) && !isCleanClass(wordClass(lastWordBefore(text, start - 1)));
  }
  const role = matchesAt(SPEAKER_ROLE, text, end);
  if (!role && !(text.charCodeAt(end) === 58 && isBlank(text.charCodeAt(end + 1)))) return false;
  const ls = lineStart(text, start);
  if (ls < 0) return false;
  return (role ? LINE_OPENER : TIMESTAMP_OPENER).test(text.slice(ls, start));
}

/** The lower-cased letters before the blanks before `at`. */
function lastWordBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && isBlank(text.charCodeAt(i - 1))) i--;
  const end = i;
  while (i > 0 && end - i < 24 && isAsciiLetter(text.charCodeAt(i - 1))) i--;
  return text.slice(i, end).toLowerCase();
}

/** The lower-cased letters right after `at`, up to a closing parenthesis (else ""). */
function wordAfterParenthesis(text: string, at: number): string {
  let i = at;
  while (i - at < 24 && isAsciiLetter(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 41 ? text.slice(at, i).toLowerCase() : "";
}

/**
 * "- Oksana: flaky test…", "* Ravi: nothing blocking": a list item opened by a name and a colon, as
 * stand-up and meeting notes write who said or does what. Weaker than a chat speaker: "- Status:"
 * opens list items as often, so only a word a name list knows gets this.
 */
function isListSpeaker(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 58 || !isBlank(text.charCodeAt(end + 1))) return false;
  const ls = lineStart(text, start);
  if (ls < 0) return false;
  if (BULLET_OPENER.test(text.slice(ls, start))) return true;
  // "Ahmed: did the payout go through?\nClaire: yes": a chat without timestamps, two lines or more
  // opened by a capitalised word and a colon, of which at least two differ.
  return ls === start && /^\p{Lu}\p{Ll}{1,20}$/u.test(text.slice(start, end)) && chatLinesOf(text) >= 2;
}

const CHAT_LINE = /(?:^|\n)(\p{Lu}\p{Ll}{1,20}): /gu;
let chatOf = { text: "", lines: 0 };

/** How many different capitalised words open a line before ": " in `text`, counting to two; once per text. */
function chatLinesOf(text: string): number {
  if (chatOf.text === text) return chatOf.lines;
  CHAT_LINE.lastIndex = 0;
  let first = "";
  let lines = 0;
  for (let m = CHAT_LINE.exec(text); m && lines < 2; m = CHAT_LINE.exec(text)) {
    // "Subject:", "Status:", "Date:" open a form's or a header's lines: only a name's word counts.
    const c = wordClass(m[1].toLowerCase());
    if (c & (COMMON | FAMILIAR | WORD | COMPANY) || !(c & (FIRST | OTHER_NAME))) continue;
    if (lines === 0) {
      first = m[1];
      lines = 1;
    } else if (m[1] !== first) lines = 2;
  }
  chatOf = { text, lines };
  return lines;
}

const BULLET_OPENER = /^[ \t]*[-*•][ \t]+$/;
const LINE_OPENER = /^[ \t]*(?:(?:\[[^\]\n]{1,28}\]|[0-2]?\d:[0-5]\d(?::[0-5]\d)?|[-*>•])[ \t]*)?$/;
const TIMESTAMP_OPENER = /^[ \t]*(?:\[[^\]\n]{1,28}\]|[0-2]?\d:[0-5]\d(?::[0-5]\d)?)[ \t]*$/;

const POSSESSED = /[ \t]+[a-z]{3,}/y;
const OWN_NOT_NOUNS = new Set(["and", "or", "but", "the", "are", "were", "has", "had", "was", "will", "with", "for"]);

// Nouns named after people, not people: "Dijkstra's algorithm", "Bayes theorem", "Parkinson disease".
const EPONYM_NOUNS = new Set([
  "algorithm", "algorithms", "theorem", "law", "lemma", "conjecture", "equation", "equations", "constant", "principle",
  "distance", "filter", "method", "transform", "test", "disease", "syndrome", "scale", "number", "numbers", "paradox",
  "rule", "razor", "curve", "effect", "index", "formula", "coefficient", "function", "inequality", "problem", "prize",
]);

/** "Math.random", "Ed25519", "Axe_core": a word glued to what follows is part of an identifier. */
function inIdentifier(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if ((c >= 48 && c <= 57) || c === 95) return true;
  if (c !== 46) return false;
  const d = text.charCodeAt(end + 1);
  return (d >= 97 && d <= 122) || (d >= 65 && d <= 90);
}

// "C:\Windows\Temp", "/opt/Grace/bin": a folder's name, unless it is a home folder's ("C:\Users\Grace").
const HOME_FOLDER = /(?:^|[\\/])(?:users|home)[\\/]$/i;

function inPath(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  if (c !== 92 && c !== 47) return false;
  return !HOME_FOLDER.test(text.slice(Math.max(0, start - 7), start));
}

// Nouns that make a place, a building or an event of the name before them: "Phillip Street",
// "Pearl Street Mall", "Hoover Dam", "Lincoln High School", "St. Patrick's Day".
const PLACE_NOUNS = new Set([
  "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive", "square", "sq", "plaza", "mall",
  "place", "terrace", "crescent", "quay", "wharf", "pier", "bridge", "dam", "bay", "county", "district", "school",
  "high", "college", "university", "academy", "airport", "station", "stadium", "arena", "hospital", "clinic",
  "cathedral", "church", "museum", "gallery", "centre", "center", "tower", "building", "hotel", "motel", "inn",
  "gardens", "canyon", "falls", "island", "islands", "river", "valley", "beach", "peninsula", "day", "room", "hall",
  "auditorium", "theatre", "theater", "park", "cluster", "foundation", "institute", "award", "awards", "prize",
]);
// Words that make a place, a storm or a thing of the name after them: "Lake Victoria", "Hurricane Helene".
const PLACE_OPENERS = new Set([
  "lake", "mount", "mt", "fort", "port", "cape", "hurricane", "storm", "typhoon", "cyclone", "operation", "project",
  "codename", "planet", "uss", "hms", "camp", "glacier",
  // Hotels and the streets of Portuguese-, Spanish-, French- and Italian-speaking addresses.
  "hotel", "hostel", "rua", "avenida", "av", "calle", "carrera", "rue", "via", "viale", "piazza", "praça", "plaza", "largo", "travessa", "jalan", "jl",
]);

/** Whether the span names a place, a building, an event or a storm by the word before, in or after it. */
function namesPlace(text: string, span: Piece[], start: number, last: Piece): boolean {
  if (PLACE_OPENERS.has(wordBefore(text, start)) || (span.length > 1 && PLACE_OPENERS.has(span[0].lower))) return true;
  // "Lincoln High School": the capitalised noun after the span ("Priya's room" is a person's).
  if (!last.possessive && isCapital(text.charCodeAt(last.end + 1)) && PLACE_NOUNS.has(wordAfter(text, last.end))) return true;
  if (span.length < 2 || !PLACE_NOUNS.has(last.lower)) return false;
  // "Grace Hall", "Jae-won Park", "Doris Day": a surname that is also such a noun.
  return span.length > 2 || span[0].possessive || !SURNAME_NOUNS.has(last.lower) || PLACE_PREPOSITIONS.has(wordBefore(text, start));
}

const isCapital = (c: number) => c >= 65 && c <= 90;

// Place nouns that are also surnames: a place only with a preposition of place before ("on Phillip
// Street"), a possessive ("St. Patrick's Day") or a third word.
const SURNAME_NOUNS = new Set([
  "hall", "park", "day", "lane", "bay", "bridge", "church", "street", "place", "high", "tower", "beach", "river", "inn",
  "drive", "terrace", "valley", "island", "gallery", "falls", "station", "prize", "rivers", "towers",
]);

// "on Phillip Street", "at Martin Place": a place after a preposition of place.
const PLACE_PREPOSITIONS = new Set(["on", "onto", "at", "in", "into", "near", "via", "along", "off", "opposite", "outside", "inside", "behind", "past", "toward", "towards"]);

// "Marion, Ohio", "Florence, Italy": a town and its state or country.

function regionAfter(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 44) return false;
  // Read by hand: this runs after every name a comma follows, as in long lists of names.
  let i = end + 1;
  if (isBlank(text.charCodeAt(i))) i++;
  if (!isCapital(text.charCodeAt(i))) return false;
  const from = i;
  while (i - from < 24 && isAsciiLetter(text.charCodeAt(i)) && text.charCodeAt(i) !== 39) i++;
  if (i - from < 3 || isAsciiLetter(text.charCodeAt(i))) return false;
  const lower = text.slice(from, i).toLowerCase();
  if (STATES.has(lower)) return true;
  const region = wordClass(lower);
  return (region & PLACE) !== 0 && !(region & FIRST);
}

// One-word states, provinces and regions that towns are written with ("Perry, Florida", "Tyler, Texas").
const STATES = new Set([
  "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
  "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland",
  "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio",
  "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "washington",
  "wisconsin", "wyoming", "ontario", "quebec", "alberta", "manitoba", "saskatchewan", "queensland",
  "tasmania", "bavaria", "catalonia", "andalusia", "tuscany", "lombardy", "scotland", "wales", "england",
]);

// "Ernst & Young", "Procter & Gamble": a firm of a name and a word joined by "&".
const FIRM_AFTER = /[ \t]*&[ \t]*(\p{Lu}[\p{L}'’]+)/uy;

function firmBefore(text: string, end: number): boolean {
  let i = end;
  while (isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 38) return false;
  FIRM_AFTER.lastIndex = end;
  const m = FIRM_AFTER.exec(text);
  if (m === null) return false;
  const partner = wordClass(m[1].toLowerCase().replace(/['’]s$/, ""));
  // A given name after "&" is a second person ("Anna & Priya"); a surname or a common word makes a firm.
  if (!(partner & (COMMON | WORD | COMPANY)) || isCleanClass(partner)) return false;
  return !(partner & FIRST) || (partner & COMMON) !== 0;
}

/** "Ben & Jerry's": a brand of two names joined by "&", read as one phrase. */
function ampersandBrand(text: string, start: number, lower: string): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 38) return false;
  const m = /(\p{L}+)[ \t]*&[ \t]*$/u.exec(text.slice(Math.max(0, start - 24), start));
  return m !== null && isNotPerson(`${m[1].toLowerCase()} ${lower}`);
}

/** "请联系 Anna Smith", "由 Bram Moolenaar": a Chinese person word before the name, a blank or none between. */
function hanBefore(text: string, start: number): boolean {
  let i = start - 1;
  if (isBlank(text.charCodeAt(i))) i--;
  return isHan(text.charCodeAt(i)) && personBefore(text, i + 1);
}

/** "Zhang Wei 反馈": a Chinese verb people do after the name. */
function hanAfter(text: string, end: number): boolean {
  const i = isBlank(text.charCodeAt(end)) ? end + 1 : end;
  return isHan(text.charCodeAt(i)) && personAfter(text, i);
}

/** A name that is no English word, company, or place ("Priyanka", not "Will", "Austin" or "Okta"). */
const isCleanClass = (classes: number) => (classes & NAME) !== 0 && (classes & (COMMON | FAMILIAR | WORD | COMPANY | PLACE)) === 0;
const isCleanName = (p: Piece) => isCleanClass(p.classes);
const isGivenName = (p: Piece) => (p.classes & (FIRST | OTHER_NAME)) === FIRST;

/** How likely one capitalised word is a person's name before context: 0 when it cannot be one. */
function wordScore(p: Piece): number {
  if (!(p.classes & NAME)) return 0;
  if (p.classes & (COMMON | FAMILIAR)) return p.classes & FIRST ? 0.1 : 0.05;
  if (p.classes & COMPANY) return 0.05;
  if (p.classes & PLACE) return 0.15;
  if (!isCleanName(p)) return p.classes & FIRST ? 0.2 : 0.1;
  if (p.classes & OTHER_NAME) return 0.3;
  return p.classes & FIRST ? 0.3 : 0.2;
}

/** How name-like a phrase of name pieces is, before context: 0 when it cannot be a name. */
function phraseScore(pieces: Piece[], labelled: boolean): number {
  const words = pieces.filter((p) => !(p.classes & PARTICLE));
  const first = words[0];
  const last = words[words.length - 1];
  // After "de", "van der" or "da" comes a surname, however rare or however much a word ("de Vries", "de Wit").
  if (pieces.length > 2 && pieces[pieces.length - 2].classes & PARTICLE && !(last.classes & INITIAL)) last.classes = LAST;
  if (words.length === 1) return wordScore(first);
  // "U.S. Bank", "U.K. Office": glued initials before a common word, a place, or a firm's word that is
  // no surname are an abbreviation ("A.K. Menon", "J.R. Smith" are names).
  if (first.classes & INITIAL && first.end - first.start > 2 && (last.classes & (COMMON | PLACE) || (last.classes & (COMPANY | FAMILIAR | WORD) && !(last.classes & LAST)))) return 0;
  // A word inside the phrase ("Payments Staging Order") makes it a title, not a name.
  for (let i = 1; i < words.length - 1; i++) if (isWord(words[i])) return 0;
  const nameOrUnknown = (w: Piece) => isUnknown(w) || (w.classes & (NAME | INITIAL)) !== 0;
  const plainName = (w: Piece) => (w.classes & NAME) !== 0 && !(w.classes & (COMMON | FAMILIAR));
  let score: number;
  if (first.classes & (FIRST | INITIAL) && last.classes & LAST) score = 0.55;
  else if (words.length === 2 && pinyinPair(first, last)) score = 0.5;
  // Either order ("Kovács Eszter", "Sato Haruto"); names that are nothing else as sure as first-last.
  else if (first.classes & NAME && last.classes & NAME) score = isCleanName(first) && isCleanName(last) ? 0.5 : 0.45;
  // Known names and words no list knows ("Trần Minh Khoa", "Ottavia Brambilla"); a known name must
  // not also be an ordinary word ("Vercel Edge").
  else if (words.every(nameOrUnknown) && words.some(plainName) && !(first.classes & INITIAL)) score = 0.4;
  // A given name that is also a word before a surname no list knows ("Hope Achterberg", "Faith Oyelaran").
  else if (words.length === 2 && isGivenName(first) && isUnknown(last)) score = 0.4;
  else if (labelled && words.every(nameOrUnknown)) score = 0.3;
  else return 0;
  // Names that are also words ("Will", "Brown", "Pro") need more context the commoner the word,
  // less before a surname that is no word ("Will Bradshaw", "Grace Nakato").
  // "Grace Chen", "Faith Nakamura": before a surname that is nothing else, a given name that is also a
  // word is as sure as any ("Grace Period", "Crystal Palace" end in words).
  // Not a compound of words ("On-call"); a double-barrelled surname is one ("Mbeki-Thompson").
  const cleanLast = words.length === 2 && last.classes & LAST && isCleanClass(last.classes) && !(last.lower.includes("-") && last.lower.split("-").every((part) => wordClass(part) & (COMMON | FAMILIAR)));
  if (first.classes & COMMON) score -= isGivenName(first) && cleanLast ? 0.05 : isGivenName(first) && (isCleanClass(last.classes) || isUnknown(last)) ? 0.1 : 0.2;
  else if (first.classes & FAMILIAR) score -= isGivenName(first) && cleanLast ? 0.05 : 0.1;
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
// Also German's polite pronouns, which open many a sentence of a support mail ("Sie den Betrag").
const OPENERS = new Set(["hi", "hey", "hello", "dear", "thanks", "thank", "cheers", "regards", "best", "welcome", "congrats", "ok", "okay", "yes", "no", "please", "sorry", "per", "i'm", "i've", "i'll", "i'd", "sie", "ihr", "ihre", "ihnen"]);

/** The name inside a run: from the first name-like word to the last, or null. */
function trim(text: string, pieces: Piece[]): Piece[] | null {
  let a = 0;
  let b = pieces.length - 1;
  // "Pinged Sven", "Tell Bronwen": a word people come after opens the run, not the name (unless it
  // is a name and no common word: "Son Heung-min").
  while (a <= b && (!keepable(pieces[a]) || OPENERS.has(pieces[a].lower) || (a < b && LEFT_WORDS.has(pieces[a].lower) && (!(pieces[a].classes & NAME) || pieces[a].classes & COMMON)))) a++;
  // "Can I take…": the pronoun "I" ends no name.
  while (b >= a && (!keepable(pieces[b]) || pieces[b].lower === "i")) b--;
  // "Piotr Zieliński PL28 1140…": capitals glued to digits are a code (an IBAN, a flight) after the name.
  if (b > a && isDigitCode(text, pieces[b].end) && isCapitalsOnly(text, pieces[b]) && !isCapitalsOnly(text, pieces[a])) b--;
  // "Konto von Ana Martínez": a particle before a full name of its own (a given name, then more) is a
  // preposition, and the name starts after it; "Tjitske van der Berg" keeps hers.
  for (let k = b - 1; k > a; k--) {
    if (pieces[k].classes & PARTICLE && !(pieces[k - 1].classes & (NAME | INITIAL | PARTICLE)) && b - k >= 2 && isGivenName(pieces[k + 1])) {
      a = k + 1;
      break;
    }
  }
  if (a > b) return null;
  return pieces.slice(a, b + 1);
}

const notParticle = (p: Piece) => !(p.classes & PARTICLE);
const isCapitalsOnly = (text: string, p: Piece) => {
  const word = text.slice(p.start, p.end);
  return word.length > 1 && word === word.toUpperCase();
};
const isDigitCode = (text: string, end: number) => {
  const c = text.charCodeAt(end);
  return c >= 48 && c <= 57;
};

/**
 * Whether a one-word run can be no name: an acronym ("ORD", "USD"), or a word no list knows that
 * nothing spells another way ("O'Brien", "McDonald", "Al-Rashid"), no ", First" follows, and that
 * stands where no name must (after a person label, as a chat line's speaker).
 */
function plainlyNoName(text: string, word: string, start: number, known: Set<string>): boolean {
  const second = word.charCodeAt(1);
  const end = start + word.length;
  // Capitals are an acronym ("ORD", "USD") except after a name-part label: passports and booking
  // records write "Surname: HALVORSEN".
  // "HOLLOWAY, JAMES T": a surname in capitals before a comma and a given name in capitals is read on.
  // After any person label, a name no list reads as a word is one too (`given="ZAHRA"`, "Agent: OKAFOR").
  if (second >= 65 && second <= 90) {
    const label = personLabel(text, start);
    if (label === NAME_LABEL || CAPITALS_AFTER_COMMA.test(text.slice(end, end + 4))) return false;
    const classes = wordClass(word.toLowerCase());
    return label === NO_LABEL || word.length < 3 || !isCleanClass(classes) || (classes & OTHER_NAME) !== 0;
  }
  if (text.charCodeAt(end) === 44) return false;
  const lower = word.toLowerCase();
  if (wordClass(lower) & NAME || known.has(lower)) return false;
  if (hasNonAscii(lower) && classify(lower) & NAME) return false;
  if (word.includes("'") || word.includes("’") || word.includes("-") || lower.startsWith("mc") || lower.startsWith("mac")) return false;
  if (wordClass(lower) !== 0 || word.length < 3) return true;
  const next = text.charCodeAt(end);
  if ((next === 58 || next === 32) && (personLabel(text, start) !== NO_LABEL || isSpeaker(text, start, end))) return false;
  return !isSignature(text, start, end) && !personSlot(text, start, end);
}

const CAPITALS_AFTER_COMMA = /^, [A-Z]{2}/;
const MAX_RUN = 80;

interface Accepted {
  end: number;
  labelled: boolean;
}

/** Names a cue has not found (`cued`) scored at least `minScore`. */
export function detectUncuedEnglishPersons(text: string, minScore: number, cued: CuedLengths, out: FindingSink): void {
  const known = new Set<string>();
  // Names a cue or a table found are known too: "this is Marisol" makes the next "Marisol" a name.
  if (cued !== null) for (const f of out) if (f.type === "PERSON" && f.score >= 0.6) for (const w of f.text.split(/[ \t]+/)) if (w.length > 1) known.add(w.toLowerCase());
  let previous: Accepted | null = null;
  let pending: Pending[] | null = null;
  let surnames: Set<string> | null = null;
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
    if (single && plainlyNoName(text, run, m.index, known)) continue;
    const pieces: Piece[] = [];
    if (single) pieces.push(piece(m.index, run));
    else {
      PIECE.lastIndex = 0;
      for (let p = PIECE.exec(run); p; p = PIECE.exec(run)) pieces.push(piece(m.index + p.index, p[0]));
    }
    // Forms write names in capitals ("CARDHOLDER: JOHN SMITH"): after a label, read them as words;
    // so do payment and booking records without one ("from WANJIRU KAMAU"), when every word is a name.
    if (pieces.some(isAcronym)) {
      // "HOLLOWAY, JAMES T": a surname in capitals, a comma, the given name in capitals.
      if (pieces.length === 1 && text.charCodeAt(pieces[0].end) === 44) {
        const end = lastFirst(text, pieces[0], personLabel(text, m.index) !== NO_LABEL, minScore, out);
        if (end > 0) {
          RUN.lastIndex = end;
          continue;
        }
      }
      readCapitals(text, m.index, pieces);
    }
    const span = trim(text, pieces);
    if (!span || (cued !== null && cued[span[0].start] > 0)) continue;
    const start = span[0].start;
    const last = span[span.length - 1];
    if (inPath(text, start)) continue;
    const label = personLabel(text, start);
    const labelled: boolean = label !== NO_LABEL || (previous !== null && previous.labelled && continuesList(text, previous.end, start));
    // A single word right before ", First" is more likely "Last, First" than a lone name.
    const words = span.length === 1 ? span : span.filter(notParticle);
    if (words.length === 1) {
      const end = lastFirst(text, words[0], labelled, minScore, out);
      if (end > 0) {
        // The list a label opened goes on after it ("Attendees: Priyanka, Tomás, Wei, Grace").
        previous = { end, labelled };
        RUN.lastIndex = end;
        continue;
      }
    }
    let score = phraseScore(span, labelled);
    if (words.every(isKnown)) score = Math.max(score, 0.5);
    // A word no list knows is a name where only a name can stand: "[09:14] Ayumi (Billing):", "assignee: Okonkwo".
    // "Congrats to Nattapong Srisuk": a full name no list knows, where only a person can stand.
    if (score === 0 && words.length > 1 && words.length <= 3 && words.every(isUnknown)) {
      if (personSlot(text, start, last.end) || GREETINGS.test(text.slice(Math.max(0, start - 20), start))) score = minScore;
      // Or listed next to a name that is sure: "Nattapong Srisuk and Kanokwan Boonmee".
      else (pending ??= []).push({ start, end: last.end, words: words.map((w) => w.lower), score: minScore - 0.1 });
    }
    if (score === 0 && words.length === 1 && isUnknown(words[0]) && words[0].end - words[0].start >= 3) {
      if (labelled || isDisplayName(text, last.end) || isSpeaker(text, start, last.end) || isSignature(text, start, last.end)) score = 0.2;
      else if (personSlot(text, start, last.end)) {
        addFinding(out, text, "PERSON", start, last.end, minScore, "person-en-slot");
        accepted.push(start, last.end);
        previous = { end: last.end, labelled };
        RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
        continue;
      }
      // Perhaps found in a full name further on ("Sato Haruto … Haruto to confirm").
      else (pending ??= []).push({ start, end: last.end, words: [words[0].lower], score: 0 });
    }
    const familyOf = words.length === 2 && isUnknown(words[0]) && words[0].end - words[0].start >= 3 && (words[1].classes & LAST) !== 0 && isCleanName(words[1]);
    if (score <= 0 && familyOf && !isNotPerson(phraseOf(span))) (pending ??= []).push({ start, end: last.end, words: words.map((w) => w.lower), score: 0, unknownFirst: true });
    if (score <= 0 || (span.length > 1 && isNotPerson(phraseOf(span)))) continue;
    if (EPONYM_NOUNS.has(wordAfter(text, last.end + (last.possessive ? 2 : 0))) || ampersandBrand(text, start, span[0].lower) || inIdentifier(text, last.end)) continue;
    score += contextScore(text, start, last.end, labelled, last.possessive);
    // "Billing Department", "Jenkins Pipeline": a name-like word that only qualifies the word after it.
    if (span[span.length - 1] !== pieces[pieces.length - 1] && isWord(pieces[pieces.indexOf(last) + 1])) score -= 0.1;
    // "surname": "Chowdhury", given_name=Hauwa: a name's part by position.
    if (label === NAME_LABEL && !words.every(isWord)) score = Math.max(score, 0.7);
    if (words.length === 1 && score < minScore && isCleanName(words[0])) score += loneNameContext(text, start, last);
    if (score < minScore) {
      // Found with more confidence elsewhere in the text, before or after: the same person.
      const among = words.length === 1 && span.length === 1 && isGivenName(words[0]) && doesAsPeopleDo(text, start, last.end, words[0].classes);
      if (score > 0 && (minScore - score <= 0.35 || familyOf || among)) (pending ??= []).push({ start, end: last.end, words: words.map((w) => w.lower), score, unknownFirst: familyOf, among });
      RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
      continue;
    }
    // Places, firms and towns only once a name would be kept: most runs are not (measured: checking
    // every run of a long list of names doubled its cost).
    if (namesPlace(text, span, start, last) || firmBefore(text, last.end) || regionAfter(text, last.end)) {
      RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
      continue;
    }
    addFinding(out, text, "PERSON", start, last.end, Math.min(score, 0.95), "person-en");
    if (score >= 0.5) {
      accepted.push(start, last.end);
      previous = { end: last.end, labelled };
      if (words.length > 1 || score >= 0.55) for (const w of words) known.add(w.lower);
      if (words.length > 1) (surnames ??= new Set()).add(last.lower);
    }
    RUN.lastIndex = Math.max(RUN.lastIndex, last.end);
  }
  if (pending !== null && (known.size > 0 || accepted.length > 0)) {
    let next = 0;
    for (const p of pending) {
      // "Ebere Okoro … Tobenna Okoro": the surname of a full name found, after a given name no list
      // knows, is the same family's.
      if (p.words.every((w) => known.has(w)) || (p.words.length === 2 && surnames?.has(p.words[1]) && p.unknownFirst)) {
        addFinding(out, text, "PERSON", p.start, p.end, minScore, "person-en-again");
        continue;
      }
      // "Faith asked if you can cover her. June already swapped with her": among people found, a given
      // name that opens a sentence and does what people do is one more of them.
      if (p.among && accepted.length > 0) {
        addFinding(out, text, "PERSON", p.start, p.end, minScore, "person-en-among");
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
  detectCapitalNames(text, minScore, out);
}

interface Pending {
  start: number;
  end: number;
  words: string[];
  score: number;
  /** A given name no list knows, before the last word. */
  unknownFirst?: boolean;
  /** A given name opening a sentence with a person's verb after it (see `doesAsPeopleDo`). */
  among?: boolean;
}

// Past tenses that follow a thing as often as a person ("the build failed", "Ruby upgraded to 3.3",
// "Sterling weakened"): not a person's.
const THINGS_DO = new Set([
  "failed", "passed", "started", "finished", "expired", "crashed", "timed", "succeeded", "loaded", "changed", "moved",
  "ended", "dropped", "increased", "decreased", "added", "removed", "upgraded", "downgraded", "installed", "deployed",
  "deprecated", "rendered", "scheduled", "compiled", "declined", "weakened", "strengthened", "triggered", "flooded",
  "launched", "released", "updated", "shipped", "rallied", "jumped", "slipped", "surged", "crossed", "merged", "reached",
  "landed", "arrived", "announced", "reported", "opened", "closed", "awarded", "listed", "delisted", "acquired",
]);
/** The end of the word after the blanks at `from`. */
function skipWord(text: string, from: number): number {
  let i = from;
  while (isBlank(text.charCodeAt(i))) i++;
  while (i - from < 24 && (isAsciiLetter(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2019)) i++;
  return i;
}
const ADVERBS = new Set(["already", "just", "also", "still", "then", "now", "finally", "never", "really", "actually"]);
const MONTHS_AND_SEASONS = new Set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "summer", "autumn", "winter", "spring"]);

/**
 * "Amber flagged 3 accounts", "Destiny will file by EOD", "June already swapped with her": a given
 * name (no month, place or firm) opening a sentence or a clause after a dash or "and", then at most
 * one adverb, then a person's verb, "will", or a past tense no thing takes.
 */
function doesAsPeopleDo(text: string, start: number, end: number, classes: number): boolean {
  if (classes & (PLACE | COMPANY) || MONTHS_AND_SEASONS.has(text.slice(start, end).toLowerCase())) return false;
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  const before = i < 0 ? 10 : text.charCodeAt(i);
  const opens = before === 10 || before === 46 || before === 33 || before === 63 || before === 0x2014 || before === 59 || (before === 100 && text.slice(Math.max(0, i - 3), i + 1) === " and");
  if (!opens) return false;
  // Where each word after the name ends: wordAfter reads from the blank before a word.
  let verbEnd = skipWord(text, end);
  let verb = wordAfter(text, end);
  if (ADVERBS.has(verb)) {
    verb = wordAfter(text, verbEnd);
    verbEnd = skipWord(text, verbEnd);
  }
  // "Destiny will file by EOD", not "Ruby will be removed" (a passive is done to things as often).
  if (verb === "will") return !/^(?:be|not|no|also)$/.test(wordAfter(text, verbEnd));
  if (RIGHT_WORDS.has(verb)) return !THINGS_DO.has(verb);
  return verb.length > 4 && verb.endsWith("ed") && !THINGS_DO.has(verb);
}

/**
 * What a lone first name or surname gets from where it stands: capitalised inside a sentence, a
 * name that is no word is a proper noun ("on Agnieszka's desk"); opening one, it needs a verb or an
 * address after it ("Priyanka called about…", "Kemi, can you…", "Svenja to automate…"). A
 * possessive counts twice ("Tariq's date of birth"): products rarely own things in a sentence.
 */
function loneNameContext(text: string, start: number, name: Piece): number {
  // "Tariq's date of birth", not "Parkinson's and Alzheimer's": something the person has.
  const owns = name.possessive && matchesAt(POSSESSED, text, name.end + 2) && !OWN_NOT_NOUNS.has(wordAfter(text, name.end + 2));
  let extra = owns ? 0.1 : 0;
  // Inside a sentence, but not a field's label ("… / Fax: +33 1 …").
  // A given name the lists know as nothing else, capitalised mid-sentence, names a person: "goes to
  // Lindiwe", "until Kwesi fixes it". Surnames and names from the largest list alone are brands and
  // places as often ("Christie's", "Lindt").
  // "Bongani: the wifi in the Lagos office is…": a given name that is nothing else opening a line as its speaker.
  if (text.charCodeAt(name.end) === 58 && text.charCodeAt(name.end + 1) === 32 && isGivenName(name) && (start === 0 || text.charCodeAt(start - 1) === 10)) return extra + 0.25;
  if (!opensSentence(text, start)) return text.charCodeAt(name.end) === 58 ? extra : extra + (isGivenName(name) && !listedWithWords(text, start, name) ? 0.2 : 0.1);
  if (owns || RIGHT_WORDS.has(wordAfter(text, name.end)) || matchesAt(DOES_NEXT, text, name.end) || matchesAt(VOCATIVE_NEXT, text, name.end)) extra += 0.15;
  else if (matchesAt(MODAL_NEXT, text, name.end)) extra += 0.2;
  return extra + coordinated(text, start, name);
}

// "Casimir and Yevgenia", "Ilse & Tobiah": two names joined, before or after this one.
const AND_NAME = /[ \t]+(?:and|&)[ \t]+(\p{Lu}[\p{L}\p{M}'’-]{1,30})(?![\p{L}\p{M}])/uy;
const NAME_AND = /(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}'’-]{1,30})[ \t]+(?:and|&)[ \t]+$/u;

/** "Grafana, Loki and Tempo": a name joined by "and" to an ordinary word is a product's name as often. */
function listedWithWords(text: string, start: number, name: Piece): boolean {
  AND_NAME.lastIndex = name.end + (name.possessive ? 2 : 0);
  const after = AND_NAME.exec(text);
  const before = after ? null : NAME_AND.exec(text.slice(Math.max(0, start - 40), start));
  const other = after ?? before;
  return other !== null && isWord(piece(0, other[1]));
}

/**
 * What a lone name gets from another capitalised word it is joined to by "and" or "&": 0.2 when
 * that word is a name and nothing else, or no list knows it ("Casimir and Yevgenia"). Products and
 * places pair up too ("Docker and Kubernetes", "Lagos and Abuja"), but as words or places the
 * lists know.
 */
function coordinated(text: string, start: number, name: Piece): number {
  AND_NAME.lastIndex = name.end + (name.possessive ? 2 : 0);
  const after = AND_NAME.exec(text);
  const before = after ? null : NAME_AND.exec(text.slice(Math.max(0, start - 40), start));
  const other = after ?? before;
  if (other === null) return 0;
  const partner = piece(0, other[1]);
  return isCleanName(partner) || isUnknown(partner) ? 0.2 : 0;
}

// Words right before a person and nothing else: kin, the people around one, a greeting's occasion.
const PERSON_NOUN_BEFORE = new Set([
  "wife", "husband", "son", "daughter", "mother", "father", "mum", "mom", "dad", "brother", "sister", "cousin", "aunt",
  "auntie", "aunty", "uncle", "niece", "nephew", "grandma", "grandpa", "granny", "grandson", "granddaughter", "fiance",
  "fiancee", "fiancé", "fiancée", "boyfriend", "girlfriend", "colleague", "coworker", "neighbour", "neighbor",
  "friend", "boss", "assistant", "rider", "driver", "courier", "nurse", "teammate", "intern", "tenant", "landlord",
  "buddy", "mentor", "mentee", "birthday", "congrats", "congratulations", "welcome", "kudos", "cc", "ping", "pinging",
]);
// After the name, what only a person does ("said", "told me") or a sentence's end after a greeting.
const GREETING_END = /[ \t]*(?:[,!]|$|\n|[ \t][-–—])/y;

/**
 * Whether a word no list knows stands where only a person can ("Hi Haruto,", "my wife Selamawit
 * booked…", "Nattapong said…", "Tunde will record it, he…"): after a greeting and before its
 * comma, after a kin or people word, or before a verb only people do.
 */
function personSlot(text: string, start: number, end: number): boolean {
  const before = wordBefore(text, start);
  if (PERSON_NOUN_BEFORE.has(before)) return true;
  if (GREETINGS.test(text.slice(Math.max(0, start - 20), start)) && matchesAt(GREETING_END, text, end)) return true;
  if (RIGHT_WORDS.has(wordAfter(text, end))) return true;
  return (matchesAt(MODAL_NEXT, text, end) || matchesAt(DOES_NEXT, text, end)) && matchesAt(PRONOUN_AFTER, text, end);
}

/** Whether `start` opens a line, a list item, a quotation or a sentence. */
function opensSentence(text: string, start: number): boolean {
  let i = start - 1;
  if (i >= 0 && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39 || text.charCodeAt(i) === 0x201c)) i--;
  if (i < 0 || text.charCodeAt(i) === 10) return true;
  if (!isBlank(text.charCodeAt(i))) return i === start - 2 && (text.charCodeAt(i) === 61 || text.charCodeAt(i) === 58);
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  let c = text.charCodeAt(i);
  // "- Haruto to confirm…", "* Yuki drafts…": a list item.
  if (c === 45 || c === 42 || c === 0x2022) {
    let j = i - 1;
    while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
    if (j < 0 || text.charCodeAt(j) === 10) return true;
    c = 0;
  }
  return c === 10 || c === 46 || c === 33 || c === 63;
}

const pinyinAsSurname = (classes: number) => (classes & PINYIN_SURNAME ? classes | LAST : classes);
const isAllCapitals = (p: Piece) => p.classes === ACRONYM && p.end - p.start >= 3;

/**
 * Reads words in capitals as words: all of them after a person label; elsewhere only a run of two
 * or three that are all names and nothing else ("WANJIRU KAMAU", not "GOLD MEMBER" or "ALERT_LEVEL").
 */
function readCapitals(text: string, at: number, pieces: Piece[]): void {
  // "LUCIA M ARANGO": a letter alone between two names is a middle initial, not a word ("M" for metres).
  for (let i = 1; i < pieces.length - 1; i++) if (pieces[i].end - pieces[i].start === 1) pieces[i].classes = INITIAL;
  if (personLabel(text, at) !== NO_LABEL) {
    // A pinyin surname in capitals after a label is a surname ("Surname: ZHUGE"), as booking names read it.
    for (const p of pieces) if (isAcronym(p) && p.lower.toUpperCase() === text.slice(p.start, p.end)) p.classes = pinyinAsSurname(classify(p.lower));
    return;
  }
  if (pieces.length < 2 || pieces.length > 3 || !pieces.every((p) => isAllCapitals(p) || p.classes === INITIAL)) return;
  const names = pieces.filter((p) => p.classes !== INITIAL);
  const classes = names.map((p) => classify(p.lower));
  if (names.length < 2 || !classes.every(isCleanClass) || classes.every((c) => c & OTHER_NAME)) return;
  names.forEach((p, i) => (p.classes = classes[i]));
}

/** Whether only a separator (and an e-mail address in angle brackets) stands between two names of one list. */
function continuesList(text: string, from: number, to: number): boolean {
  if (to - from > 90) return false;
  return /^"?[ \t]*(?:<[^<>\n]{1,80}>)?[ \t]*(?:,|;|、|\band\b|&)[ \t]*"?$/.test(text.slice(from, to));
}

// A middle name or its initial may follow the given name ("HOLLOWAY, JAMES T", "Reyes, Ana M.").
const GIVEN_AFTER_COMMA = /^,[ \t](\p{Lu}[\p{L}\p{M}'’-]+)(?:[ \t](\p{Lu}[\p{L}\p{M}'’-]+|\p{Lu}\.|\p{Lu}(?![\p{L}\p{M}]|[ \t]+\p{Ll})))?(?![\p{L}\p{M}])/u;

/**
 * "Whitfield, Rob": a surname, a comma, a blank and a first name, as lists and quoted CSV cells
 * write them (unquoted CSV is read by its header instead). Returns the end, or 0.
 */
/** A word in capitals that is a name of `part` and no word or place. */
const capitalName = (classes: number, part: number) => (classes & part) !== 0 && (classes & (COMMON | FAMILIAR | WORD | PLACE)) === 0;

function lastFirst(text: string, written: Piece, labelled: boolean, minScore: number, out: FindingSink): number {
  if (text.charCodeAt(written.end) !== 44) return 0;
  // "HOLLOWAY, JAMES T": in capitals, both words are read as words, and only clean names count.
  const capitals = isAcronym(written);
  const surname = capitals ? { ...written, classes: classify(written.lower) } : written;
  if (capitals ? !capitalName(surname.classes, LAST) : !(surname.classes & LAST) && !(labelled && isUnknown(surname))) return 0;
  const after = GIVEN_AFTER_COMMA.exec(text.slice(surname.end, surname.end + 64));
  if (!after) return 0;
  const given = piece(surname.end + after[0].indexOf(after[1]), after[1]);
  if (capitals !== isAcronym(given)) return 0;
  if (capitals && !capitalName((given.classes = classify(given.lower)), FIRST)) return 0;
  // The given name must be known as one ("Texas" is a surname somewhere), and two places are a list of places ("Austin, Denver").
  if (!(given.classes & FIRST) || given.classes & OTHER_NAME || surname.classes & given.classes & PLACE || STATES.has(given.lower)) return 0;
  // "Alexa, Siri and Google Assistant", "Ford, Lincoln and Tesla": firms listed, unless a label says people.
  // In capitals the given name may be a firm's too ("HOLLOWAY, JAMES"); the surname may not.
  if (!labelled && (capitals ? surname.classes : surname.classes | given.classes) & COMPANY) return 0;
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

// A passenger's or a guest's role right before the name, with no separator ("passenger LE/HOANGLONG", "乘机人 ZHANG/YUNFEI").
const BOOKING_ROLE_BEFORE = /(?:passenger|pax|guest|traveller|traveler|乘机人|乘客|旅客|入住人)[ \t]*$/i;

function detectBookingNames(text: string, minScore: number, out: FindingSink): void {
  if (!text.includes("/")) return;
  BOOKING_NAME.lastIndex = 0;
  for (let m = BOOKING_NAME.exec(text); m; m = BOOKING_NAME.exec(text)) {
    const surname = wordClass(m[1].toLowerCase());
    const given = m[2].toLowerCase();
    // "VAN DER BERG/HENDRIK": the particles before the surname belong to it.
    const particles = text.charCodeAt(m.index - 1) === 32 ? (BOOKING_PARTICLES.exec(text.slice(Math.max(0, m.index - 16), m.index))?.[1].length ?? 0) : 0;
    const start = m.index - particles;
    // With a title ("MR", "先生") or after a person label ("Passenger:", "乘机人 ") the pattern is a
    // booking's name field, whatever names it holds ("LE/HOANGLONG MR": given names run together);
    // without, it may be any pair of codes, so both must be names.
    // A passenger's role alone ("guest WIFI/LAN", "pax LHR/JFK") vouches only for names the lists know.
    const role = BOOKING_ROLE_BEFORE.test(text.slice(Math.max(0, start - 12), start));
    const titled = m[0].length > m[1].length + m[2].length + 1 || personLabel(text, start) !== NO_LABEL;
    const named = surname & (LAST | PINYIN_SURNAME) && (wordClass(given) & FIRST || isPinyinGivenName(given));
    if (!named && !(titled && !(surname & COMMON && wordClass(given) & COMMON))) continue;
    const score = titled || role ? 0.85 : 0.55;
    if (score >= minScore) addFinding(out, text, "PERSON", start, m.index + m[1].length + 1 + m[2].length, score, "person-en-booking");
  }
}

// Names in capitals, as bank statements, shipping labels and embossed cards write them: "NIP/TRF
// FROM ABUBAKAR SADIQ ILIYASU/GTB", "SHIP TO:\nAMARA OKAFOR-JONES". A run of two to four capitalised
// words (an initial may stand between) holding at least two names that are nothing else, the rest
// initials or words no list knows; the words around it that are no name ("FROM", "TO") are left out.
const CAPITAL_RUN = /(?<![\p{L}\p{N}])[A-Z][A-Z'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][A-Z'’-]+)){1,6}(?![\p{L}\p{N}])/gu;
const CAPITAL_PAIR = /[A-Z]{2}[ \t]+[A-Z]{2}/;

const CAPITAL_WORD = /[A-Z][A-Z'’.-]*/g;
const capitalNameLike = (c: number) => c === INITIAL || c === 0 || isCleanClass(c);
// The words of the run being read, as [start, end, classes, …]: reused, so a run allocates nothing.
const capitalWords: number[] = [];

function detectCapitalNames(text: string, minScore: number, out: FindingSink): void {
  if (!CAPITAL_PAIR.test(text)) return;
  CAPITAL_RUN.lastIndex = 0;
  for (let m = CAPITAL_RUN.exec(text); m; m = CAPITAL_RUN.exec(text)) {
    capitalWords.length = 0;
    CAPITAL_WORD.lastIndex = 0;
    for (let w = CAPITAL_WORD.exec(m[0]); w; w = CAPITAL_WORD.exec(m[0])) {
      const lower = w[0].toLowerCase();
      const classes = lower.length === 2 && lower.charCodeAt(1) === 46 ? INITIAL : classify(lower.replace(/[.-]+$/, ""));
      capitalWords.push(m.index + w.index, m.index + w.index + w[0].length, classes);
    }
    // The longest stretches of name-like words; one of two to four words holding two names that
    // are nothing else, or one and an initial, is a name.
    const count = capitalWords.length / 3;
    let a = 0;
    while (a < count) {
      if (!capitalNameLike(capitalWords[3 * a + 2])) {
        a++;
        continue;
      }
      let b = a;
      while (b + 1 < count && capitalNameLike(capitalWords[3 * (b + 1) + 2])) b++;
      const from = a;
      a = b + 1;
      let clean = 0;
      let initials = 0;
      for (let i = from; i <= b; i++) {
        const classes = capitalWords[3 * i + 2];
        if (isCleanClass(classes)) clean++;
        else if (classes === INITIAL) initials++;
      }
      if (b - from < 1 || b - from > 3 || clean === 0 || clean + initials < 2) continue;
      addCapitalName(text, capitalWords[3 * from], capitalWords[3 * b + 1], minScore, out);
    }
  }
}

function addCapitalName(text: string, start: number, wordEnd: number, minScore: number, out: FindingSink): void {
  // "VAN DER BERG/HENDRIK MR": a booking's name, whole (detectBookingNames).
  const given = /^\/([A-Z]{2,20})/.exec(text.slice(wordEnd, wordEnd + 22));
  if (given && wordClass(given[1].toLowerCase()) & FIRST) return;
  const end = wordEnd - (text.charCodeAt(wordEnd - 1) === 46 ? 1 : 0);
  const score = personLabel(text, start) !== NO_LABEL ? 0.8 : 0.6;
  if (score >= minScore) addFinding(out, text, "PERSON", start, end, score, "person-en-capitals");
}

// A given name that is also a word ("Will", "Grace", "Rose", "Hunter") where only a person stands:
// opening a greeting and ending its clause ("Hi Will,", "Happy birthday Dawn!"), a signature's line
// of its own after a closing or a dash ("Best,\nRose", "— Dawn, Travel & Expense"), the person told,
// asked or asked for ("Tell Hunter the…", "Ask Grace whether…", "Is this Will?"), an agent named
// in a transcript ("Agent (Grace):", "Agent Chris:"), a mention ("@destiny"), and the subject of a
// verb only people take in the third person ("Will said…", "Mark rotates it", "Rose has the keys").
// The cues before a name, each ending where the name starts: a greeting (group 1), telling or asking
// (group 2), a transcript's role (group 3, maybe with "(" for "Agent (Grace):"), a closing's line
// (group 4), a dash (group 5).
const CUE_BEFORE = /(?:(?<![\p{L}])([Hh]i|[Hh]ey|[Hh]ello|[Dd]ear|[Mm]orning|[Tt]hanks|[Tt]hank you|[Hh]appy birthday|[Cc]ongrats|[Cc]ongratulations|[Ww]elcome|[Ii]t[’']s|[Ii]t is|[Tt]his is)[ \t]+|(?<![\p{L}])([Tt]ell|[Aa]sk|[Pp]ing|[Rr]emind|[Ss]poke (?:w\/|with|to)|[Tt]alked (?:to|with)|[Cc]hecked with|[Cc]c|[Ii]s this|[Ii]s that|(?:[Ww]o)?man named|(?:[Gg]uy|[Gg]irl|[Ll]ady|[Pp]erson|[Aa]gent|[Rr]ep|[Oo]ne|[Ss]omeone|[Ss]omebody|[Ff]riend|[Cc]olleague) named|[Rr]eminder from|[Mm]essage from|[Nn]ote from|[Uu]pdate from|[Hh]eads[- ]up from|[Tt]hx|[Ll]eft (?:it |the parcel |the package )?with|[Hh]anded (?:it |over )?to|(?:[Cc]ollected|[Rr]eceived|[Cc]overed|[Aa]ccepted) by|(?:[Mm]y|[Hh]is|[Hh]er|[Oo]ur|[Tt]heir|[Yy]our) (?:aunt|auntie|aunty|uncle|sister|brother|cousin|niece|nephew|wife|husband|daughter|son|mother|father|mom|mum|dad|grandma|grandpa|granny|friend|colleague|coworker|neighbou?r|boss|manager|partner|fianc[eé]e?))[ \t]+|(?<![\p{L}])(Agent|AGENT|Advisor|Rep|Operator|Specialist)(?:[ \t]*\(|[ \t])|((?:[Bb]est|[Tt]hanks|[Tt]hank you|[Rr]egards|[Cc]heers|[Ss]incerely|[Yy]ours|[Tt]hx|BR)[,!]?[ \t]*\r?\n[ \t]*(?:[-–—]{1,2}[ \t]*)?)|((?:^|\s)[—–][ \t]*))$/u;
const GREETED_END = /[ \t]*(?:[,!:]|\r?\n|$|[—–]|-(?=[ \t])|again\b|here\b|from\b)/y;
// "Hey Grace and Hope —": two people greeted at once; the group is the second one.
const GREETED_PAIR = /[ \t]+(?:and|&)[ \t]+([A-Z][a-z]{2,14})[ \t]*(?:[,!:]|\r?\n|$|[—–]|-(?=[ \t]))/y;
const ROLE_END = /\)?[ \t]*:/y;
const PASSIVE_BY = /^ by\b/;
// Or answered ("Done, Joy.", "Sure, Will!"): an agent's short reply, then the one it speaks to.
const THANKED_BEFORE = /(?:^|[.!?\n"][ \t]*)(?:[Tt]hanks|[Tt]hank you|[Ss]orry|[Cc]heers|[Hh]i|[Hh]ello|[Gg]ood (?:morning|afternoon|evening)|[Dd]one|[Ss]ure|[Oo]f course|[Nn]o problem|[Gg]ot it|[Nn]oted|[Aa]bsolutely|[Cc]ertainly|[Ww]elcome back)\b[^.!?\n]{0,60}, $/;
const THANKED_END = /[ \t]*(?:[!.](?![\w.])|\r?\n|$)/y;
const ANDED = /[ \t]+(?:and|&)[ \t]+([A-Z][a-z]{2,14})(?![\w'’-])/y;
// "Spoke to Mark — he confirmed…": a dash, then the person spoken of.
const DASH_PRONOUN = /[ \t]*[-–—][ \t]*(?:he|she|they)\b/y;
const LINE_END = /[ \t]*(?:\r?\n|$)/y;
const DASHED_END = /[ \t]*(?:[,.]|\r?\n|$)/y;
// A capitalised word in ASCII, found by a scan that needs no Unicode tables; its edges are checked by hand.
const CAPITALISED_WORD = /[A-Z][a-z]{2,14}/g;
const MENTIONED = /(?<![\w.@])@([a-z]{3,15})(?![\w.@/-])/g;
// Verbs a person is the subject of in the third person; "will", "may" and "mark" as verbs take none.
const DOES = /[ \t]+(?:(?:just|already|also|still|both|all) )?(?:said|says|told|asked|asks|wants|wanted|needs|approved|called|emailed|messaged|confirmed|rotates|rotated|replied|mentioned|promised|agreed|processed|signed off|(?:has|have|hasn['’]t|haven['’]t|has not|didn['’]t|did not|won['’]t) (?:signed|approved|replied|responded|confirmed|answered|called|got back|picked up)|has (?:the|a|an|his|her)|(?:is|was) (?:on|off|out|away|back|OOO)|(?:is|was) (?:picking|taking|covering|handling|leading|owning|joining|reviewing|driving|chasing|fixing|rotating|running the|working on|looking into)|was right|will (?:cover|send|call|check|approve|handle|take))\b/y;
// What people do to a thing, with the thing after the verb ("Will pasted it", "Summer noticed the gap");
// "Bill flagged as duplicate" has none.
const ACTS =
  /[ \t]+(?:(?:just|already|also) )?(?:pasted|shared|wrote|noticed|flagged|fixed|deployed|merged|pushed|escalated|reported|raised|found|pinged|texted|commented|suggested|explained|decided|offered|forwarded|sent|posted|uploaded|updated|opened|filed)[ \t]+(?:it|the|a|an|this|that|these|those|his|her|their|them|us|me|you|my|our)\b/y;
// Tools and services named like people ("Argo deployed the app", "Atlas sent an alert").
const TOOL_NAMES = new Set([
  "argo", "atlas", "apollo", "storm", "echo", "titan", "orion", "hermes", "athena", "zeus", "mercury", "jenkins", "hudson",
  "travis", "ansible", "puppet", "chef", "salt", "consul", "vault", "nomad", "harbor", "helm", "flux", "spinnaker", "sentry",
  "jarvis", "alexa", "siri", "cortana", "watson", "ivy", "maven", "gradle", "kafka", "spark", "flink", "hive", "presto",
  "dependabot", "renovate", "sonar", "clair", "grafana", "kibana", "logan", "sage", "nova", "luna", "iris", "aurora",
]);
const EXTENSION = /[ \t]*\((?:ext\.?|x|extension)[ \t]*\d/y;
const CAPITAL_NEXT = /^[ \t]+\p{Lu}/u;
// What a person has and a product or a virtue does not: "Faith's last day", "Joy's number".
const PERSON_THING = /['’]s[ \t]+(?:last day|first day|birthday|phone|number|mobile|email|e-mail|address|account|laptop|manager|desk|leave|wife|husband|mother|father|son|daughter|mum|mom|dad|shift|handover|team lead)\b/y;

/** Whether `end`, just after a given name, holds its possessive and something only a person has. */
function ownsPersonThing(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 39 || c === 0x2019) && matchesAt(PERSON_THING, text, end);
}
const isAsciiWordChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 0x2019 || c === 45 || (c >= 0xc0 && c <= 0x24f);
const NOT_TOLD_AFTER = /^[ \t]*(?:[-–—]|&)/;
const CALENDAR = new Set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
// The last word of every cue in CUE_BEFORE, for a look-up before the regex runs.
const CUE_LAST_WORDS = new Set([
  "hi", "hey", "hello", "dear", "morning", "thanks", "you", "birthday", "congrats", "congratulations", "welcome",
  "tell", "ask", "ping", "remind", "with", "to", "cc", "this", "that", "from", "agent", "advisor", "rep", "operator", "specialist",
  "thx", "s", "is", "by", "named", "aunt", "auntie", "aunty", "uncle", "sister", "brother", "cousin", "niece", "nephew", "wife", "husband",
  "daughter", "son", "mother", "father", "mom", "mum", "dad", "grandma", "grandpa", "granny", "friend", "colleague",
  "coworker", "neighbour", "neighbor", "boss", "manager", "partner", "fiance", "fiancee", "fiancé", "fiancée",
]);

const NO_CUE = 0;
const WORD_CUE = 1;
const DASH_CUE = 2;
const LINE_CUE = 3;

/** What stands right before `start`: a cue's last word (or "w/"), a dash after a blank, a line break, or nothing of the kind. */
function cueBefore(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 40)) i--;
  if (i < 0) return NO_CUE;
  const c = text.charCodeAt(i);
  if (c === 10 || c === 13) return LINE_CUE;
  if (c === 0x2014 || c === 0x2013) return i === 0 || /\s/.test(text[i - 1]) ? DASH_CUE : NO_CUE;
  if (c === 47) return WORD_CUE;
  let j = i;
  while (j >= 0 && i - j < 16 && ((text.charCodeAt(j) | 32) >= 97 && (text.charCodeAt(j) | 32) <= 122)) j--;
  return j < i && CUE_LAST_WORDS.has(text.slice(j + 1, i + 1).toLowerCase()) ? WORD_CUE : NO_CUE;
}

/** Whether the line before the one holding `start` is a letter's closing ("Best,", "Thanks!"). */
function closingLineBefore(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf("\n", start - 1);
  if (lineStart <= 0) return false;
  const previous = text.slice(Math.max(0, text.lastIndexOf("\n", lineStart - 1) + 1, lineStart - 40), lineStart).replace(/\r$/, "");
  return CLOSING_LINE.test(previous);
}
const ADDRESSED_END = /^ [—–] /;
const CLOSING_LINE = /(?:^|[^\p{L}])(?:[Bb]est|[Tt]hanks|[Tt]hank you|[Rr]egards|[Cc]heers|[Ss]incerely|[Yy]ours|[Tt]hx|BR)[,!]?[ \t]*$/u;

/** A lower-cased word the lists know as a given name and as no firm, place, month or day ("grace", not "chase" or "april"). */
function isGivenWordName(lower: string): boolean {
  const classes = wordClass(lower);
  return (classes & FIRST) !== 0 && !(classes & (COMPANY | PLACE)) && !CALENDAR.has(lower);
}

export function detectWordNames(text: string, minScore: number, out: FindingSink): void {
  const score = 0.6;
  if (score < minScore) return;
  CAPITALISED_WORD.lastIndex = 0;
  for (let m = CAPITALISED_WORD.exec(text); m; m = CAPITALISED_WORD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isAsciiWordChar(text.charCodeAt(start - 1))) continue;
    const owner = isAsciiWordChar(text.charCodeAt(end)) ? ownsPersonThing(text, end) : false;
    if (isAsciiWordChar(text.charCodeAt(end)) && !owner) continue;
    const lower = m[0].toLowerCase();
    const classes = wordClass(lower);
    // A known given name, never a city ("in Turin says"), nor a firm's word unless greeted ("Hi Joy,").
    if (!(classes & FIRST) || classes & PLACE) continue;
    const kind = cueBefore(text, start);
    const cue = kind === WORD_CUE ? CUE_BEFORE.exec(text.slice(Math.max(0, start - 24), start)) : null;
    if (classes & COMPANY && cue?.[1] === undefined) continue;
    // "Faith's last day is Friday": only a person has what follows.
    let person = false;
    if (owner) person = true;
    else if (cue?.[1] !== undefined) {
      person = matchesAt(GREETED_END, text, end);
      GREETED_PAIR.lastIndex = end;
      const pair = person ? null : GREETED_PAIR.exec(text);
      if (pair) {
        person = true;
        const at = text.indexOf(pair[1], end);
        if (isGivenWordName(pair[1].toLowerCase())) addFinding(out, text, "PERSON", at, at + pair[1].length, score, "person-en-word");
      }
    }
    else if (cue?.[2] !== undefined) person = (!NOT_TOLD_AFTER.test(text.slice(end, end + 3)) || matchesAt(DASH_PRONOUN, text, end)) && !CAPITAL_NEXT.test(text.slice(end, end + 3));
    else if (cue?.[3] !== undefined) person = matchesAt(ROLE_END, text, end) && (text.charCodeAt(end) === 41) === cue[0].endsWith("(");
    else if (kind === LINE_CUE) person = matchesAt(LINE_END, text, end) && closingLineBefore(text, start);
    else if (kind === DASH_CUE) person = matchesAt(DASHED_END, text, end);
    // "Priya — client confirmed…": the one addressed, opening the text or a line, then a dash; only a
    // name that is no word ("Summary — …" opens lines too).
    else if ((kind === NO_CUE ? start === 0 || text.charCodeAt(start - 1) === 10 : kind === LINE_CUE) && ADDRESSED_END.test(text.slice(end, end + 3))) {
      person = (classes & (COMMON | FAMILIAR | WORD | COMPANY)) === 0;
    }
    // "Thanks for your patience, Sunny!": the one thanked or greeted, after a comma, ending the sentence.
    if (!person && text.charCodeAt(start - 2) === 44 && matchesAt(THANKED_END, text, end)) person = THANKED_BEFORE.test(text.slice(Math.max(0, start - 80), start));
    // "Bill already processed by finance": the thing done to, not the doer.
    if (!person) person = matchesAt(DOES, text, end) && !PASSIVE_BY.test(text.slice(DOES.lastIndex, DOES.lastIndex + 4));
    // "Will pasted it in #incidents", "Rich (ext 4412)": a deed done to something, a desk phone's extension.
    if (!person) person = (matchesAt(ACTS, text, end) && !TOOL_NAMES.has(lower)) || matchesAt(EXTENSION, text, end);
    // "Grace and Hunter both approved": two given names joined, then what people do.
    if (!person && !CALENDAR.has(lower)) {
      ANDED.lastIndex = end;
      const pair = ANDED.exec(text);
      if (pair && isGivenWordName(pair[1].toLowerCase()) && matchesAt(DOES, text, ANDED.lastIndex)) {
        person = true;
        const at = ANDED.lastIndex - pair[1].length;
        addFinding(out, text, "PERSON", at, ANDED.lastIndex, score, "person-en-word");
      }
    }
    // A month or a day only where greeted ("Hi April,") or named ("a woman named April").
    if (person && (cue?.[1] !== undefined || !CALENDAR.has(lower) || (cue?.[2] ?? "").endsWith("named"))) addFinding(out, text, "PERSON", start, end, score, "person-en-word");
  }
  if (text.includes("@")) {
    MENTIONED.lastIndex = 0;
    for (let m = MENTIONED.exec(text); m; m = MENTIONED.exec(text)) {
      if (isGivenWordName(m[1])) addFinding(out, text, "PERSON", m.index + 1, m.index + 1 + m[1].length, score, "person-en-word");
    }
  }
}

// Vietnamese names: a family name from the short list nearly every Vietnamese bears, one or more
// middle names from the few in use (Văn, Thị, Thanh, …), then the given name ("Nguyen Van An",
// "Vo Thanh Long", "Trần Thị Lan"), with or without their accents. The middle names make the shape
// rare elsewhere: a place ("Ha Long", "Ho Chi Minh") has none of them, and a name ends before a
// capitalised word ("Le Van Tour Co." is a firm).
const VIETNAMESE_MIDDLES = String.raw`V[aă]n|Th[iị]|Thanh|Minh|[DĐ][uứ]c|H[uữ]u|Ng[oọ]c|Qu[oố]c|Xu[aâ]n|H[oồ]ng|Kim|Thu|Gia|B[aả]o|Tu[aấ]n|[DĐ][iì]nh|C[oô]ng|Trung|Th[aá]i|Ph[uư][oơ]ng|H[aả]i|Nh[uư]|B[ií]ch|Kh[aá]nh|Ti[eế]n|Quang|T[aấ]n|Nh[aậ]t|M[yỹ]`;
const VIETNAMESE_NAME = new RegExp(
  String.raw`(?<![${CASED}\p{M}\p{N}_])(?:Nguy[eễ]n|Tr[aầ]n|L[eê]|Ph[aạ]m|Ho[aà]ng|Hu[yỳ]nh|Phan|V[uũ]|V[oõ]|[DĐ][aặ]ng|B[uù]i|[DĐ][oỗ]|H[oồ]|Ng[oô]|D[uư][oơ]ng|L[yý]|Tr[uư][oơ]ng|[DĐ]inh|[DĐ]o[aà]n|L[aâ]m|Tr[iị]nh|Cao|L[uư][oơ]ng|Qu[aá]ch|Ch[aâ]u)` +
    String.raw`(?:[ \t]+(?:${VIETNAMESE_MIDDLES})){1,2}` +
    String.raw`[ \t]+\p{Lu}[${CASED}\p{M}]*(?![${CASED}\p{M}\p{N}_]|[ \t]+\p{Lu})`,
  "gu",
);

// The middle names alone, between blanks: a search that starts at a blank is cheap, and most texts hold none.
const VIETNAMESE_MIDDLE = new RegExp(String.raw`[ \t](?:${VIETNAMESE_MIDDLES})[ \t]`);

export function detectVietnameseNames(text: string, minScore: number, out: FindingSink): void {
  const score = 0.7;
  if (score < minScore || !VIETNAMESE_MIDDLE.test(text)) return;
  VIETNAMESE_NAME.lastIndex = 0;
  for (let m = VIETNAMESE_NAME.exec(text); m; m = VIETNAMESE_NAME.exec(text)) addFinding(out, text, "PERSON", m.index, m.index + m[0].length, score, "person-en-vietnamese");
}

// Korean family names that are no English word ("Do", "So", "An" are: those only after the given name).
const KOREAN_SURNAMES = new Set(
  "Kim Lee Yi Rhee Park Pak Bak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Han Seo Suh Shin Kwon Hwang Ahn Song Yoo Yu Ryu Hong Jeon Chun Ko Moon Mun Yang Son Bae Baek Paik Heo Huh Nam Noh Roh Kwak Sung Cha Joo Ju Woo Koo Ku Min Jin Ji Uhm Byun Shim Won Chae Bang Gong Hyun Yeo Seok".split(" "),
);
const ENGLISH = COMMON | FAMILIAR | WORD;
const KOREAN_SHORT_SURNAMES = new Set(["An", "Im", "Oh", "Ha", "Na", "Go", "Do", "So"]);
// A romanised given name of two syllables: an onset, a vowel and maybe a final consonant each ("Ji-woo", "Min-jun"; not "On-call").
const KOREAN_GIVEN = /^[BCDGHJKMNPRSTWY]?[bcdghjkmnprstwy]{0,2}[aeiou]{1,3}(?:ng|n|k|l|m|p|t)?-[bcdghjkmnprstwy]{0,3}[aeiou]{1,3}(?:ng|n|k|l|m|p|t)?$|^[AEIOU][aeiou]{0,2}(?:ng|n|k|l|m|p|t)?-[bcdghjkmnprstwy]{0,3}[aeiou]{1,3}(?:ng|n|k|l|m|p|t)?$/;
const isSmallLetter = (c: number) => c >= 97 && c <= 122;
const isLetter = (c: number) => isSmallLetter(c | 32);

/** The word of ASCII letters ending just before the blanks before `at` (or starting after those after it), or "". */
function wordBeside(text: string, at: number, forward: boolean): [string, number] {
  let i = at;
  const step = forward ? 1 : -1;
  const blanks = i;
  while (text.charCodeAt(forward ? i : i - 1) === 32) i += step;
  if (i === blanks) return ["", at];
  let j = i;
  while (isLetter(text.charCodeAt(forward ? j : j - 1))) j += step;
  return forward ? [text.slice(i, j), j] : [text.slice(j, i), j];
}

/**
 * Korean names as romanised: a family name from the few most Koreans bear, then a given name of two
 * syllables joined by a hyphen ("Park Ji-woo", "Kim Min-jun"), or the given name first ("Seo-yeon
 * Lee"). Found from each hyphen with small letters around it; the words beside are looked up.
 */
export function detectKoreanNames(text: string, minScore: number, out: FindingSink): void {
  const score = 0.7;
  if (score < minScore) return;
  for (let at = text.indexOf("-", 2); at !== -1; at = text.indexOf("-", at + 1)) {
    let after = at + 1;
    while (after - at <= 5 && isSmallLetter(text.charCodeAt(after))) after++;
    if (after - at < 3 || after - at > 5 || isLetter(text.charCodeAt(after)) || text.charCodeAt(after) === 45) continue;
    let start = at - 1;
    while (at - start <= 5 && isSmallLetter(text.charCodeAt(start))) start--;
    const capital = text.charCodeAt(start);
    if (at - start < 2 || capital < 65 || capital > 90 || isLetter(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 45) continue;
    // "Pop-up", "Top-up", "Hip-hop": two English words joined are no given name.
    if (!KOREAN_GIVEN.test(text.slice(start, after)) || (wordClass(text.slice(start, at).toLowerCase()) & ENGLISH && wordClass(text.slice(at + 1, after)) & ENGLISH)) continue;
    const [before, from] = wordBeside(text, start, false);
    if (KOREAN_SURNAMES.has(before) && !isLetter(text.charCodeAt(from - 1))) {
      addFinding(out, text, "PERSON", from, after, score, "person-en-korean");
      continue;
    }
    const [next, to] = wordBeside(text, after, true);
    if ((KOREAN_SURNAMES.has(next) || KOREAN_SHORT_SURNAMES.has(next)) && !isLetter(text.charCodeAt(to)) && text.charCodeAt(to) !== 45) addFinding(out, text, "PERSON", start, to, score, "person-en-korean");
  }
}
