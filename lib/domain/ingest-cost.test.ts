import { describe, expect, it } from "vitest";
import { BODY_BYTES_PER_TOKEN, bodyCost, ingestCost, REFUSED_BODY_FACTOR, refusedCost } from "./ingest-cost";

describe("ingest cost", () => {
  it("charges a batch of ordinary interactions (under 1 KiB each) per item", () => {
    expect(ingestCost(500, 400 * 1024)).toBe(500);
  });

  it("charges a body that holds few items, or none, by its size", () => {
    expect(ingestCost(0, 1024 * 1024)).toBe((1024 * 1024) / BODY_BYTES_PER_TOKEN);
    expect(ingestCost(1, 1024 * 1024)).toBe(1024);
    expect(ingestCost(0, 0)).toBe(1);
  });

  it("charges at least one for any body read", () => {
    expect(bodyCost(1)).toBe(1);
    expect(bodyCost(BODY_BYTES_PER_TOKEN + 1)).toBe(2);
  });

  it("charges a body that yielded nothing many times over: its items or its size", () => {
    expect(refusedCost(0, 1024 * 1024)).toBe(REFUSED_BODY_FACTOR * 1024);
    expect(refusedCost(10, 200)).toBe(REFUSED_BODY_FACTOR * 10);
  });
});
