import { describe, expect, it } from "vitest";
import { redactJson } from "./json";
import { createRedactionContext, redactText } from "./redact";
import { piiSettingsSchema } from "./settings";

const SECRET = "test-server-secret";

describe("redactJson", () => {
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

  it("does not redact a value that is already a placeholder again", () => {
    const once = redactJson({ password: "hunter2" }, { secret: SECRET });
    const twice = redactJson(once.value, { secret: SECRET });
    expect(twice.value).toEqual({ password: "<SECRET_1>" });
    expect(twice.report.total).toBe(0);
  });
});
