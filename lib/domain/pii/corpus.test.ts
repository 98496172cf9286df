import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatScores, LANGUAGES, precision, recall, scoreByLanguage, type CorpusCase, type TypeScore } from "./evaluation";
import type { PiiType } from "./types";

const CORPUS_DIR = join(import.meta.dirname, "corpus");

function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(CORPUS_DIR, f), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line) as CorpusCase);
}

// Targets from the issue; PERSON's hold in each language too. DATE_OF_BIRTH is cue-based: its
// cases (labels, SQL columns, form dates such as 23-Mar-1994) are held to the same bar as secrets.
const TARGETS: Partial<Record<PiiType, { precision: number; recall: number }>> = {
  CREDIT_CARD: { precision: 0.98, recall: 0.99 },
  IBAN: { precision: 0.98, recall: 0.99 },
  CN_RESIDENT_ID: { precision: 0.98, recall: 0.99 },
  US_SSN: { precision: 0.98, recall: 0.99 },
  EMAIL: { precision: 0.97, recall: 0.97 },
  PHONE: { precision: 0.97, recall: 0.97 },
  IP_ADDRESS: { precision: 0.97, recall: 0.97 },
  SECRET: { precision: 0.97, recall: 0.97 },
  PERSON: { precision: 0.95, recall: 0.95 },
  DATE_OF_BIRTH: { precision: 0.97, recall: 0.97 },
};
const PER_LANGUAGE: PiiType[] = ["PERSON"];

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
    const scores = scoreByLanguage(cases);
    const { all: table, byLanguage } = scores;
    console.log(`PII corpus: ${cases.length} cases\n${formatScores(scores, TARGETS)}`);
    for (const [type, target] of Object.entries(TARGETS) as [PiiType, { precision: number; recall: number }][]) {
      const scopes: [string, TypeScore][] = [["", table.get(type)!]];
      if (PER_LANGUAGE.includes(type)) for (const l of LANGUAGES) scopes.push([` (${l})`, byLanguage[l].get(type)!]);
      for (const [scope, s] of scopes) {
        expect(precision(s), `${type}${scope} precision; false alarms: ${s.falseAlarms.join(", ")}`).toBeGreaterThanOrEqual(target.precision);
        expect(recall(s), `${type}${scope} recall; misses: ${s.misses.join(", ")}`).toBeGreaterThanOrEqual(target.recall);
      }
    }
  });
});
