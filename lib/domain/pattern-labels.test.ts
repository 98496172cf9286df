import { describe, expect, it } from "vitest";
import { patternOptions, type LabelledPattern } from "./pattern-labels";

const pattern = (id: string, overrides: Partial<LabelledPattern> = {}): LabelledPattern => ({
  id, fingerprint: "fp-1", errorCategory: "rate_limit", actionTemplate: "get /balance", errorTemplate: "{n} rate limit exceeded", agentName: "banking", ...overrides,
});

describe("patternOptions", () => {
  it("names one fingerprint on nine agents nine different ways, by agent", () => {
    const options = patternOptions(Array.from({ length: 9 }, (_, i) => pattern(`p${i}`, { agentName: `agent-${i}` })));
    expect(new Set(options.map((option) => option.label)).size).toBe(9);
    expect(options[0].label).toBe("rate_limit · get /balance — agent-0");
  });

  it("adds the error when two fingerprints share category and action", () => {
    const options = patternOptions([
      pattern("a", { fingerprint: "fp-a", errorTemplate: "upstream timeout after {duration}" }),
      pattern("b", { fingerprint: "fp-b", errorTemplate: "connection reset" }),
    ]);
    expect(options.map((option) => option.label)).toEqual([
      "rate_limit · get /balance · upstream timeout after {duration}",
      "rate_limit · get /balance · connection reset",
    ]);
  });

  it("keeps a pattern alone on one agent short, and long actions apart by their ends", () => {
    const long = "post /api/v1/customers/{n}/accounts/{n}/transactions/export/";
    const options = patternOptions([
      pattern("a", { fingerprint: "fp-a", actionTemplate: `${long}csv` }),
      pattern("b", { fingerprint: "fp-b", actionTemplate: `${long}pdf` }),
      pattern("c", { fingerprint: "fp-c", errorCategory: "auth" }),
    ]);
    expect(options[2].label).toBe("auth · get /balance");
    expect(options[0].label).toMatch(/….*csv$/);
    expect(options[1].label).toMatch(/….*pdf$/);
  });

  it("never repeats a label, even for templates that differ only past the cut", () => {
    const head = "x".repeat(100);
    const options = patternOptions([
      pattern("a", { fingerprint: "fp-a", actionTemplate: `${head}1${head}`, errorTemplate: `${head}1${head}` }),
      pattern("b", { fingerprint: "fp-b", actionTemplate: `${head}2${head}`, errorTemplate: `${head}2${head}` }),
    ]);
    expect(options[0].label).not.toBe(options[1].label);
  });
});
