import { describe, expect, it } from "vitest";
import { precision, recall, score, type CorpusCase } from "./evaluation";

describe("corpus scoring", () => {
  it("counts a repeat of a labelled value as found, and an unlabelled value as a false alarm", () => {
    const cases: CorpusCase[] = [
      {
        id: "t-1",
        lang: "en",
        kind: "positive",
        // The writer labelled the address once; it is written twice, and both must be redacted.
        text: 'connection to "10.20.30.40" failed; dsn=postgresql://app@10.20.30.40/db; peer 10.20.30.41',
        entities: [{ type: "IP_ADDRESS", value: "10.20.30.40" }],
      },
    ];
    const ip = score(cases).get("IP_ADDRESS")!;
    expect(ip.predicted).toBe(3);
    expect(ip.falseAlarms).toEqual(['t-1 "10.20.30.41"']);
    expect(precision(ip)).toBeCloseTo(2 / 3);
    expect(recall(ip)).toBe(1);
  });
});
