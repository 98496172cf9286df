import { describe, expect, it } from "vitest";
import { gradeSample } from "./value-grade";

const base = { category: "timeout", severeCategories: ["payment_declined", "Data_Loss"], frequentPatternMin: 10 };

describe("gradeSample", () => {
  it.each([
    [{ patternCount: 42 }, "HIGH", "pattern seen 42 times (≥ 10)"],
    [{ patternCount: 10 }, "HIGH", "pattern seen 10 times (≥ 10)"],
    [{ patternCount: 9 }, "LOW", "pattern seen 9 times; category not severe"],
    [{ patternCount: 1 }, "LOW", "pattern seen 1 time; category not severe"],
    [{ patternCount: 3, category: "payment_declined" }, "HIGH", "category payment_declined is marked severe"],
    [{ patternCount: 3, category: "DATA_LOSS" }, "HIGH", "category DATA_LOSS is marked severe"],
    [{ patternCount: 12, category: "payment_declined" }, "HIGH", "pattern seen 12 times (≥ 10); category payment_declined is marked severe"],
    [{ patternCount: 0, category: "" }, "LOW", "pattern seen 0 times; category not severe"],
  ] as const)("grades %o as %s", (overrides, grade, reason) => {
    expect(gradeSample({ ...base, ...overrides })).toEqual({ grade, reason });
  });

  it("follows the frequency threshold it is given", () => {
    expect(gradeSample({ ...base, patternCount: 3, frequentPatternMin: 3 }).grade).toBe("HIGH");
  });

  it("grades LOW when no category is marked severe", () => {
    expect(gradeSample({ ...base, patternCount: 3, category: "payment_declined", severeCategories: [] }).grade).toBe("LOW");
  });
});
