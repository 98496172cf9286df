import { describe, expect, it } from "vitest";
import { sampleEvidence } from "./sample-input";

const input = { user_intent: "refund order 1234", agent_action: "POST /refunds", api_response: { status: 409 }, error_category: "conflict" };

describe("sampleEvidence", () => {
  it("serialises the input as it is stored", () => {
    const evidence = sampleEvidence(input, "check the order state first");
    expect(JSON.parse(evidence.inputJson)).toEqual(input);
    expect(evidence.residualPii).toBe(0);
  });

  it("counts personal data left in the correction and in every part of the input", () => {
    const leaky = { ...input, user_intent: "mail jane.doe@example.com", api_response: { contact: "bob@example.org" } };
    expect(sampleEvidence(leaky, "call +44 20 7946 0958 instead").residualPii).toBe(3);
  });

  it("takes placeholders the firewall wrote for what they are", () => {
    expect(sampleEvidence({ ...input, user_intent: "mail <EMAIL_1>" }, "reply to <EMAIL_1>").residualPii).toBe(0);
  });
});
