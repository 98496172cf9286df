import { describe, expect, it } from "vitest";
import { scanText } from "./scan";
import type { PiiType } from "./types";

const found = (text: string, minScore?: number) => scanText(text, { minScore }).map((f) => [f.type, f.text]);

describe("scanText", () => {
  it("finds every entity type with its exact span", () => {
    const text = [
      "my name is Sarah Lee",
      "mail sarah.lee@example.com",
      "phone +1 (415) 555-0132",
      "card 4111 1111 1111 1111",
      "IBAN DE89 3704 0044 0532 0130 00",
      "SSN 123-45-6789",
      "身份证11010519491231002X",
      "from 203.0.113.42",
      "key ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
      "DOB: 1984-07-19",
    ].join("; ");
    expect(found(text)).toEqual([
      ["PERSON", "Sarah Lee"],
      ["EMAIL", "sarah.lee@example.com"],
      ["PHONE", "+1 (415) 555-0132"],
      ["CREDIT_CARD", "4111 1111 1111 1111"],
      ["IBAN", "DE89 3704 0044 0532 0130 00"],
      ["US_SSN", "123-45-6789"],
      ["CN_RESIDENT_ID", "11010519491231002X"],
      ["IP_ADDRESS", "203.0.113.42"],
      ["SECRET", "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"],
      ["DATE_OF_BIRTH", "1984-07-19"],
    ]);
  });

  it("reports UTF-16 offsets, so Chinese text and emoji do not shift spans", () => {
    const text = "😀 我叫张伟，手机13812345678";
    for (const f of scanText(text)) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(scanText(text).map((f) => [f.type, f.start, f.end])).toEqual([
      ["PERSON", 5, 7],
      ["PHONE", 10, 21],
    ]);
  });

  it("leaves hard negatives alone", () => {
    const negatives = [
      "Order ORD-2026-000123 and invoice INV-88231 are paid",
      "request 550e8400-e29b-41d4-a716-446655440000 trace 4bf92f3577b34da6a3ce929d0e0e4736",
      "at 2026-03-14T09:26:53.123Z, due 2026-04-01, epoch 1710408413000",
      "upgraded v1.2.3 to 2.14.0; version 1.2.3.4; Chrome 122.0.6261.94",
      "total $1,234.56, HTTP 429 then 503, listening on :8080",
      "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 md5 d41d8cd98f00b204e9800998ecf8427e",
      "transaction 4111111111111112 (fails Luhn), reference 1234567812345670 (no card network)",
      "icon@2x.png, react@19.3.1, git@github.com:acme/remedy.git",
      "localhost 127.0.0.1, any 0.0.0.0, ::1, MAC 00:1A:2B:3C:4D:5E, 12:30:45",
      "password=${DB_PASSWORD}, api_key=***, token count 4096",
      "订单号：2026031412345678，版本 v3.2.1，价格 ¥1,299.00，端口 8080",
      "Dear Customer, file name: Report.pdf",
    ];
    for (const text of negatives) expect(found(text), text).toEqual([]);
  });

  it("needs a cue for a bare ten-digit number, and lowers one after an id label", () => {
    expect(found("4155550123")).toEqual([]);
    expect(found("call me on 4155550123")).toEqual([["PHONE", "4155550123"]]);
    expect(found("order #4155550123")).toEqual([]);
    expect(found("4155550123", 0.4)).toEqual([["PHONE", "4155550123"]]);
  });

  it("never reads a placeholder from redaction as PII", () => {
    expect(scanText("<EMAIL_1> wrote from <IP_ADDRESS_2> with <PHONE#a1b2c3d4e5f6>; token=<SECRET_3>")).toEqual([]);
  });

  it("returns findings sorted and never overlapping", () => {
    const text =
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U " +
      "postgres://app:s3cret@db.example.com:5432/x";
    const findings = scanText(text);
    expect(findings.map((f) => [f.type, f.text])).toEqual([
      ["SECRET", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
      ["SECRET", "s3cret"],
    ]);
    for (let i = 1; i < findings.length; i++) expect(findings[i].start).toBeGreaterThanOrEqual(findings[i - 1].end);
  });

  it("scores checksummed numbers with a cue higher than without", () => {
    const score = (text: string, type: PiiType) => scanText(text).find((f) => f.type === type)?.score ?? 0;
    expect(score("card 4111 1111 1111 1111", "CREDIT_CARD")).toBeGreaterThan(score("4111 1111 1111 1111", "CREDIT_CARD"));
    expect(score("SSN 123456789", "US_SSN")).toBeGreaterThanOrEqual(0.5);
    expect(score("123456789", "US_SSN")).toBe(0);
  });
});
