import { mulberry32 } from "./prescreen";

/**
 * How well a classifier chooses among labels, measured on examples it did not
 * train on: accuracy, macro-F1 (so a rare correction counts as much as a
 * common one), the confusion matrix, and whether its confidence can be
 * trusted as a probability (a calibration table and its expected error).
 */

export interface Prediction {
  actual: string;
  predicted: string;
  confidence: number;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  /** null when no prediction fell in the bin. */
  meanConfidence: number | null;
  /** null when no prediction fell in the bin. */
  accuracy: number | null;
}

export interface ClassifierReport {
  count: number;
  accuracy: number;
  macroF1: number;
  /** Every label seen as actual or predicted, sorted. */
  labels: string[];
  /** Rows are actual labels, columns predicted ones, both in `labels` order. */
  confusion: number[][];
  calibration: CalibrationBin[];
  /** Σ over bins of (bin share of predictions) × |accuracy − mean confidence|. */
  expectedCalibrationError: number;
}

/**
 * Holds out about `holdOutFraction` of each label's items, chosen by a seeded
 * shuffle, so a rare correction is measured too. A label with one item stays
 * in training (the model could never predict it otherwise); a label with two
 * or more has at least one item on each side. Items keep their input order
 * within each side.
 */
export function stratifiedSplit<T>(
  items: T[],
  labelOf: (item: T) => string,
  holdOutFraction: number,
  seed: number,
): { train: T[]; holdOut: T[] } {
  if (!(holdOutFraction > 0 && holdOutFraction < 1)) {
    throw new Error(`The hold-out fraction must be between 0 and 1 (exclusive); got ${holdOutFraction}.`);
  }
  const rowsByLabel = new Map<string, number[]>();
  items.forEach((item, row) => {
    const label = labelOf(item);
    const rows = rowsByLabel.get(label);
    if (rows) rows.push(row);
    else rowsByLabel.set(label, [row]);
  });

  const random = mulberry32(seed);
  const heldOut = new Set<number>();
  // Labels in sorted order, so the split does not depend on which label happens to come first.
  for (const label of [...rowsByLabel.keys()].sort()) {
    const rows = rowsByLabel.get(label) ?? [];
    if (rows.length < 2) continue;
    const count = Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * holdOutFraction)));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    for (const row of rows.slice(0, count)) heldOut.add(row);
  }

  const train: T[] = [];
  const holdOut: T[] = [];
  items.forEach((item, row) => (heldOut.has(row) ? holdOut : train).push(item));
  return { train, holdOut };
}

/** Scores predictions; `bins` equal-width confidence bins over [0, 1], with a confidence of exactly 1 in the last. */
export function evaluatePredictions(predictions: Prediction[], bins = 10): ClassifierReport {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`The number of calibration bins must be a whole number of at least 1; got ${bins}.`);
  const invalid = predictions.find(({ confidence }) => !(confidence >= 0 && confidence <= 1));
  if (invalid) throw new Error(`A prediction's confidence must be between 0 and 1; got ${invalid.confidence}.`);

  const labels = [...new Set(predictions.flatMap(({ actual, predicted }) => [actual, predicted]))].sort();
  const position = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  const binCount = new Array<number>(bins).fill(0);
  const binCorrect = new Array<number>(bins).fill(0);
  const binConfidence = new Array<number>(bins).fill(0);
  let correct = 0;
  for (const { actual, predicted, confidence } of predictions) {
    confusion[position.get(actual) ?? 0][position.get(predicted) ?? 0]++;
    const hit = actual === predicted ? 1 : 0;
    correct += hit;
    const bin = Math.min(bins - 1, Math.floor(confidence * bins));
    binCount[bin]++;
    binCorrect[bin] += hit;
    binConfidence[bin] += confidence;
  }

  const count = predictions.length;
  const calibration: CalibrationBin[] = binCount.map((inBin, bin) => ({
    from: bin / bins,
    to: (bin + 1) / bins,
    count: inBin,
    meanConfidence: inBin === 0 ? null : binConfidence[bin] / inBin,
    accuracy: inBin === 0 ? null : binCorrect[bin] / inBin,
  }));
  const expectedCalibrationError = calibration.reduce(
    (sum, { count: inBin, meanConfidence, accuracy }) =>
      meanConfidence === null || accuracy === null ? sum : sum + (inBin / count) * Math.abs(accuracy - meanConfidence),
    0,
  );

  return {
    count,
    accuracy: count === 0 ? 0 : correct / count,
    macroF1: labels.length === 0 ? 0 : labels.reduce((sum, _, i) => sum + f1(confusion, i), 0) / labels.length,
    labels,
    confusion,
    calibration,
    expectedCalibrationError,
  };
}

/** F1 = 2·TP / (2·TP + FP + FN), which is 0 rather than undefined for a label never predicted correctly. */
function f1(confusion: number[][], label: number): number {
  const truePositives = confusion[label][label];
  let falsePositives = 0;
  let falseNegatives = 0;
  for (let other = 0; other < confusion.length; other++) {
    if (other === label) continue;
    falsePositives += confusion[other][label];
    falseNegatives += confusion[label][other];
  }
  return truePositives === 0 ? 0 : (2 * truePositives) / (2 * truePositives + falsePositives + falseNegatives);
}
