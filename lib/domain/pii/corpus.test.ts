import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanText } from "./scan";
import { PII_TYPES, type PiiFinding, type PiiType } from "./types";

interface CorpusCase {
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

const CORPUS_DIR = join(import.meta.dirname, "corpus");

function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(CORPUS_DIR, f), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line) as CorpusCase);
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

interface TypeScore {
  labelled: number;
  predicted: number;
  truePositives: number;
  found: number;
  misses: string[];
  falseAlarms: string[];
}

/** Entity-level scoring: a prediction is right when a label of the same type overlaps it. */
function score(cases: CorpusCase[]): Map<PiiType, TypeScore> {
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
      if (labels.some((l) => overlaps(p, l))) row.truePositives++;
      else row.falseAlarms.push(`${c.id} "${p.text}"`);
    }
  }
  return table;
}

const precision = (s: TypeScore) => (s.predicted === 0 ? 1 : s.truePositives / s.predicted);
const recall = (s: TypeScore) => (s.labelled === 0 ? 1 : s.found / s.labelled);

// Targets from the issue. PERSON and DATE_OF_BIRTH are cue-based and reported as they are.
const TARGETS: Partial<Record<PiiType, { precision: number; recall: number }>> = {
  CREDIT_CARD: { precision: 0.98, recall: 0.99 },
  IBAN: { precision: 0.98, recall: 0.99 },
  CN_RESIDENT_ID: { precision: 0.98, recall: 0.99 },
  US_SSN: { precision: 0.98, recall: 0.99 },
  EMAIL: { precision: 0.97, recall: 0.97 },
  PHONE: { precision: 0.97, recall: 0.97 },
  IP_ADDRESS: { precision: 0.97, recall: 0.97 },
  SECRET: { precision: 0.97, recall: 0.97 },
};

function formatTable(table: Map<PiiType, TypeScore>): string {
  const rows = [...table].map(([type, s]) => {
    const target = TARGETS[type];
    return [
      type.padEnd(15),
      String(s.labelled).padStart(7),
      String(s.predicted).padStart(9),
      precision(s).toFixed(3).padStart(9),
      recall(s).toFixed(3).padStart(7),
      target ? `${target.precision.toFixed(2)} / ${target.recall.toFixed(2)}` : "reported",
    ].join("  ");
  });
  return ["type             labelled  predicted  precision  recall  target (P / R)", ...rows].join("\n");
}

describe("labelled PII corpus", () => {
  const cases = loadCorpus();

  it("has at least 300 cases in English and Chinese, a third of them hard negatives", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(cases.some((c) => c.lang === "zh")).toBe(true);
    expect(cases.some((c) => c.lang === "en")).toBe(true);
    const negatives = cases.filter((c) => c.kind === "hard-negative");
    expect(negatives.length * 3).toBeGreaterThanOrEqual(cases.length);
    expect(negatives.every((c) => c.entities.length === 0)).toBe(true);
  });

  it("meets the precision and recall targets per entity type", () => {
    const table = score(cases);
    console.log(`PII corpus: ${cases.length} cases\n${formatTable(table)}`);
    for (const [type, target] of Object.entries(TARGETS) as [PiiType, { precision: number; recall: number }][]) {
      const s = table.get(type)!;
      expect(precision(s), `${type} precision; false alarms: ${s.falseAlarms.join(", ")}`).toBeGreaterThanOrEqual(target.precision);
      expect(recall(s), `${type} recall; misses: ${s.misses.join(", ")}`).toBeGreaterThanOrEqual(target.recall);
    }
  });
});
