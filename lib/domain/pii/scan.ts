import { detectGeneratedConfigValues, detectStrongValues } from "./detectors/credential";
import { detectDatesOfBirth } from "./detectors/date-of-birth";
import { detectEmails } from "./detectors/email";
import { detectIbans } from "./detectors/iban";
import { detectIpv6 } from "./detectors/ip";
import { detectNumbers } from "./detectors/numbers";
import { detectPersons, namesNoOne } from "./detectors/person";
import { detectNamesByContext } from "./detectors/person-model";
import { detectHanNamesByContext } from "./detectors/person-model-zh";
import { detectLatinNamesAgain, detectNamesInOtherScript, SCORE_AGAIN } from "./detectors/person-again";
import { detectHandles, detectJoinedLogins, detectLoginsListedWithPersons } from "./detectors/person-handle";
import { detectColumnsOfNames, detectListsOfNames, detectTablePersons } from "./detectors/person-table";
import { detectNamesBeforeIds } from "./detectors/person-zh";
import { detectCardCodes, detectSecrets } from "./detectors/secret";
import { detectSecretsByContext } from "./detectors/secret-model";
import { PLACEHOLDER_PATTERN } from "./placeholder";
import { defaultPiiSettings } from "./settings";
import type { PiiFinding } from "./types";

// What a text contains that some detector cannot do without, as bits. Most strings in agent
// JSON are short tokens ("USD", a UUID, a timestamp), and a detector whose indispensable
// characters are missing is skipped before its regex runs.
const DIGITS_4 = 1;
const AT = 2;
const COLONS_2 = 4;
const UPPER = 8;
/** A capital followed by a small letter, as every name has; "SKU-1", "T09:26" and "API" do not. */
const CAPITALISED = 16;
const HAN = 32;
const ANGLE = 64;
/** "b" or "B" (DOB, birth, born) or "生" (出生, 生日): every birth-date cue has one. */
const BIRTH_LETTER = 128;
/**
 * A separator every secret pattern needs one of (">" ends an XML element's name), the "A" that
 * starts "AKIA…" and "AIza…", or a character of a Chinese credential name glued to its value
 * (密码, 口令, 密钥, 令牌, 授权码).
 */
const SECRET_MARK = 256;
/**
 * Where a login may stand in a short text: a blank, "=", "@", a dash, a Chinese label. Not ":" alone:
 * short values with one are times and ids ("12:00:01Z", "urn:x"), and "owner: kpatel" has a blank.
 */
const LOGIN_SLOT = 512;
/** A symbol password rules ask for ("!", "#", "$", "%", "^", "*", "~"): a strong value may hold one. */
const POLICY_SYMBOL = 1024;
/** Three small letters, a dot or an underscore, a small letter: a login joined from two names may stand here. */
const JOINT = 2048;
const SECRET_HAN = new Set([..."密令钥授口"].map((c) => c.charCodeAt(0)));

const ASCII_TRAITS = new Uint16Array(128);
for (let c = 65; c <= 90; c++) ASCII_TRAITS[c] = UPPER;
ASCII_TRAITS[65] |= SECRET_MARK;
ASCII_TRAITS[66] |= BIRTH_LETTER;
ASCII_TRAITS[98] = BIRTH_LETTER;
ASCII_TRAITS[64] = AT;
ASCII_TRAITS[60] = ANGLE;
for (const c of "-_.=: \t\">") ASCII_TRAITS[c.charCodeAt(0)] |= SECRET_MARK;
for (const c of "= @\\") ASCII_TRAITS[c.charCodeAt(0)] |= LOGIN_SLOT;
for (const c of "!#$%^*~") ASCII_TRAITS[c.charCodeAt(0)] |= POLICY_SYMBOL;

// Short strings are read in one loop; for longer ones a handful of native searches that stop at
// the first hit is faster than visiting every character in JavaScript.
const SHORT_TEXT = 48;

const isSmallAt = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c >= 97 && c <= 122;
};

function traitsByLoop(text: string): number {
  let traits = 0;
  let digits = 0;
  let colons = 0;
  let afterCapital = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 48 && c <= 57) digits++;
      else if (c === 58) colons++;
      else if (afterCapital && c >= 97 && c <= 122) traits |= CAPITALISED;
      traits |= ASCII_TRAITS[c];
      afterCapital = c >= 65 && c <= 90;
      if ((c === 46 || c === 95) && isSmallAt(text, i + 1) && isSmallAt(text, i - 1) && isSmallAt(text, i - 2) && isSmallAt(text, i - 3)) traits |= JOINT;
    } else {
      if (c >= 0x4e00 && c <= 0x9fff) traits |= (c === 0x751f ? HAN | BIRTH_LETTER : SECRET_HAN.has(c) ? HAN | SECRET_MARK : HAN) | LOGIN_SLOT;
      else if (c === 0x2013 || c === 0x2014 || c === 0xff1a) traits |= LOGIN_SLOT;
      else if (c >= 0xc0 && c <= 0x24f) traits |= UPPER | CAPITALISED;
      afterCapital = false;
    }
  }
  if (digits >= 4) traits |= DIGITS_4;
  if (colons >= 2) traits |= COLONS_2;
  return traits;
}

const FOUR_DIGITS = /\d\D*\d\D*\d\D*\d/;
const UPPER_LETTER = /[A-Z\u00c0-\u024f]/;
const CAPITALISED_WORD = /[A-Z\u00c0-\u00de][a-z\u00df-\u024f]/;
const HAN_CHARACTER = /[\u4e00-\u9fff]/;
const BIRTH_CUE_LETTER = /[bB生]/;
/**
 * Two words in capitals after a label's separator, maybe quoted ("HOLDER: JOHN SMITH",
 * `guest_name="RATTANAKORN SOMCHAI"`, "NARAYANAN/LAKSHMI"), or one after a key ending in "name"
 * ("last_name: HALVORSEN", "Surname: ZHUGE"); linear, as each run of capitals is read once per
 * separator.
 */
const CAPITALS_AFTER_LABEL = /[:=：][ \t]*["']?[A-Z]{2,}[ \t/]+[A-Z]{2,}|(?:[Nn][Aa][Mm][Ee][Ss]?|[Gg][Ii][Vv][Ee][Nn]|[Ff][Aa][Mm][Ii][Ll][Yy])["']?[ \t]*[:=][ \t]*["']?[A-Z]{2,}/;
// Two words in capitals, as payment records and shipping labels write a full name with no label
// ("paid by RAMESH KUMAR SHARMA", "refund for AMARA OKAFOR-JONES"); a run starts only after a
// non-letter, so each run of capitals is read once. Or a surname, a comma and a given name ("HOLLOWAY, JAMES T").
const CAPITALS_TWO = /(?<![A-Za-z])[A-Z]{2,}(?:[ \t]+[A-Z][A-Z'’-]{2,}|\/[A-Z]{2,}|, [A-Z]{2,})(?![A-Za-z])/;
// What another tool writes in a name's place: "[NAME REDACTED]", "Customer Name Withheld".
const REDACTION_WORD = /\b(?:redacted|removed|withheld|masked|anonymi[sz]ed|placeholder)\b/i;
const SECRET_MARK_CHARACTER = /[-_.=: \t">A密令钥授口]/;
const FOUR_LOWER = /[a-z]{4}/;
const POLICY_CHARACTER = /[!#$%^*~]/;
const JOINT_LETTERS = /[a-z]{3}[._][a-z]/;
// Birth-date labels of the languages support mail comes in without a "b": "Fecha de nacimiento", "né le".
// One alternation of literals: faster than a search per word or a leading lookahead (measured).
const OTHER_BIRTH_CUES = /acimiento|aissance|eburt|eboren|ascita|ascimento|ée? le|acid[oa] el|aci[oó] el|at[oa] il|ascid[oa] em|geb\./;
const hasOtherBirthCue = (text: string) => OTHER_BIRTH_CUES.test(text);

function traitsBySearch(text: string): number {
  let traits = 0;
  if (FOUR_DIGITS.test(text)) traits |= DIGITS_4;
  if (text.includes("@")) traits |= AT;
  const colon = text.indexOf(":");
  if (colon !== -1 && text.indexOf(":", colon + 1) !== -1) traits |= COLONS_2;
  if (UPPER_LETTER.test(text)) traits |= UPPER;
  if (CAPITALISED_WORD.test(text)) traits |= CAPITALISED;
  if (HAN_CHARACTER.test(text)) traits |= HAN;
  if (text.includes("<")) traits |= ANGLE;
  if (BIRTH_CUE_LETTER.test(text)) traits |= BIRTH_LETTER;
  if (SECRET_MARK_CHARACTER.test(text)) traits |= SECRET_MARK;
  if (POLICY_CHARACTER.test(text)) traits |= POLICY_SYMBOL;
  if (JOINT_LETTERS.test(text)) traits |= JOINT;
  // A text this long nearly always has a blank or a separator.
  return traits | LOGIN_SLOT;
}

const has = (traits: number, needed: number) => (traits & needed) === needed;

const PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN, "g");

function placeholderSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Whether `f` overlaps one of `spans` (sorted, disjoint): binary search for the first span ending after f starts. */
function overlapsAny(f: PiiFinding, spans: readonly [number, number][]): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][1] <= f.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.length && spans[lo][0] < f.end;
}

function byStart(a: PiiFinding, b: PiiFinding): number {
  return a.start - b.start || b.end - a.end;
}

function better(a: PiiFinding, b: PiiFinding): number {
  return b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Keeps the best of overlapping findings: higher score, then longer. Findings are grouped into
 * runs of transitively overlapping spans first, so the greedy choice only compares neighbours.
 */
/** A cluster this large is checked against a map of the characters taken, not finding by finding. */
const LARGE_CLUSTER = 16;

/**
 * The best findings of a cluster of overlapping ones that do not overlap each other, by start: the
 * better first, each kept unless it overlaps one kept before. A chain of thousands ("VAN DER
 * BERG/VAN DER BERG/…") marks the characters taken instead of comparing each with all kept.
 */
function chooseInCluster(cluster: PiiFinding[], from: number, to: number): PiiFinding[] {
  if (cluster.length < LARGE_CLUSTER) widenPersons(cluster);
  cluster.sort(better);
  const chosen: PiiFinding[] = [];
  if (cluster.length < LARGE_CLUSTER) {
    for (const f of cluster) if (!chosen.some((c) => f.start < c.end && c.start < f.end)) chosen.push(f);
  } else {
    const taken = new Uint8Array(to - from);
    for (const f of cluster) {
      let free = true;
      for (let k = f.start - from; k < f.end - from; k++) {
        if (taken[k]) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      taken.fill(1, f.start - from, f.end - from);
      chosen.push(f);
    }
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * "Kevin Park" (0.5) over "Park" (0.6, a surname that is also a word, found on its own): a name that
 * holds another name found is scored as the surer of the two, so the whole name is redacted.
 */
function widenPersons(cluster: PiiFinding[]): void {
  for (const outer of cluster) {
    if (outer.type !== "PERSON") continue;
    for (const inner of cluster) {
      if (inner !== outer && inner.type === "PERSON" && inner.score > outer.score && outer.start <= inner.start && inner.end <= outer.end) outer.score = inner.score;
    }
  }
}

function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  if (findings.length < 2) return findings;
  // Usually one detector found everything, already in order.
  for (let i = 1; i < findings.length; i++) {
    if (byStart(findings[i - 1], findings[i]) > 0) {
      findings.sort(byStart);
      break;
    }
  }
  const kept: PiiFinding[] = [];
  let i = 0;
  while (i < findings.length) {
    let j = i + 1;
    let clusterEnd = findings[i].end;
    while (j < findings.length && findings[j].start < clusterEnd) clusterEnd = Math.max(clusterEnd, findings[j++].end);
    if (j === i + 1) {
      kept.push(findings[i]);
    } else {
      kept.push(...chooseInCluster(findings.slice(i, j), findings[i].start, clusterEnd));
    }
    i = j;
  }
  return kept;
}

/**
 * Every piece of personal data in `text`, sorted by start and never overlapping.
 * Findings scored below `minScore` (default from the settings) are left out.
 */
// "Residential address: 18 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội": streets and districts named after
// people stand in an address's value, on the line after its label; "c/o" or "attn" there names one.
// The value runs to the line's end, or to its closing quote or the next field's separator.
const ADDRESS_LABEL =
  /(?:^|\n|[{,][ \t]*)[ \t"*-]*(?:(?:residential|home|shipping|billing|mailing|postal|delivery|street|work|office|registered|business|physical|permanent|current|correspondence)[ _-]?)?(?:address|addr)(?:[ _-]?line[ _-]?\d)?["*]?[ \t]*[:=][ \t]*"?[^"|\t;=\n]*$/i;
const CARE_OF = /\b(?:c\/o|attn|care of)\b/i;

function inAddressValue(text: string, at: number): boolean {
  // Looked for only within the 160 characters before (a text without line breaks would be read whole per name).
  const floor = Math.max(0, at - 160);
  let line = at - 1;
  while (line >= floor && text.charCodeAt(line) !== 10) line--;
  if (line < floor && floor > 0) return false;
  const before = text.slice(line + 1, at);
  return before.length > 6 && ADDRESS_LABEL.test("\n" + before) && !CARE_OF.test(before);
}

export function scanText(text: string, opts: { minScore?: number } = {}): PiiFinding[] {
  const minScore = opts.minScore ?? defaultPiiSettings.minScore;
  if (text.length < 3) return [];
  const traits = text.length <= SHORT_TEXT ? traitsByLoop(text) : traitsBySearch(text);
  const found: PiiFinding[] = [];
  if (has(traits, DIGITS_4) && text.length >= 7) detectNumbers(text, found);
  // "%40" is an "@" percent-encoded in a URL ("?email=ana%40mail.example").
  if (has(traits, AT) || text.includes("%40")) detectEmails(text, found);
  if (has(traits, DIGITS_4 | UPPER) && text.length >= 15) detectIbans(text, found);
  if (has(traits, COLONS_2)) detectIpv6(text, found);
  if (has(traits, SECRET_MARK)) detectSecrets(text, found);
  // "@maria.gonzalez" names someone without a capital letter, "HOLDER: JOHN SMITH" without a small one.
  const latinName = (traits & (CAPITALISED | AT)) !== 0 || (has(traits, UPPER) && (CAPITALS_AFTER_LABEL.test(text) || CAPITALS_TWO.test(text)));
  if (latinName || has(traits, HAN)) detectPersons(text, latinName, has(traits, HAN), minScore, found);
  // A table of logins ("owner,service\ndsantos,payments") has no capital letter at all; every login
  // holds four small letters in a row, so a table without them (numbers, codes) is not read twice.
  else if (text.includes("\n") && FOUR_LOWER.test(text)) detectTablePersons(text, found);
  // A login stands after a separator, a blank, an "@" or a Chinese label; one joined from two names anywhere.
  if (has(traits, LOGIN_SLOT) && text.length >= 6) detectHandles(text, found);
  if (has(traits, JOINT) && text.length >= 7) detectJoinedLogins(text, found);
  // "登录了 jiang_yun、liwei1988 两个账号": logins listed beside a person found.
  if (found.length > 0 && found.some((f) => f.type === "PERSON") && (text.includes(",") || text.includes("、") || text.includes("，"))) detectLoginsListedWithPersons(text, found);
  // "bread_and_butter: Gx7!pL2#vQ9^": a strong value after a name's separator.
  if (has(traits, POLICY_SYMBOL) && text.length >= 12) detectStrongValues(text, found);
  // `pagerduty_routing = "R0uT1nGk3yQ8zX4mV7pL2nB5"`: a generated value as a config line's whole value.
  if (has(traits, DIGITS_4 | UPPER) && text.length >= 22) detectGeneratedConfigValues(text, found);
  // "Will Forsythe … is this Will?": a full name found once is that person's where its parts stand alone.
  if (latinName && found.length > 0) detectLatinNamesAgain(text, minScore, found);
  // "Park Ji-woo (박지우)", "张伟（Zhang Wei）": the same person in another script, in brackets after the name.
  if (found.length > 0 && SCORE_AGAIN >= minScore && found.some((f) => f.type === "PERSON") && (text.includes("(") || text.includes("（"))) detectNamesInOtherScript(text, found);
  // "| Faith Mwangi | D. Kowalczyk |": a table's column where names were found holds people in its other cells too.
  if (latinName && found.length > 0 && text.includes("\n") && 0.6 >= minScore && found.some((f) => f.type === "PERSON")) detectColumnsOfNames(text, found);
  // "pager: Anil → Bukola → Vikram": a one-line list where two names were found holds names in its other items.
  if (latinName && found.length > 1 && 0.6 >= minScore) detectListsOfNames(text, found);
  // "loop in Grace from treasury": a name the lists know where the context model reads a person. Last of the name
  // passes, so that it weighs only the words they leave (a list of 16,000 names found otherwise cost 25 ms per 100 KB).
  if (latinName) detectNamesByContext(text, minScore, found);
  if (has(traits, HAN)) detectHanNamesByContext(text, minScore, found);
  // "the signing secret they gave us is Hq4vT9zR2mW7", "动态码：Qz8mW2rT9x": a made-up token where the words before it
  // say it is a secret. After the names, so that it weighs only the tokens every other detector left. "pw 1234" is the shortest.
  if (text.length >= 7) detectSecretsByContext(text, minScore, found);
  // A birthday may be written without its year ("birthday is Dec 9", 生日 3月12日), and a Chinese date in
  // numerals (出生于一九九二年三月八日), so with no run of four digits.
  if ((traits & (HAN | BIRTH_LETTER)) !== 0 ? has(traits, DIGITS_4) || text.includes("irthday") || text.includes("生日") || text.includes("出生") : has(traits, DIGITS_4) && hasOtherBirthCue(text)) detectDatesOfBirth(text, found);

  // A card's security code is a secret only beside the card, a resident ID's holder only before it:
  // looked for once one is found.
  if (found.length > 0 && found.some((f) => f.type === "CREDIT_CARD" && f.score >= minScore)) {
    detectCardCodes(text, found.filter((f) => f.type === "CREDIT_CARD" && f.score >= minScore), found);
  }
  if (found.length > 0 && has(traits, HAN) && found.some((f) => f.type === "CN_RESIDENT_ID" && f.score >= minScore)) detectNamesBeforeIds(text, found);
  if (found.length === 0) return found;
  const placeholders = has(traits, ANGLE) ? placeholderSpans(text) : [];
  // "[NAME REDACTED]", "Customer Name Withheld": what another tool wrote in a name's place names no one.
  const confident = found.filter(
    (f) => f.score >= minScore && !overlapsAny(f, placeholders) && !(f.type === "PERSON" && (REDACTION_WORD.test(f.text) || inAddressValue(text, f.start) || namesNoOne(f.text))),
  );
  return resolveOverlaps(confident);
}
