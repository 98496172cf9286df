import type { ValueGrade } from "./value-grade";

/**
 * The pre-screen: a logistic-regression classifier trained on reviewers' past
 * approve/reject decisions. Small enough to train in the request that asks for
 * it, deterministic for a seed, and explainable feature by feature.
 */

export interface PrescreenInput {
  confidence: number;
  grade: ValueGrade;
  patternCount: number;
  correctionLength: number;
  inputLength: number;
  category: string;
  residualPii: number;
  hasRetry: boolean;
  piiRedactions: number;
}

export interface PrescreenModel {
  weights: number[];
  bias: number;
  featureNames: string[];
  /**
   * Mean feature values of the training split: explanations measure each
   * feature against this typical sample, so a low confidence reads as pushing
   * towards reject rather than as a smaller push towards approve.
   */
  baseline: number[];
  trainedOn: number;
  holdOut: number;
  /** Hold-out accuracy; null when fewer than MIN_HOLD_OUT examples were held out. */
  accuracy: number | null;
}

export interface TrainOptions {
  seed?: number;
  holdOutFraction?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

/** Below this many held-out decisions an accuracy figure is noise, so none is reported. */
export const MIN_HOLD_OUT = 10;

/** Heavy-ball momentum: full-batch descent reaches the optimum in a fraction of the epochs. */
const MOMENTUM = 0.9;

/** Largest gradient component at which further epochs no longer change a decision. */
const CONVERGED = 1e-4;

/** Hashed buckets let the model learn per-category preferences without a fixed category list. */
const CATEGORY_BUCKETS = 16;
const CATEGORY_PREFIX = "category bucket ";

const NUMERIC_FEATURES: ReadonlyArray<readonly [string, (input: PrescreenInput) => number]> = [
  ["confidence", (input) => input.confidence],
  ["high value", (input) => (input.grade === "HIGH" ? 1 : 0)],
  ["pattern frequency", (input) => Math.log1p(Math.max(0, input.patternCount)) / Math.log(1000)],
  ["correction length", (input) => input.correctionLength / 500],
  ["input length", (input) => input.inputLength / 2000],
  ["residual personal data", (input) => input.residualPii],
  ["retried", (input) => (input.hasRetry ? 1 : 0)],
  ["personal data redactions", (input) => input.piiRedactions / 10],
];

const FEATURE_NAMES: readonly string[] = [
  ...NUMERIC_FEATURES.map(([name]) => name),
  ...Array.from({ length: CATEGORY_BUCKETS }, (_, bucket) => `${CATEGORY_PREFIX}${bucket + 1}`),
];

/** Features scaled to [0, 1]; a non-finite value counts as 0 because one NaN would poison every weight. */
export function featurize(input: PrescreenInput): { names: string[]; values: number[] } {
  const { numeric, bucket } = encode(input);
  const buckets = new Array<number>(CATEGORY_BUCKETS).fill(0);
  buckets[bucket] = 1;
  return { names: [...FEATURE_NAMES], values: [...numeric, ...buckets] };
}

/** The compact form training works on: the category is one index, not sixteen mostly-zero values. */
function encode(input: PrescreenInput): { numeric: number[]; bucket: number } {
  return { numeric: NUMERIC_FEATURES.map(([, extract]) => unit(extract(input))), bucket: categoryBucket(input.category) };
}

function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** FNV-1a: stable across processes and releases, so a stored model's category weights keep their categories. */
function categoryBucket(category: string): number {
  let hash = 0x811c9dc5;
  for (const char of category.trim().toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % CATEGORY_BUCKETS;
}

/** mulberry32: a tiny seeded PRNG, so a training run can be repeated exactly. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles with the seed, holds out a fraction, fits by batch gradient descent
 * with L2 on the rest and measures accuracy on the hold-out. The returned
 * model is the one that was measured: it is not refitted on the hold-out, so
 * the accuracy shown is the accuracy of the model that auto-approves.
 */
export function train(
  examples: ReadonlyArray<{ input: PrescreenInput; approved: boolean }>,
  { seed = 1, holdOutFraction = 0.2, epochs = 150, learningRate = 0.5, l2 = 0.001 }: TrainOptions = {},
): PrescreenModel {
  const order = shuffledIndices(examples.length, mulberry32(seed));
  const holdOut = Math.min(examples.length, Math.round(examples.length * Math.min(1, Math.max(0, holdOutFraction))));
  const training = order.slice(holdOut).map((index) => examples[index]);
  const model: PrescreenModel = {
    ...fit(training, { epochs, learningRate, l2 }),
    featureNames: [...FEATURE_NAMES],
    trainedOn: training.length,
    holdOut,
    accuracy: null,
  };
  if (holdOut >= MIN_HOLD_OUT) {
    let correct = 0;
    for (const index of order.slice(0, holdOut)) {
      if ((score(model, examples[index].input) >= 0.5) === examples[index].approved) correct++;
    }
    model.accuracy = correct / holdOut;
  }
  return model;
}

/**
 * Gradient descent converges far faster on centred, unit-variance features. Standardising
 * the data would make the one-hot category buckets dense, so instead the weights are mapped
 * to raw features once per epoch and the centring is folded into the gradient.
 */
function fit(
  examples: ReadonlyArray<{ input: PrescreenInput; approved: boolean }>,
  { epochs, learningRate, l2 }: { epochs: number; learningRate: number; l2: number },
): { weights: number[]; bias: number; baseline: number[] } {
  const numericWidth = NUMERIC_FEATURES.length;
  const width = FEATURE_NAMES.length;
  const n = examples.length;
  const numeric = new Float64Array(n * numericWidth);
  const column = new Int32Array(n);
  const label = new Float64Array(n);
  const mean = new Float64Array(width);
  examples.forEach(({ input, approved }, row) => {
    const encoded = encode(input);
    numeric.set(encoded.numeric, row * numericWidth);
    column[row] = numericWidth + encoded.bucket;
    label[row] = approved ? 1 : 0;
    for (let j = 0; j < numericWidth; j++) mean[j] += encoded.numeric[j];
    mean[column[row]] += 1;
  });
  if (n === 0) return { weights: new Array<number>(width).fill(0), bias: 0, baseline: Array.from(mean) };

  for (let j = 0; j < width; j++) mean[j] /= n;
  const variance = new Float64Array(width);
  for (let row = 0; row < n; row++) {
    for (let j = 0; j < numericWidth; j++) variance[j] += (numeric[row * numericWidth + j] - mean[j]) ** 2;
  }
  const scale = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    const deviation = j < numericWidth ? Math.sqrt(variance[j] / n) : Math.sqrt(mean[j] * (1 - mean[j]));
    // A feature that never varies carries no signal: its gradient is 0, so its weight stays 0.
    scale[j] = deviation > 1e-12 ? deviation : 1;
  }

  const standardized = new Float64Array(width);
  const velocity = new Float64Array(width);
  const raw = new Float64Array(width);
  const sums = new Float64Array(width);
  let bias = 0;
  let biasVelocity = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rawBias = unstandardize(standardized, bias, scale, mean, raw);
    sums.fill(0);
    let errorSum = 0;
    for (let row = 0; row < n; row++) {
      const offset = row * numericWidth;
      let z = rawBias + raw[column[row]];
      for (let j = 0; j < numericWidth; j++) z += raw[j] * numeric[offset + j];
      const error = sigmoid(z) - label[row];
      errorSum += error;
      sums[column[row]] += error;
      for (let j = 0; j < numericWidth; j++) sums[j] += error * numeric[offset + j];
    }
    let steepest = Math.abs(errorSum / n);
    for (let j = 0; j < width; j++) {
      const gradient = (sums[j] - mean[j] * errorSum) / (scale[j] * n) + l2 * standardized[j];
      steepest = Math.max(steepest, Math.abs(gradient));
      velocity[j] = MOMENTUM * velocity[j] - learningRate * gradient;
      standardized[j] += velocity[j];
    }
    biasVelocity = MOMENTUM * biasVelocity - (learningRate * errorSum) / n;
    bias += biasVelocity;
    if (steepest < CONVERGED) break;
  }
  const rawBias = unstandardize(standardized, bias, scale, mean, raw);
  return { weights: Array.from(raw), bias: rawBias, baseline: Array.from(mean) };
}

/** Writes the raw-feature weights into `raw` and returns the raw-feature bias. */
function unstandardize(
  standardized: Float64Array,
  bias: number,
  scale: Float64Array,
  mean: Float64Array,
  raw: Float64Array,
): number {
  let rawBias = bias;
  for (let j = 0; j < standardized.length; j++) {
    raw[j] = standardized[j] / scale[j];
    rawBias -= raw[j] * mean[j];
  }
  return rawBias;
}

function shuffledIndices(length: number, random: () => number): number[] {
  const indices = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Probability (0–1) that a reviewer would approve the sample. */
export function score(model: PrescreenModel, input: PrescreenInput): number {
  const { values } = featurizeFor(model, input);
  return sigmoid(values.reduce((z, value, j) => z + model.weights[j] * value, model.bias));
}

/** The explanation's first line: the log-odds of the typical training sample, where every explanation starts. */
export const TYPICAL_SAMPLE = "typical sample";
/** The explanation's last line: what the features not listed add up to. */
export const OTHER_FACTORS = "other factors";

/**
 * Why the sample scored what it did, as additive log-odds: the typical
 * training sample's log-odds, then the features that moved this sample away
 * from it most (strongest first: positive towards approve, negative towards
 * reject), then the rest summed as one line. The lines add up exactly to the
 * score's log-odds, so `sigmoid(sum)` is the score shown beside them. The
 * category buckets are reported as one feature named after the sample's own
 * category, which is what a reviewer recognises.
 */
export function explain(
  model: PrescreenModel,
  input: PrescreenInput,
  top = 4,
): Array<{ feature: string; contribution: number }> {
  const { values } = featurizeFor(model, input);
  const features: Array<{ feature: string; contribution: number }> = [];
  let typical = model.bias;
  let category = 0;
  values.forEach((value, j) => {
    typical += model.weights[j] * model.baseline[j];
    const contribution = model.weights[j] * (value - model.baseline[j]);
    if (model.featureNames[j].startsWith(CATEGORY_PREFIX)) category += contribution;
    else features.push({ feature: model.featureNames[j], contribution });
  });
  features.push({ feature: `category: ${input.category}`, contribution: category });
  const ranked = features.filter(({ contribution }) => contribution !== 0).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const rest = ranked.slice(top).reduce((sum, { contribution }) => sum + contribution, 0);
  return [
    { feature: TYPICAL_SAMPLE, contribution: typical },
    ...ranked.slice(0, top),
    ...(rest !== 0 ? [{ feature: OTHER_FACTORS, contribution: rest }] : []),
  ];
}

/** The probability a set of additive log-odds lines (as `explain` returns them) comes to. */
export function scoreOfFactors(factors: ReadonlyArray<{ contribution: number }>): number {
  return sigmoid(factors.reduce((sum, { contribution }) => sum + contribution, 0));
}

/** A stored model from a release with other features would score garbage, so it must be retrained instead. */
function featurizeFor(model: PrescreenModel, input: PrescreenInput): { values: number[] } {
  const features = featurize(input);
  const matches =
    model.featureNames.length === features.names.length &&
    model.weights.length === features.names.length &&
    model.baseline.length === features.names.length &&
    features.names.every((name, j) => model.featureNames[j] === name);
  if (!matches) throw new Error("The pre-screen model was trained on different features; retrain it.");
  return features;
}

/** Retrain once enough reviewer decisions have arrived since the last training (never trained counts as 0). */
export function shouldRetrain({
  decisionsAtLastTraining,
  decisionsNow,
  minNew = 50,
}: {
  decisionsAtLastTraining: number | null;
  decisionsNow: number;
  minNew?: number;
}): boolean {
  return decisionsNow - (decisionsAtLastTraining ?? 0) >= minNew;
}
