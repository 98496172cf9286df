import { describe, expect, it } from "vitest";
import { redactJson } from "./json";
import { createRedactionContext, redactText } from "./redact";
import { piiSettingsSchema } from "./settings";

const SECRET = "test-server-secret";

describe("redactJson", () => {
  it("takes an auth's token under its key, hex included, and leaves an auth's scheme, a hash and an author's key alone", () => {
    const input = { twilio_auth: "5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f", auth: "Basic", oauth: "enabled", auth_hash: "5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f" };
    const { value } = redactJson(input, { secret: SECRET });
    expect(value).toEqual({ twilio_auth: "<SECRET_1>", auth: "Basic", oauth: "enabled", auth_hash: "5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f" });
  });

  it("redacts every string at any depth and keeps keys and other values", () => {
    const input = {
      status: 200,
      ok: true,
      note: null,
      customer: { email: "li.wei@example.cn", tags: ["vip", "reach me at +86 138 1234 5678"] },
      history: [{ at: "2026-03-14T09:26:53Z", ip: "203.0.113.9" }],
    };
    const { value, report } = redactJson(input, { secret: SECRET });
    expect(value).toEqual({
      status: 200,
      ok: true,
      note: null,
      customer: { email: "<EMAIL_1>", tags: ["vip", "reach me at <PHONE_1>"] },
      history: [{ at: "2026-03-14T09:26:53Z", ip: "<IP_ADDRESS_1>" }],
    });
    expect(report).toEqual({ total: 3, counts: { EMAIL: 1, PHONE: 1, IP_ADDRESS: 1 } });
    expect(input.customer.email).toBe("li.wei@example.cn");
  });

  it("catches card and phone numbers sent as JSON numbers, and leaves ids and amounts", () => {
    const { value, report } = redactJson(
      { card: 4111111111111111, mobile: 13812345678, phone: 4155550132, order_id: 13812345678, amount: 123456789, ts: 1710408413000 },
      { secret: SECRET },
    );
    expect(value).toEqual({
      card: "<CREDIT_CARD_1>",
      mobile: "<PHONE_1>",
      phone: "<PHONE_2>",
      order_id: 13812345678,
      amount: 123456789,
      ts: 1710408413000,
    });
    expect(report.counts).toEqual({ CREDIT_CARD: 1, PHONE: 2 });
  });

  it("takes keys as cues for values without a pattern of their own", () => {
    const { value } = redactJson(
      { password: "hunter2", full_name: "Li Lei", 姓名: "张伟", dob: "1990-03-07", ssn: "123456789", name: "get_weather" },
      { secret: SECRET },
    );
    expect(value).toEqual({
      password: "<SECRET_1>",
      full_name: "<PERSON_1>",
      姓名: "<PERSON_2>",
      dob: "<DATE_OF_BIRTH_1>",
      ssn: "<US_SSN_1>",
      name: "get_weather",
    });
  });

  it("shares numbering with the text fields of the same record", () => {
    const context = createRedactionContext();
    const intent = redactText("my email is jo@example.com", { secret: SECRET, context });
    const response = redactJson({ user: { email: "jo@example.com" } }, { secret: SECRET, context });
    expect(intent.text).toBe("my email is <EMAIL_1>");
    expect(response.value).toEqual({ user: { email: "<EMAIL_1>" } });
  });

  it("turns a removed number into null and a removed string into an empty one", () => {
    const settings = piiSettingsSchema.parse({ operators: { CREDIT_CARD: "remove", EMAIL: "remove" } });
    expect(redactJson({ card: 4111111111111111, email: "jo@example.com" }, { settings, secret: SECRET }).value).toEqual({
      card: null,
      email: "",
    });
  });

  it("redacts keys like values, at any depth, and counts them", () => {
    const { value, report } = redactJson(
      { "jo@example.com": { "+86 138 0013 8000": [{ "user-4111111111111111": true }] }, list: [{ "jo@example.com": 1 }] },
      { secret: SECRET },
    );
    // The same key is redacted the same way throughout the record.
    expect(value).toEqual({ "<EMAIL_1>": { "<PHONE_1>": [{ "user-<CREDIT_CARD_1>": true }] }, list: [{ "<EMAIL_1>": 1 }] });
    expect(report).toEqual({ total: 4, counts: { EMAIL: 2, PHONE: 1, CREDIT_CARD: 1 } });
  });

  it("never merges two keys that redact alike, whatever the operator", () => {
    const input = { "ann@example.com": 1, "ANN@example.com": 2, "bob@example.com": 3, "<EMAIL_1>": 4 };
    for (const operator of ["replace", "mask", "hash", "remove"] as const) {
      const settings = piiSettingsSchema.parse({ operators: { EMAIL: operator } });
      const value = redactJson(input, { settings, secret: SECRET }).value as Record<string, number>;
      expect(Object.values(value).sort(), operator).toEqual([1, 2, 3, 4]);
      expect(JSON.stringify(value), operator).not.toMatch(/ann@|bob@/i);
    }
  });

  it("judges a value by its key as sent, before the key is redacted", () => {
    const { value } = redactJson({ "jo@example.com": { password: "plainword" } }, { secret: SECRET });
    expect(value).toEqual({ "<EMAIL_1>": { password: "<SECRET_1>" } });
  });

  it("takes any key ending in a credential's name as a secret's, but not cursors and counts", () => {
    const { value } = redactJson(
      { SecretAccessKey: "wJalrXUt", accessKeySecret: "abc", "x-api-key": "k1", DB_PASSWORD: "pw", nextPageToken: "CAUQAA", max_tokens: "2048", publicKey: "pk" },
      { secret: SECRET },
    );
    expect(value).toEqual({
      SecretAccessKey: "<SECRET_1>",
      accessKeySecret: "<SECRET_2>",
      "x-api-key": "<SECRET_3>",
      DB_PASSWORD: "<SECRET_4>",
      nextPageToken: "CAUQAA",
      max_tokens: "2048",
      publicKey: "pk",
    });
  });

  it("leaves ids, hashes and timestamps alone, unless their key names a secret or a birth date", () => {
    const ids = {
      request_id: "00971083-2069-4265-a46c-ef42d8b0b56e",
      checksum: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      created_at: "2026-03-14T09:26:53.120Z",
      client_secret: "5d2e9a71-3c4b-4f8e-b6a0-91c7e3d2f4a8",
      dob: "1988-07-03T00:00:00Z",
    };
    const { value } = redactJson(ids, { secret: SECRET });
    expect(value).toEqual({ ...ids, client_secret: "<SECRET_1>", dob: "<DATE_OF_BIRTH_1>" });
  });

  it("does not redact a value that is already a placeholder again", () => {
    const once = redactJson({ password: "hunter2" }, { secret: SECRET });
    const twice = redactJson(once.value, { secret: SECRET });
    expect(twice.value).toEqual({ password: "<SECRET_1>" });
    expect(twice.report.total).toBe(0);
  });
});

describe("security codes and PINs under their keys", () => {
  it("takes a card's code and a PIN whole, even as JSON numbers, and leaves counts alone", () => {
    const { value } = redactJson({ card: { cvc: "417", cvv2: 552 }, pin: 4821, pin_attempts: 2, page: 3 }, { secret: "s" });
    expect(value).toEqual({ card: { cvc: "<SECRET_1>", cvv2: "<SECRET_2>" }, pin: "<SECRET_3>", pin_attempts: 2, page: 3 });
    // A board's pin, a postal PIN code, a form's rule: not secrets.
    const board = { led: { pin: 13 }, gpio: [{ pin: 17 }, { pin: "D4" }], address: { pincode: "560001" }, rules: { cvc: "required" } };
    expect(redactJson(board, { secret: "s" }).value).toEqual(board);
  });
});
