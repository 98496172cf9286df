/**
 * What the training scripts of the PII firewall's context models share (train-person-model.ts,
 * train-secret-model.ts): the labelled sets and corpus they learn from, the labels' spans, and a
 * deterministic logistic regression.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { precision, recall, score, type CorpusCase, type TypeScore } from "@/lib/domain/pii/evaluation";
import { scanText } from "@/lib/domain/pii/scan";
import type { PiiType } from "@/lib/domain/pii/types";

const HELD_OUT = "tests/pii-heldout";
const CORPUS = "lib/domain/pii/corpus";
const read = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as CorpusCase);

/** The held-out sets, each by name (the file's without ".jsonl"), in order. */
export const heldOutSets = () => readdirSync(HELD_OUT).filter((f) => f.endsWith(".jsonl")).sort().map((f) => ({ name: f.replace(/\.jsonl$/, ""), cases: read(join(HELD_OUT, f)) }));

/** The project's corpus. */
export const corpusCases = () => readdirSync(CORPUS).filter((f) => f.endsWith(".jsonl")).flatMap((f) => read(join(CORPUS, f)));

/**
 * The hand-written cases of real-text.test.ts, `expect(helper("…")).toEqual([…])` with `helper`
 * "people" or "secrets": the words and tokens that are or are not of `type` where they stand ("Hope
 * is not a strategy", "gpio_pin: 2048"), which the held-out writers seldom wrote.
 */
export function handWritten(helper: string, type: PiiType): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const source = readFileSync("lib/domain/pii/real-text.test.ts", "utf8");
  const literal = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`;
  const call = new RegExp(String.raw`expect\(${helper}\((${literal})\)\)\.toEqual\(\[((?:"(?:[^"\\\n]|\\.)*"(?:, )?)*)\]\)`, "g");
  for (const m of source.matchAll(call)) {
    try {
      const text = JSON.parse(m[1].startsWith("'") ? singleToDouble(m[1]) : m[1]) as string;
      const values = JSON.parse(`[${m[2]}]`) as string[];
      if (values.every((v) => text.includes(v))) cases.push({ id: `hand-${cases.length}`, lang: "en", kind: "positive", text, entities: values.map((value) => ({ type, value })) });
    } catch {
      // A literal JSON cannot read (a JavaScript-only escape) is left out.
    }
  }
  return cases;
}

/** Where each label of `type` stands in its case's text, occurrences taken in order. */
export function labelledSpans(c: CorpusCase, type: PiiType): [number, number][] {
  const spans: [number, number][] = [];
  let cursor = 0;
  for (const e of c.entities) {
    let start = c.text.indexOf(e.value, cursor);
    if (start < 0) start = c.text.indexOf(e.value);
    cursor = start + e.value.length;
    if (e.type === type) spans.push([start, cursor]);
  }
  return spans;
}

export interface Example {
  features: string[];
  positive: boolean;
}

export interface Trained {
  bias: number;
  weights: Map<string, number>;
}

export interface TrainingOptions {
  l2: number;
  epochs: number;
  /** A feature seen fewer times says more about its one text than about the type: left out. */
  minCount: number;
}

/** Logistic regression by AdaGrad with L2, the order shuffled by a fixed seed; weights under 0.05 dropped. */
export function train(all: Example[], { l2, epochs, minCount }: TrainingOptions): Trained {
  const seen = new Map<string, number>();
  for (const e of all) for (const f of e.features) seen.set(f, (seen.get(f) ?? 0) + 1);
  const examples = all.map((e) => ({ positive: e.positive, features: e.features.filter((f) => seen.get(f)! >= minCount) }));
  const weights = new Map<string, number>();
  const squares = new Map<string, number>();
  let bias = 0;
  let biasSquares = 1e-8;
  const rate = 0.3;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const index of order) {
      const { features, positive } = examples[index];
      let z = bias;
      for (const f of features) z += weights.get(f) ?? 0;
      const gradient = 1 / (1 + Math.exp(-z)) - (positive ? 1 : 0);
      biasSquares += gradient * gradient;
      bias -= (rate * gradient) / Math.sqrt(biasSquares);
      for (const f of features) {
        const w = weights.get(f) ?? 0;
        const g = gradient + l2 * w;
        const s = (squares.get(f) ?? 1e-8) + g * g;
        squares.set(f, s);
        weights.set(f, w - (rate * g) / Math.sqrt(s));
      }
    }
  }
  for (const [f, w] of weights) if (Math.abs(w) < 0.05) weights.delete(f);
  return { bias, weights };
}

/** A trained model as the generated file's lines: "feature<TAB>weight", sorted. */
export const weightLines = (model: Trained) => [...model.weights].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, w]) => `${f}\t${w.toFixed(3)}`);

/** A single-quoted literal as a double-quoted one JSON reads: `'a "b" \'c\''` → `"a \"b\" 'c'"`. */
function singleToDouble(literal: string): string {
  let out = '"';
  for (let i = 1; i < literal.length - 1; i++) {
    const c = literal[i];
    if (c === "\\") {
      const next = literal[++i];
      out += next === "'" ? "'" : `\\${next}`;
    } else out += c === '"' ? '\\"' : c;
  }
  return `${out}"`;
}

interface Totals {
  tp: number;
  predicted: number;
  found: number;
  labelled: number;
}

/**
 * Leave-one-set-out: for each held-out set, `trainWithout(i)` trains on every other one, and `type`'s
 * precision and recall on the set are printed with the rules alone (`apply(null, 0)`) and with the model at
 * each threshold, then summed over the sets. With `show`, each set's findings of the model (its
 * detector's name starts with `detector`) at that threshold are listed, "FA" marking false alarms.
 */
export function crossValidate<Model>(options: {
  sets: { name: string; cases: CorpusCase[] }[];
  type: PiiType;
  thresholds: number[];
  trainWithout: (set: number) => Model;
  apply: (model: Model | null, threshold: number) => void;
  detector: string;
  show?: number;
}): void {
  const { sets, type, thresholds, trainWithout, apply, detector, show } = options;
  const totals = new Map<string, Totals>();
  const add = (key: string, s: TypeScore) => {
    const t = totals.get(key) ?? { tp: 0, predicted: 0, found: 0, labelled: 0 };
    t.tp += s.truePositives;
    t.predicted += s.predicted;
    t.found += s.found;
    t.labelled += s.labelled;
    totals.set(key, t);
  };
  const scoreOf = (cases: CorpusCase[]) => score(cases).get(type)!;
  for (const [i, set] of sets.entries()) {
    const model = trainWithout(i);
    apply(null, 0);
    const base = scoreOf(set.cases);
    add("rules", base);
    const row = [`${set.name.padEnd(14)} rules ${precision(base).toFixed(3)}/${recall(base).toFixed(3)}`];
    for (const t of thresholds) {
      apply(model, t);
      const s = scoreOf(set.cases);
      add(String(t), s);
      row.push(`${t}: ${precision(s).toFixed(3)}/${recall(s).toFixed(3)}`);
    }
    console.log(row.join("  "));
    if (show === undefined) continue;
    apply(model, show);
    for (const c of set.cases) {
      const spans = labelledSpans(c, type);
      for (const f of scanText(c.text).filter((f) => f.detector.startsWith(detector))) {
        const right = spans.some(([a, b]) => a < f.end && f.start < b) || c.entities.some((e) => e.type === type && e.value === f.text);
        console.log(`   ${right ? "+" : "FA"} ${c.id} ${f.text} | ${c.text.slice(Math.max(0, f.start - 40), f.end + 40).replace(/\n/g, "⏎")}`);
      }
    }
  }
  for (const [key, t] of totals) console.log(`all ${key.padEnd(5)} P ${(t.tp / t.predicted).toFixed(4)} R ${(t.found / t.labelled).toFixed(4)} (${t.predicted} predicted, ${t.found}/${t.labelled} found)`);
}
