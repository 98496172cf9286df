import { scanText } from "./scan";
import { PII_TYPES, type PiiFinding, type PiiType } from "./types";

/**
 * Scoring a labelled corpus: the project's own (corpus/*.jsonl, in corpus.test.ts) and any
 * held-out set (`npm run pii:eval -- file.jsonl`) are measured the same way.
 */
export interface CorpusCase {
  id: string;
  lang: "en" | "zh";
  kind: "positive" | "hard-negative";
  text: string;
  entities: { type: PiiType; value: string }[];
}

interface Span {
  type: PiiType;
  start: number;
  end: number;
}

/** Labels name values; each is located after the previous one so repeated values map to their own spans. */
function labelledSpans(c: CorpusCase): Span[] {
  let cursor = 0;
  return c.entities.map(({ type, value }) => {
    let start = c.text.indexOf(value, cursor);
    if (start < 0) start = c.text.indexOf(value);
    if (start < 0) throw new Error(`${c.id}: label "${value}" is not in the text`);
    cursor = start + value.length;
    return { type, start, end: cursor };
  });
}

const overlaps = (a: Span, b: Span) => a.type === b.type && a.start < b.end && b.start < a.end;

export interface TypeScore {
  labelled: number;
  predicted: number;
  truePositives: number;
  found: number;
  misses: string[];
  falseAlarms: string[];
}

/**
 * Entity-level scoring: a prediction is right when a label of the same type overlaps it, or when it
 * repeats a labelled value of its type (writers label a value once, "10.20.30.40" in the error and
 * again in the connection string; the firewall must redact both).
 */
export function score(cases: CorpusCase[]): Map<PiiType, TypeScore> {
  const table = new Map<PiiType, TypeScore>(
    PII_TYPES.map((t) => [t, { labelled: 0, predicted: 0, truePositives: 0, found: 0, misses: [], falseAlarms: [] }]),
  );
  for (const c of cases) {
    const labels = labelledSpans(c);
    const predictions: PiiFinding[] = scanText(c.text);
    for (const label of labels) {
      const row = table.get(label.type)!;
      row.labelled++;
      if (predictions.some((p) => overlaps(p, label))) row.found++;
      else row.misses.push(`${c.id} "${c.text.slice(label.start, label.end)}"`);
    }
    for (const p of predictions) {
      const row = table.get(p.type)!;
      row.predicted++;
      if (labels.some((l) => overlaps(p, l)) || c.entities.some((e) => e.type === p.type && e.value === p.text)) row.truePositives++;
      else row.falseAlarms.push(`${c.id} "${p.text}"`);
    }
  }
  return table;
}

export const precision = (s: TypeScore) => (s.predicted === 0 ? 1 : s.truePositives / s.predicted);
export const recall = (s: TypeScore) => (s.labelled === 0 ? 1 : s.found / s.labelled);

export const LANGUAGES = ["en", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The corpus scored as a whole and per language. */
export function scoreByLanguage(cases: CorpusCase[]): { all: Map<PiiType, TypeScore>; byLanguage: Record<Language, Map<PiiType, TypeScore>> } {
  return {
    all: score(cases),
    byLanguage: Object.fromEntries(LANGUAGES.map((l) => [l, score(cases.filter((c) => c.lang === l))])) as Record<Language, Map<PiiType, TypeScore>>,
  };
}

const pr = (s: TypeScore) => (s.labelled + s.predicted === 0 ? "     -     " : `${precision(s).toFixed(2)} / ${recall(s).toFixed(2)}`);

/** A table of labelled, predicted, precision and recall per type, per language, and the target when there is one. */
export function formatScores(
  { all, byLanguage }: ReturnType<typeof scoreByLanguage>,
  targets: Partial<Record<PiiType, { precision: number; recall: number }>> = {},
): string {
  const rows = [...all].map(([type, s]) => {
    const target = targets[type];
    return [
      type.padEnd(15),
      String(s.labelled).padStart(7),
      String(s.predicted).padStart(9),
      precision(s).toFixed(3).padStart(9),
      recall(s).toFixed(3).padStart(7),
      ...LANGUAGES.map((l) => pr(byLanguage[l].get(type)!).padStart(12)),
      `  ${target ? `${target.precision.toFixed(2)} / ${target.recall.toFixed(2)}` : "reported"}`,
    ].join("  ");
  });
  const header = `type             labelled  predicted  precision  recall  ${LANGUAGES.map((l) => `${l} (P / R)`.padStart(12)).join("  ")}    target (P / R)`;
  return [header, ...rows].join("\n");
}
