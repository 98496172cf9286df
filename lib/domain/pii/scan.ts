import { detectDatesOfBirth } from "./detectors/date-of-birth";
import { detectEmails } from "./detectors/email";
import { detectIbans } from "./detectors/iban";
import { detectIpv6 } from "./detectors/ip";
import { detectNumbers } from "./detectors/numbers";
import { detectPersons } from "./detectors/person";
import { detectSecrets } from "./detectors/secret";
import { defaultPiiSettings } from "./settings";
import type { PiiFinding } from "./types";

/**
 * Most strings in agent JSON are short tokens ("USD", "eu-west-1", an id): the shortest match
 * of each detector and a substring it cannot do without skip it before any regex runs.
 */
const DETECTORS: { minLength: number; mayMatch?: (text: string) => boolean; detect: (text: string, out: PiiFinding[]) => void }[] = [
  { minLength: 7, detect: detectNumbers },
  { minLength: 6, mayMatch: (t) => t.includes("@"), detect: detectEmails },
  { minLength: 15, detect: detectIbans },
  { minLength: 3, mayMatch: (t) => t.includes(":"), detect: detectIpv6 },
  { minLength: 6, detect: detectSecrets },
  { minLength: 3, detect: detectPersons },
  { minLength: 10, detect: detectDatesOfBirth },
];

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
  const found: PiiFinding[] = [];
  for (const detector of DETECTORS) {
    if (text.length >= detector.minLength && (!detector.mayMatch || detector.mayMatch(text))) detector.detect(text, found);
  }

  const placeholders = text.includes("<") ? placeholderSpans(text) : [];
  const confident = found.filter((f) => f.score >= minScore && !overlapsAny(f, placeholders));
  return resolveOverlaps(confident);
}
