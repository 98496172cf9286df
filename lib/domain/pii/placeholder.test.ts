import { describe, expect, it } from "vitest";
import { splitPlaceholders } from "./placeholder";
import { redactText } from "./redact";
import { piiSettingsSchema } from "./settings";

const SECRET = "test-server-secret";

describe("splitPlaceholders", () => {
  it("finds every placeholder the engine writes, with its type", () => {
    const replaced = redactText("Card 4111 1111 1111 1111 for jo@example.com", { secret: SECRET }).text;
    const hashed = redactText("jo@example.com", { secret: SECRET, settings: piiSettingsSchema.parse({ operators: { EMAIL: "hash" } }) }).text;
    expect(splitPlaceholders(`${replaced}; ${hashed}`)).toEqual([
      "Card ",
      { placeholder: "<CREDIT_CARD_1>", type: "CREDIT_CARD" },
      " for ",
      { placeholder: "<EMAIL_1>", type: "EMAIL" },
      "; ",
      { placeholder: hashed, type: "EMAIL" },
    ]);
  });

  it("leaves look-alikes that are not placeholders as text", () => {
    expect(splitPlaceholders("<b>bold</b> <EMAIL> <EMAIL_x> <email_1> <EMAIL#abc>")).toEqual(["<b>bold</b> <EMAIL> <EMAIL_x> <email_1> <EMAIL#abc>"]);
  });
});
