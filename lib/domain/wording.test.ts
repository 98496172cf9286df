import { describe, expect, it } from "vitest";
import { countOf, middleTruncate, timesSeen } from "./wording";

describe("countOf", () => {
  it("uses the singular for one and the plural otherwise", () => {
    expect(countOf(1, "failure")).toBe("1 failure");
    expect(countOf(0, "failure")).toBe("0 failures");
    expect(countOf(1204, "failure")).toBe("1,204 failures");
    expect(countOf(2, "agent")).toBe("2 agents");
    expect(countOf(3, "match", "matches")).toBe("3 matches");
  });
});

describe("timesSeen", () => {
  it("says once and twice in words", () => {
    expect([1, 2, 3, 1500].map(timesSeen)).toEqual(["Seen once", "Seen twice", "Seen 3 times", "Seen 1,500 times"]);
  });
});

describe("middleTruncate", () => {
  it("keeps the start and the end, so labels that share a prefix stay apart", () => {
    const a = "调用外部 API /api/v1/accounts/{n}/transactions/export?format=csv";
    const b = "调用外部 API /api/v1/accounts/{n}/transactions/export?format=pdf";
    expect(middleTruncate(a, 30)).not.toBe(middleTruncate(b, 30));
    expect(Array.from(middleTruncate(a, 30)).length).toBeLessThanOrEqual(30);
    expect(middleTruncate(a, 30)).toMatch(/^调用外部 API .*….*format=csv$/);
  });

  it("leaves text that fits alone", () => {
    expect(middleTruncate("GET /balance", 30)).toBe("GET /balance");
  });
});
