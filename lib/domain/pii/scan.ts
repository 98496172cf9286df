import { detectDatesOfBirth } from "./detectors/date-of-birth";
import { detectEmails } from "./detectors/email";
import { detectIbans } from "./detectors/iban";
import { detectIpv6 } from "./detectors/ip";
import { detectNumbers } from "./detectors/numbers";
import { detectChinesePersons, detectEnglishPersons } from "./detectors/person";
import { detectSecrets } from "./detectors/secret";
import { defaultPiiSettings } from "./settings";
import { PLACEHOLDER_PATTERN, type PiiFinding } from "./types";

// Characters a detector cannot do without. Most strings in agent JSON are short tokens ("USD",
// a UUID, a timestamp): a test that stops at the first hit is cheaper than a detector's full
// pattern, and far cheaper than a loop over the characters in JavaScript.
const FOUR_DIGITS = /\d\D*\d\D*\d\D*\d/;
const UPPER_LETTER = /[A-Z\u00c0-\u024f]/;
// A name is a capital followed by a small letter; "SKU-1", "T09:26" and "API" have none.
const CAPITALISED = /[A-Z\u00c0-\u00de][a-z\u00df-\u024f]/;
const HAN = /[\u4e00-\u9fff]/;
// Every secret pattern has one of these: a separator, or the "A" of "AKIA…" and "AIza…".
const SECRET_MARK = /[-_.=: \t"A]/;
const BIRTH_CUE_LETTER = /[bB生]/;

function hasTwoColons(text: string): boolean {
  const first = text.indexOf(":");
  return first !== -1 && text.indexOf(":", first + 1) !== -1;
}

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
  const found: PiiFinding[] = [];
  const digits = FOUR_DIGITS.test(text);
  const upper = UPPER_LETTER.test(text);
  if (digits && text.length >= 7) detectNumbers(text, found);
  if (text.includes("@")) detectEmails(text, found);
  if (digits && upper && text.length >= 15) detectIbans(text, found);
  if (hasTwoColons(text)) detectIpv6(text, found);
  if (SECRET_MARK.test(text)) detectSecrets(text, found);
  if (upper && CAPITALISED.test(text)) detectEnglishPersons(text, found);
  const han = HAN.test(text);
  if (han) detectChinesePersons(text, found);
  if (digits && (han || BIRTH_CUE_LETTER.test(text))) detectDatesOfBirth(text, found);

  const placeholders = text.includes("<") ? placeholderSpans(text) : [];
  const confident = found.filter((f) => f.score >= minScore && !overlapsAny(f, placeholders));
  return resolveOverlaps(confident);
}
