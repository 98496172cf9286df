import { describe, expect, it } from "vitest";
import { possiblePersonalData } from "./possible-pii";

const input = (userIntent: string, correction = "Offer a callback") => ({
  input: { user_intent: userIntent, agent_action: "GET /orders/1", api_response: { error: "503" }, error_category: "carrier_down" },
  output: correction,
});

describe("possiblePersonalData", () => {
  it("reports a name the firewall scored below the redaction threshold, with its field and score, never its text", () => {
    const found = possiblePersonalData(input("Call Maria tomorrow about the refund"), 0.5);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: "PERSON", field: "user intent" });
    expect(found[0].score).toBeLessThan(0.5);
    expect(JSON.stringify(found)).not.toContain("Maria");
  });

  it("stays quiet about text with nothing in it, and about noise below the floor", () => {
    expect(possiblePersonalData(input("Where is my parcel?"), 0.5)).toEqual([]);
    expect(possiblePersonalData(input("My order is late"), 0.5)).toEqual([]);
  });

  it("follows the threshold: what the firewall would redact is not a below-threshold warning", () => {
    expect(possiblePersonalData(input("Call Maria tomorrow"), 0.2)).toEqual([]);
  });

  it("looks at the correction too", () => {
    expect(possiblePersonalData(input("Where is my parcel?", "Call Maria tomorrow about the refund"), 0.5)).toEqual([expect.objectContaining({ field: "correction", type: "PERSON" })]);
  });
});
