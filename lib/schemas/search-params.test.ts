import { describe, expect, it } from "vitest";
import { auditFilterSchema } from "./audit";
import { hrefOf, parseSearchParams } from "./search-params";

describe("list page query strings", () => {
  it("reads a mangled cursor or filter as absent, keeping the rest", () => {
    const filter = parseSearchParams(auditFilterSchema, { action: "agent.create", from: "yesterday", cursor: "not a cursor!" });
    expect(filter).toEqual({ action: "agent.create", from: undefined, cursor: undefined });
  });

  it("links to a page with its filled values only, and to the bare path when none is", () => {
    expect(hrefOf("/audit", { action: "agent.create", actor: undefined, target: "", cursor: "MTcxNDAwMDAwMDAwMC40Mg" })).toBe("/audit?action=agent.create&cursor=MTcxNDAwMDAwMDAwMC40Mg");
    expect(hrefOf("/audit", { action: undefined })).toBe("/audit");
  });
});
