import { detectDatesOfBirth } from "./detectors/date-of-birth";
import { detectEmails } from "./detectors/email";
import { detectIbans } from "./detectors/iban";
import { detectIpv6 } from "./detectors/ip";
import { detectNumbers } from "./detectors/numbers";
import { detectChinesePersons, detectEnglishPersons } from "./detectors/person";
import { detectSecrets } from "./detectors/secret";
import { defaultPiiSettings } from "./settings";
import type { PiiFinding } from "./types";

// Characters a text contains, found in one pass: most strings in agent JSON are short tokens
// ("USD", a UUID, a timestamp), and a detector whose indispensable characters are missing is
// skipped before its regex runs. Cheaper than even one failing regex call per detector.
const DIGITS_4 = 1;
const AT = 2;
const COLONS_2 = 4;
const UPPER = 8;
const CJK = 16;
const ANGLE = 32;
const LETTER_B = 64;
const SECRET_MARK = 128;

const ALL_TRAITS = 255;
// Past this length a text contains nearly everything, and the pass would only add to the cost.
const TRAITS_MAX_LENGTH = 1024;

function traitsOf(text: string): number {
  if (text.length > TRAITS_MAX_LENGTH) return ALL_TRAITS;
  let traits = 0;
  let digits = 0;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) {
      traits |= UPPER;
      // "AKIA…" and "AIza…" keys can stand alone, without any separator.
      if (c === 65) traits |= SECRET_MARK;
      else if (c === 66) traits |= LETTER_B;
    } else if (c === 98) traits |= LETTER_B;
    else if (c === 58) colons++;
    else if (c === 64) traits |= AT;
    else if (c === 60) traits |= ANGLE;
    // Separators every secret pattern needs one of: - _ . = space tab ".
    else if (c === 45 || c === 95 || c === 46 || c === 61 || c === 32 || c === 9 || c === 34) traits |= SECRET_MARK;
    else if (c >= 0x4e00 && c <= 0x9fff) traits |= CJK;
    else if (c >= 0xc0 && c <= 0x24f) traits |= UPPER;
  }
  if (digits >= 4) traits |= DIGITS_4;
  if (colons > 0) traits |= SECRET_MARK;
  if (colons >= 2) traits |= COLONS_2;
  return traits;
}

const has = (traits: number, needed: number) => (traits & needed) === needed;

// Output of the `replace` and `hash` operators. Redacted text is scanned again (residual
// checks, re-ingestion), and a placeholder must never read as PII itself.
const PLACEHOLDER = /<[A-Z][A-Z_]*(?:_\d+|#[0-9a-f]{12})>/g;

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

function better(a: PiiFinding, b: PiiFinding): number {
  return b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Keeps the best of overlapping findings: higher score, then longer. Findings are grouped into
 * runs of transitively overlapping spans first, so the greedy choice only compares neighbours.
 */
function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiFinding[] = [];
  let i = 0;
  while (i < findings.length) {
    let j = i + 1;
    let clusterEnd = findings[i].end;
    while (j < findings.length && findings[j].start < clusterEnd) clusterEnd = Math.max(clusterEnd, findings[j++].end);
    if (j === i + 1) {
      kept.push(findings[i]);
    } else {
      const chosen: PiiFinding[] = [];
      for (const f of findings.slice(i, j).sort(better)) {
        if (!chosen.some((c) => f.start < c.end && c.start < f.end)) chosen.push(f);
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  return kept;
}

/**
 * Every piece of personal data in `text`, sorted by start and never overlapping.
 * Findings scored below `minScore` (default from the settings) are left out.
 */
export function scanText(text: string, opts: { minScore?: number } = {}): PiiFinding[] {
  const minScore = opts.minScore ?? defaultPiiSettings.minScore;
  if (text.length < 3) return [];
  const traits = traitsOf(text);
  const found: PiiFinding[] = [];
  if (has(traits, DIGITS_4) && text.length >= 7) detectNumbers(text, found);
  if (has(traits, AT)) detectEmails(text, found);
  if (has(traits, UPPER | DIGITS_4) && text.length >= 15) detectIbans(text, found);
  if (has(traits, COLONS_2)) detectIpv6(text, found);
  if (has(traits, SECRET_MARK)) detectSecrets(text, found);
  if (has(traits, UPPER)) detectEnglishPersons(text, found);
  if (has(traits, CJK)) detectChinesePersons(text, found);
  if (has(traits, DIGITS_4) && (traits & (LETTER_B | CJK)) !== 0) detectDatesOfBirth(text, found);

  const placeholders = has(traits, ANGLE) ? placeholderSpans(text) : [];
  const confident = found.filter((f) => f.score >= minScore && !overlapsAny(f, placeholders));
  return resolveOverlaps(confident);
}
