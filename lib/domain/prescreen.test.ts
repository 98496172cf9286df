import { describe, expect, it } from "vitest";
import { explain, featurize, mulberry32, OTHER_FACTORS, score, scoreOfFactors, shouldRetrain, train, TYPICAL_SAMPLE, type PrescreenInput } from "./prescreen";

const CATEGORIES = ["timeout", "payment_declined", "not_found", "rate_limited", "unsafe_category"];

function sample(overrides: Partial<PrescreenInput> = {}): PrescreenInput {
  return {
    confidence: 0.9,
    grade: "LOW",
    patternCount: 5,
    correctionLength: 120,
    inputLength: 600,
    category: "timeout",
    residualPii: 0,
    hasRetry: false,
    piiRedactions: 1,
    ...overrides,
  };
}

/** Reviewers approve iff confidence > 0.8 and the category is not unsafe; 5% of labels flipped. */
function history(count: number, seed: number) {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const input = sample({
      confidence: 0.4 + 0.6 * random(),
      grade: random() < 0.3 ? "HIGH" : "LOW",
      patternCount: Math.floor(random() * 200),
      correctionLength: Math.floor(random() * 800),
      inputLength: Math.floor(random() * 3000),
      category: CATEGORIES[Math.floor(random() * CATEGORIES.length)],
      hasRetry: random() < 0.5,
      piiRedactions: Math.floor(random() * 5),
    });
    const approved = input.confidence > 0.8 && input.category !== "unsafe_category";
    return { input, approved: random() < 0.05 ? !approved : approved };
  });
}

describe("featurize", () => {
  it("scales every feature into [0, 1] and names each one", () => {
    const features = featurize(sample({ patternCount: 1e9, correctionLength: 10_000, confidence: Number.NaN }));
    expect(features.names).toHaveLength(features.values.length);
    expect(features.names).toContain("confidence");
    expect(features.values.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(features.values[features.names.indexOf("confidence")]).toBe(0);
    expect(features.values[features.names.indexOf("pattern frequency")]).toBe(1);
  });

  it("puts a category in the same bucket whatever its case", () => {
    expect(featurize(sample({ category: "Payment_Declined" })).values).toEqual(featurize(sample({ category: "payment_declined" })).values);
  });
});

describe("train", () => {
  const model = train(history(2_000, 7), { seed: 42 });

  it("learns reviewers' decisions to at least 90% hold-out accuracy", () => {
    expect(model.holdOut).toBe(400);
    expect(model.trainedOn).toBe(1_600);
    expect(model.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("scores a clearly good sample high and clearly bad ones low", () => {
    expect(score(model, sample({ confidence: 0.98 }))).toBeGreaterThan(0.8);
    expect(score(model, sample({ confidence: 0.45 }))).toBeLessThan(0.2);
    expect(score(model, sample({ confidence: 0.85, category: "unsafe_category" }))).toBeLessThan(0.2);
  });

  it("keeps a confident sample in a rejected category away from auto-approval", () => {
    // A linear model adds the pulls of confidence and category, so this lands near 0.3 rather than near 0.05.
    expect(score(model, sample({ confidence: 0.98, category: "unsafe_category" }))).toBeLessThan(0.5);
  });

  it("explains a score by the features that drove it", () => {
    const bad = explain(model, sample({ confidence: 0.45 }), 3);
    expect(bad[0].feature).toBe(TYPICAL_SAMPLE);
    expect(bad[1]).toMatchObject({ feature: "confidence" });
    expect(bad[1].contribution).toBeLessThan(0);
    const unsafe = explain(model, sample({ confidence: 0.98, category: "unsafe_category" }), 2);
    expect(unsafe.map(({ feature }) => feature)).toEqual(
      expect.arrayContaining(["confidence", "category: unsafe_category"]),
    );
    expect(unsafe.find(({ feature }) => feature === "category: unsafe_category")!.contribution).toBeLessThan(0);
    const features = explain(model, sample(), 5).filter(({ feature }) => feature !== TYPICAL_SAMPLE && feature !== OTHER_FACTORS);
    const magnitudes = features.map(({ contribution }) => Math.abs(contribution));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });

  it("explains with signed contributions that add up to the score, however few are listed", () => {
    for (const input of [sample({ confidence: 0.98 }), sample({ confidence: 0.45 }), sample({ confidence: 0.98, category: "unsafe_category", hasRetry: true })]) {
      for (const top of [1, 3, 20]) {
        const factors = explain(model, input, top);
        expect(scoreOfFactors(factors)).toBeCloseTo(score(model, input), 10);
        expect(factors.at(-1)!.feature === OTHER_FACTORS || factors.length <= top + 1).toBe(true);
      }
    }
    // A 0.98 score is not explained by pulls towards reject alone.
    const confident = explain(model, sample({ confidence: 0.98 }));
    expect(score(model, sample({ confidence: 0.98 }))).toBeGreaterThan(0.8);
    expect(confident.reduce((sum, { contribution }) => sum + contribution, 0)).toBeGreaterThan(1.3);
  });

  it("trains the same model for the same seed, and another for another seed", () => {
    const examples = history(500, 3);
    expect(train(examples, { seed: 9 })).toEqual(train(examples, { seed: 9 }));
    expect(train(examples, { seed: 10 }).weights).not.toEqual(train(examples, { seed: 9 }).weights);
  });

  it("reports no accuracy when fewer than 10 decisions are held out", () => {
    const small = train(history(45, 5));
    expect(small.holdOut).toBe(9);
    expect(small.accuracy).toBeNull();
    expect(train(history(50, 5)).accuracy).not.toBeNull();
    expect(train([]).accuracy).toBeNull();
  });

  it("survives a history where reviewers approved everything", () => {
    const allApproved = history(300, 11).map(({ input }) => ({ input, approved: true }));
    const trained = train(allApproved);
    expect(trained.weights.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(trained.bias)).toBe(true);
    // Honest, not reassuring: a model that has never seen a rejection still scores 100% on a hold-out without one.
    expect(trained.accuracy).toBe(1);
    expect(score(trained, sample({ confidence: 0.1 }))).toBeGreaterThan(0.5);
  });

  it("trains on 10,000 decisions in well under a second", () => {
    const examples = history(10_000, 13);
    const started = performance.now();
    const trained = train(examples);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(trained.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("refuses a stored model whose features no longer match", () => {
    expect(() => score({ ...model, featureNames: model.featureNames.slice(1) }, sample())).toThrow(/retrain/);
  });
});

describe("shouldRetrain", () => {
  it.each([
    [null, 49, false],
    [null, 50, true],
    [200, 249, false],
    [200, 250, true],
    [200, 200, false],
  ] as const)("after training on %s decisions, with %i now: %s", (decisionsAtLastTraining, decisionsNow, expected) => {
    expect(shouldRetrain({ decisionsAtLastTraining, decisionsNow })).toBe(expected);
  });

  it("follows the minimum it is given", () => {
    expect(shouldRetrain({ decisionsAtLastTraining: 100, decisionsNow: 110, minNew: 10 })).toBe(true);
  });
});
