import { describe, expect, it } from "vitest";
import { defaultPiiSettings, piiSettingsSchema } from "./settings";
import { PII_TYPES } from "./types";

describe("PII settings", () => {
  it("defaults to replace for every type and a 0.5 minimum score", () => {
    expect(defaultPiiSettings.minScore).toBe(0.5);
    for (const type of PII_TYPES) expect(defaultPiiSettings.operators[type]).toBe("replace");
  });

  it("fills operators left out with replace", () => {
    const settings = piiSettingsSchema.parse({ operators: { EMAIL: "hash" } });
    expect(settings.operators.EMAIL).toBe("hash");
    expect(settings.operators.PHONE).toBe("replace");
  });

  it("rejects unknown operators, unknown types and scores out of range", () => {
    expect(piiSettingsSchema.safeParse({ operators: { EMAIL: "encrypt" } }).success).toBe(false);
    expect(piiSettingsSchema.safeParse({ operators: { ADDRESS: "mask" } }).success).toBe(false);
    expect(piiSettingsSchema.safeParse({ minScore: 1.5 }).success).toBe(false);
  });
});
