import { describe, expect, it } from "vitest";
import { auditFilterSchema } from "./audit";
import { hrefOf, parseSearchParams } from "./search-params";

describe("list page query strings", () => {
  it("reads a mangled cursor or filter as absent, keeping the rest", () => {
    const filter = parseSearchParams(auditFilterSchema, { action: "agent.create", from: "yesterday", cursor: "not a cursor!" });
    expect(filter).toEqual({ action: "agent.create", from: undefined, cursor: undefined });
  });

  it("reads a value holding a NUL or a broken character as absent", () => {
    const filter = parseSearchParams(auditFilterSchema, { action: "a\u0000b", actor: "ok", target: "\ud800" });
    expect(filter).toMatchObject({ action: undefined, actor: "ok", target: undefined });
  });

  it("reads a date outside 2000-01-01..2100-01-01, or one the calendar lacks, as absent", () => {
    const read = (from: string, to: string) => parseSearchParams(auditFilterSchema, { from, to });
    expect(read("0000-01-01", "9999-12-31")).toMatchObject({ from: undefined, to: undefined });
    expect(read("1999-12-31", "2026-02-31")).toMatchObject({ from: undefined, to: undefined });
    expect(read("2000-01-01", "2100-01-01")).toMatchObject({ from: "2000-01-01", to: "2100-01-01" });
  });

  it("links to a page with its filled values only, and to the bare path when none is", () => {
    expect(hrefOf("/audit", { action: "agent.create", actor: undefined, target: "", cursor: "MTcxNDAwMDAwMDAwMC40Mg" })).toBe("/audit?action=agent.create&cursor=MTcxNDAwMDAwMDAwMC40Mg");
    expect(hrefOf("/audit", { action: undefined })).toBe("/audit");
  });
});
