import { describe, expect, it } from "vitest";
import {
  capabilityOf,
  chooseEntry,
  correctionKey,
  entryIsActive,
  explainConfidence,
  knowledgeConfidence,
  knowledgeReach,
  parseRemedyId,
  rejectionWeakens,
  remedyIdOf,
  type ServingEntry,
} from "./knowledge";

const support = { supportPerApproval: 0.9 };

describe("knowledge confidence", () => {
  it("is mean sample confidence × agreement × support", () => {
    expect(knowledgeConfidence({ approvals: 1, rejections: 0, confidenceSum: 0.95 }, support)).toBeCloseTo(0.855, 10);
    expect(knowledgeConfidence({ approvals: 2, rejections: 0, confidenceSum: 1.9 }, support)).toBeCloseTo(0.9405, 10);
    expect(knowledgeConfidence({ approvals: 2, rejections: 1, confidenceSum: 1.8 }, support)).toBeCloseTo(0.9 * (2 / 3) * 0.99, 10);
    expect(knowledgeConfidence({ approvals: 0, rejections: 3, confidenceSum: 0 }, support)).toBe(0);
  });

  it("one approval of a 0.95 sample just activates at the default 0.85; one of a 0.9 sample does not", () => {
    expect(entryIsActive({ enabled: true, confidence: knowledgeConfidence({ approvals: 1, rejections: 0, confidenceSum: 0.95 }, support) }, 0.85)).toBe(true);
    expect(entryIsActive({ enabled: true, confidence: knowledgeConfidence({ approvals: 1, rejections: 0, confidenceSum: 0.9 }, support) }, 0.85)).toBe(false);
    expect(entryIsActive({ enabled: false, confidence: 0.99 }, 0.85)).toBe(false);
  });

  it("explains itself with the numbers filled in", () => {
    expect(explainConfidence({ approvals: 2, rejections: 1, confidenceSum: 1.8 }, support)).toBe(
      "0.900 mean sample confidence × 0.667 agreement (2 of 3) × 0.990 support (1 − 0.100^2) = 0.594",
    );
  });

  it("only wrong or unsafe corrections weaken an entry", () => {
    expect(rejectionWeakens("WRONG_CORRECTION")).toBe(true);
    expect(rejectionWeakens("UNSAFE")).toBe(true);
    expect(rejectionWeakens("PERSONAL_DATA")).toBe(false);
    expect(rejectionWeakens("DUPLICATE")).toBe(false);
  });
});

describe("entries", () => {
  it("treat corrections differing in case and spacing as one", () => {
    expect(correctionKey("  Retry  after\n60 s ")).toBe(correctionKey("retry after 60 s"));
    expect(correctionKey("Retry after 60 s")).not.toBe(correctionKey("Retry after 6 s"));
  });

  it("reach production only in the full stage, the sandbox in small-scale, never in observation", () => {
    expect(knowledgeReach("FULL")).toBe("production");
    expect(knowledgeReach("SMALL_SCALE")).toBe("sandbox");
    expect(knowledgeReach("OBSERVATION")).toBe("never");
  });

  const entry = (id: string, confidence: number, intents: Record<string, number> = {}): ServingEntry => ({ id, version: 1, correction: id, confidence, intents });

  it("answer with the entry approved for this intent first, else the most confident", () => {
    const refund = entry("b", 0.9, { "refund order {id}": 2 });
    const generic = entry("a", 0.97);
    expect(chooseEntry([generic, refund], "Refund order A-12345")).toBe(refund);
    expect(chooseEntry([generic, refund], "cancel my order")).toBe(generic);
    expect(chooseEntry([], "anything")).toBeNull();
    // Ties go to the lower id, so every process picks the same one.
    expect(chooseEntry([entry("z", 0.9), entry("m", 0.9)], "x")?.id).toBe("m");
  });
});

describe("remedy ids", () => {
  const id = "3f0c2b1a-1111-4222-8333-444455556666";
  it("round-trip and name their capability without the version", () => {
    const knowledge = remedyIdOf({ kind: "knowledge", entryId: id, version: 7 });
    expect(knowledge).toBe(`kn_${id}.v7`);
    expect(parseRemedyId(knowledge)).toEqual({ kind: "knowledge", entryId: id, version: 7 });
    expect(parseRemedyId(`mv_${id}`)).toEqual({ kind: "model", modelVersionId: id });
    expect(capabilityOf(knowledge)).toBe(`kn_${id}`);
    expect(parseRemedyId("kn_not-a-uuid.v1")).toBeNull();
    expect(capabilityOf("anything else")).toBeNull();
  });
});
