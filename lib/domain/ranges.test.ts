import { describe, expect, it } from "vitest";
import { densify, parseRange, rangeDays } from "./ranges";

describe("ranges", () => {
  it("lists the UTC days of a range, oldest first", () => {
    const now = new Date("2026-03-02T01:00:00Z");
    expect(rangeDays("today", now)).toEqual(["2026-03-02"]);
    expect(rangeDays("7d", now)).toEqual(["2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(rangeDays("30d", now)).toHaveLength(30);
  });

  it("defaults unknown ranges to 7 days, including names every object inherits", () => {
    expect(parseRange("forever")).toBe("7d");
    expect(parseRange("30d")).toBe("30d");
    for (const inherited of ["__proto__", "constructor", "toString", "hasOwnProperty"]) expect(parseRange(inherited)).toBe("7d");
  });

  it("fills days without data with zero", () => {
    expect(densify(["a", "b", "c"], [{ day: "b", value: 4 }])).toEqual([0, 4, 0]);
  });
});
