import { describe, expect, it } from "vitest";
import { evaluatePredictions, stratifiedSplit, type Prediction } from "./classifier-metrics";

const prediction = (actual: string, predicted: string, confidence: number): Prediction => ({ actual, predicted, confidence });

/** Seven predictions over three corrections, worked by hand below. */
const FIXTURE = [
  prediction("a", "a", 0.95),
  prediction("a", "a", 1),
  prediction("b", "a", 0.9),
  prediction("b", "b", 0.65),
  prediction("c", "b", 0.61),
  prediction("c", "c", 0.35),
  prediction("a", "c", 0.05),
];

describe("evaluatePredictions", () => {
  const report = evaluatePredictions(FIXTURE);

  it("counts right answers and lays out the confusion matrix with actual labels as rows", () => {
    expect(report.count).toBe(7);
    expect(report.accuracy).toBeCloseTo(4 / 7, 12);
    expect(report.labels).toEqual(["a", "b", "c"]);
    expect(report.confusion).toEqual([
      [2, 0, 1],
      [1, 1, 0],
      [0, 1, 1],
    ]);
  });

  it("averages F1 over corrections so each counts the same", () => {
    // a: TP 2, FP 1, FN 1 → 4/6; b: TP 1, FP 1, FN 1 → 2/4; c: the same as b.
    expect(report.macroF1).toBeCloseTo((4 / 6 + 0.5 + 0.5) / 3, 12);
  });

  it("counts a correction that was only ever predicted as an F1 of 0", () => {
    const onlyPredicted = evaluatePredictions([prediction("x", "x", 0.9), prediction("x", "y", 0.8)]);
    expect(onlyPredicted.labels).toEqual(["x", "y"]);
    // x: TP 1, FN 1 → 2/3; y: no true positive → 0.
    expect(onlyPredicted.macroF1).toBeCloseTo(1 / 3, 12);
  });

  it("bins confidences in tenths, with a confidence of 1 in the last bin", () => {
    expect(report.calibration).toHaveLength(10);
    expect(report.calibration.map(({ count }) => count)).toEqual([1, 0, 0, 1, 0, 0, 2, 0, 0, 3]);
    const [first, , , fourth, , , seventh, , , last] = report.calibration;
    expect(first).toEqual({ from: 0, to: 0.1, count: 1, meanConfidence: 0.05, accuracy: 0 });
    expect(fourth).toEqual({ from: 0.3, to: 0.4, count: 1, meanConfidence: 0.35, accuracy: 1 });
    expect(seventh.meanConfidence).toBeCloseTo(0.63, 12);
    expect(seventh.accuracy).toBe(0.5);
    expect(last.from).toBe(0.9);
    expect(last.to).toBe(1);
    expect(last.meanConfidence).toBeCloseTo(0.95, 12);
    expect(last.accuracy).toBeCloseTo(2 / 3, 12);
    expect(report.calibration[1]).toEqual({ from: 0.1, to: 0.2, count: 0, meanConfidence: null, accuracy: null });
  });

  it("measures the expected calibration error as the count-weighted gap between confidence and accuracy", () => {
    // (3·|2/3 − 0.95| + 2·|0.5 − 0.63| + 1·|1 − 0.35| + 1·|0 − 0.05|) / 7 = (0.85 + 0.26 + 0.65 + 0.05) / 7
    expect(report.expectedCalibrationError).toBeCloseTo(1.81 / 7, 12);
  });

  it("takes another number of bins", () => {
    const halves = evaluatePredictions(FIXTURE, 2);
    expect(halves.calibration.map(({ from, to, count }) => [from, to, count])).toEqual([
      [0, 0.5, 2],
      [0.5, 1, 5],
    ]);
  });

  it("reports zeros and empty bins, never NaN, when there is nothing to evaluate", () => {
    const empty = evaluatePredictions([]);
    expect(empty).toMatchObject({ count: 0, accuracy: 0, macroF1: 0, labels: [], confusion: [], expectedCalibrationError: 0 });
    expect(empty.calibration).toHaveLength(10);
    expect(empty.calibration.every(({ count, meanConfidence, accuracy }) => count === 0 && meanConfidence === null && accuracy === null)).toBe(true);
  });

  it("refuses a confidence outside [0, 1] and a bin count that is not a whole number", () => {
    expect(() => evaluatePredictions([prediction("a", "a", 1.2)])).toThrow(/between 0 and 1; got 1.2/);
    expect(() => evaluatePredictions([prediction("a", "a", Number.NaN)])).toThrow(/between 0 and 1/);
    expect(() => evaluatePredictions(FIXTURE, 0)).toThrow(/bins/);
  });
});

describe("stratifiedSplit", () => {
  const items = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, label: "a" })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, label: "b" })),
    ...Array.from({ length: 2 }, (_, i) => ({ id: `c${i}`, label: "c" })),
    { id: "d0", label: "d" },
  ];
  const labelOf = (item: { label: string }) => item.label;
  const split = stratifiedSplit(items, labelOf, 0.2, 1);
  const countOf = (side: Array<{ label: string }>, label: string) => side.filter((item) => item.label === label).length;

  it("holds out about the fraction of each correction, at least one of each that has two examples", () => {
    expect(["a", "b", "c", "d"].map((label) => countOf(split.holdOut, label))).toEqual([2, 1, 1, 0]);
    expect(["a", "b", "c", "d"].map((label) => countOf(split.train, label))).toEqual([8, 4, 1, 1]);
  });

  it("puts every item on exactly one side, in input order", () => {
    expect([...split.train, ...split.holdOut].map((item) => item.id).sort()).toEqual(items.map((item) => item.id).sort());
    const position = (item: (typeof items)[number]) => items.indexOf(item);
    for (const side of [split.train, split.holdOut]) {
      expect(side.map(position)).toEqual(side.map(position).sort((x, y) => x - y));
    }
  });

  it("gives the same split for the same seed and another for another seed", () => {
    expect(stratifiedSplit(items, labelOf, 0.2, 1)).toEqual(split);
    expect(stratifiedSplit(items, labelOf, 0.2, 2).holdOut).not.toEqual(split.holdOut);
  });

  it("refuses a fraction that would leave a side empty", () => {
    expect(() => stratifiedSplit(items, labelOf, 0, 1)).toThrow(/between 0 and 1/);
    expect(() => stratifiedSplit(items, labelOf, 1, 1)).toThrow(/between 0 and 1/);
  });
});
