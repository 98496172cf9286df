import { describe, expect, it } from "vitest";
import { canonicalJson } from "./knowledge-pack";

describe("canonicalJson", () => {
  it("sorts keys at every level, so re-indenting a pack keeps its signed bytes", () => {
    const a = JSON.parse('{"b": 1, "a": {"d": [1, {"z": 2, "y": 3}], "c": "x"}}');
    const b = JSON.parse(JSON.stringify({ a: { c: "x", d: [1, { y: 3, z: 2 }] }, b: 1 }, null, 2));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":3,"z":2}]},"b":1}');
  });

  it("differs when any value differs", () => {
    expect(canonicalJson({ correction: "retry after 60 s" })).not.toBe(canonicalJson({ correction: "retry after 6 s" }));
  });
});
