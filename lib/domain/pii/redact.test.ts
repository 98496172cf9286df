import { describe, expect, it } from "vitest";
import { createRedactionContext, findResidualPii, mergeReports, redactIdentifier, redactText } from "./redact";
import { piiSettingsSchema } from "./settings";
import type { PiiOperator } from "./types";

const SECRET = "test-server-secret";
const withOperator = (operator: PiiOperator) =>
  piiSettingsSchema.parse({ operators: { EMAIL: operator, PHONE: operator, CREDIT_CARD: operator, PERSON: operator, US_SSN: operator } });

describe("redactText", () => {
  it("replaces with typed placeholders, the same value keeping its number", () => {
    const { text, report } = redactText("a@example.com wrote to b@example.com, then A@Example.com again", { secret: SECRET });
    expect(text).toBe("<EMAIL_1> wrote to <EMAIL_2>, then <EMAIL_1> again");
    expect(report).toEqual({ total: 3, counts: { EMAIL: 3 } });
  });

  it("numbers placeholders consistently across the fields of one record", () => {
    const context = createRedactionContext();
    const intent = redactText("I'm at jo@example.com, call +1 415 555 0132", { secret: SECRET, context });
    const action = redactText("Emailed jo@example.com; phone (415) 555-0132 unreachable", { secret: SECRET, context });
    expect(intent.text).toBe("I'm at <EMAIL_1>, call <PHONE_1>");
    expect(action.text).toBe("Emailed <EMAIL_1>; phone <PHONE_2> unreachable");
  });

  it("starts numbering afresh for each record", () => {
    expect(redactText("x@example.com", { secret: SECRET }).text).toBe("<EMAIL_1>");
    expect(redactText("y@example.com", { secret: SECRET }).text).toBe("<EMAIL_1>");
  });

  it("masks numbers but their last four, and names, addresses and dates entirely, keeping separators", () => {
    const settings = withOperator("mask");
    expect(redactText("card 4111-1111-1111-1111", { settings, secret: SECRET }).text).toBe("card ****-****-****-1111");
    expect(redactText("SSN 123-45-6789", { settings, secret: SECRET }).text).toBe("SSN ***-**-6789");
    expect(redactText("mail jo@example.com", { settings, secret: SECRET }).text).toBe("mail **@*******.***");
    expect(redactText("my name is Bob Li", { settings, secret: SECRET }).text).toBe("my name is *** **");
  });

  it("hashes to a stable pseudonym that depends on the secret, not on formatting", () => {
    const settings = withOperator("hash");
    const a = redactText("Jo@Example.com", { settings, secret: SECRET }).text;
    const b = redactText("jo@example.com", { settings, secret: SECRET }).text;
    const c = redactText("jo@example.com", { settings, secret: "another-secret" }).text;
    expect(a).toMatch(/^<EMAIL#[0-9a-f]{12}>$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(redactText("+1 415 555 0132", { settings, secret: SECRET }).text).toBe(
      redactText("+1-415-555-0132", { settings, secret: SECRET }).text,
    );
  });

  it("refuses to hash without a secret rather than publish a guessable digest", () => {
    expect(() => redactText("jo@example.com", { settings: withOperator("hash"), secret: "" })).toThrow(/secret/);
  });

  it("removes the value under remove", () => {
    expect(redactText("mail jo@example.com now", { settings: withOperator("remove"), secret: SECRET }).text).toBe("mail  now");
  });

  it("reports counts per type and never the values", () => {
    const { report } = redactText("jo@example.com, 4111 1111 1111 1111, +1 415 555 0132", { secret: SECRET });
    expect(report).toEqual({ total: 3, counts: { EMAIL: 1, CREDIT_CARD: 1, PHONE: 1 } });
    expect(JSON.stringify(report)).not.toContain("jo@example.com");
  });

  it("leaves no residual PII behind, whatever the operator", () => {
    const text =
      "我叫张伟，手机13812345678，邮箱zw@example.cn. My name is Sarah Lee, card 4111 1111 1111 1111, " +
      "SSN 123-45-6789, IBAN DE89370400440532013000, ip 203.0.113.9, token=abc123XYZ, DOB: 1990-03-07";
    expect(findResidualPii(text).total).toBeGreaterThan(8);
    for (const operator of ["replace", "mask", "hash", "remove"] as const) {
      const settings = piiSettingsSchema.parse({
        operators: Object.fromEntries(["EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "IP_ADDRESS", "SECRET", "PERSON", "DATE_OF_BIRTH"].map((t) => [t, operator])),
      });
      const redacted = redactText(text, { settings, secret: SECRET }).text;
      expect(findResidualPii(redacted), `${operator}: ${redacted}`).toEqual({ total: 0, counts: {} });
    }
  });

  it("replaces an identifier holding personal data by a keyed hash that a retry reproduces", () => {
    const first = redactIdentifier("order-jo@example.com", { secret: SECRET });
    expect(first.text).toMatch(/^pii:[A-Za-z0-9_-]{22}$/);
    expect(first.report).toEqual({ total: 1, counts: { EMAIL: 1 } });
    expect(redactIdentifier("order-jo@example.com", { secret: SECRET }).text).toBe(first.text);
    expect(redactIdentifier("order-jo@example.com", { secret: "another-secret" }).text).not.toBe(first.text);
    expect(redactIdentifier("order-JO@example.com", { secret: SECRET }).text).not.toBe(first.text);
  });

  it("reads joiners in an identifier as spaces, and keeps an identifier without personal data", () => {
    for (const id of ["user-4111111111111111", "cust_13800138000", "v2 4111 1111 1111 1111", "pii-1-+86 138 0013 8000"]) {
      expect(redactIdentifier(id, { secret: SECRET }).text, id).toMatch(/^pii:/);
    }
    for (const id of ["ORD-2026-000123", "550e8400-e29b-41d4-a716-446655440000", "v2.4.1", "2026-03-14T09:26:53Z-retry-3"]) {
      expect(redactIdentifier(id, { secret: SECRET }), id).toEqual({ text: id, report: { total: 0, counts: {} } });
    }
  });

  it("keeps a UUID whose groups read apart look like a phone number, and still hashes personal data beside one", () => {
    // Seen as a flaky remedy_id: "kn_<uuid>.v3" was hashed, so the applied remedy was never counted.
    for (const id of ["kn_430c938e-0821-4422-9184-85ce5b35e997.v3", "mv_09037384-7243-4177-939e-a78c2b06bf0d", "A0E91B28-0758-4494-9454-8C46ACA12A43"]) {
      expect(redactIdentifier(id, { secret: SECRET }), id).toEqual({ text: id, report: { total: 0, counts: {} } });
    }
    expect(redactIdentifier("430c938e-0821-4422-9184-85ce5b35e997/+86 138 0013 8000", { secret: SECRET }).report.counts).toEqual({ PHONE: 1 });
    expect(redactIdentifier("550e8400-e29b-41d4-a716-446655440000_4111111111111111", { secret: SECRET }).text).toMatch(/^pii:/);
  });

  it("merges reports by adding counts", () => {
    expect(
      mergeReports({ total: 2, counts: { EMAIL: 2 } }, { total: 3, counts: { EMAIL: 1, PHONE: 2 } }, { total: 0, counts: {} }),
    ).toEqual({ total: 5, counts: { EMAIL: 3, PHONE: 2 } });
  });
});
