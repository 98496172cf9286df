import { describe, expect, it } from "vitest";
import { checkStorable, interactionSchema, mayHoldUnstorableText, rejectionLabel } from "./interactions";

const base = {
  timestamp: "2026-04-25T11:00:00Z",
  user_intent: "refund",
  agent_action: "POST /refunds",
  api_response: { ok: true },
  final_outcome: "done",
  confidence_score: 0.5,
};

const unstorable = ["a\u0000b", "\ud800", "x\udc00y", "\ud83d", "\ude00 tail", { nested: ["\u0000"] }, { ["key\ud800"]: 1 }];
const storable = ["plain", "café", "😀 emoji", { deep: { list: ["ok", 1, null] } }];

describe("checkStorable", () => {
  it("names the field holding a NUL or an unpaired surrogate", () => {
    const item = interactionSchema.parse({ ...base, user_intent: "a\u0000b", api_response: { text: "\ud800" } });
    expect(checkStorable(item)).toEqual([
      { field: "user_intent", message: expect.stringContaining("NUL") },
      { field: "api_response", message: expect.stringContaining("surrogate") },
    ]);
  });

  it("still refuses deep nesting without the text checks", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = [deep];
    const item = interactionSchema.parse({ ...base, api_response: deep });
    expect(checkStorable(item, { textChecks: false })).toEqual([{ field: "api_response", message: expect.stringContaining("deeper than 32") }]);
  });
});

describe("mayHoldUnstorableText", () => {
  it("is true for every body whose strings hold a NUL or an unpaired surrogate", () => {
    for (const value of unstorable) {
      const body = JSON.stringify({ interactions: [{ ...base, api_response: value }] });
      expect(mayHoldUnstorableText(body), JSON.stringify(value)).toBe(true);
    }
  });

  it("is false for bodies that cannot hold one, so their strings are not checked one by one", () => {
    for (const value of storable) {
      const body = JSON.stringify({ interactions: [{ ...base, api_response: value }] });
      expect(mayHoldUnstorableText(body), JSON.stringify(value)).toBe(false);
    }
  });

  it("takes escaped surrogate pairs (as Python's json.dumps writes emoji) for a possible problem", () => {
    expect(mayHoldUnstorableText(String.raw`{"user_intent":"\ud83d\ude00"}`)).toBe(true);
    expect(mayHoldUnstorableText(String.raw`{"user_intent":"\u00e9"}`)).toBe(false);
  });
});

describe("rejectionLabel", () => {
  it("names an Agent API field, and never echoes a field the agent invented", () => {
    expect(rejectionLabel("confidence_score")).toBe("confidence_score");
    expect(rejectionLabel("metadata.jane.doe@example.com")).toBe("metadata");
    expect(rejectionLabel("jane.doe@example.com")).toBe("unknown_field");
    expect(rejectionLabel("(item)")).toBe("invalid");
    expect(rejectionLabel(undefined)).toBe("invalid");
  });
});
