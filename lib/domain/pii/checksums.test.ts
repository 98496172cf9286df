import { describe, expect, it } from "vitest";
import { cnResidentIdCheckChar, ibanMod97Valid, isPlausibleDate, isValidCnResidentId, isValidSsn, luhnValid } from "./checksums";

describe("checksums", () => {
  it("Luhn accepts published test numbers and rejects a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });

  it("IBAN mod-97 accepts the registry examples and rejects a typo", () => {
    expect(ibanMod97Valid("GB82WEST12345698765432")).toBe(true);
    expect(ibanMod97Valid("DE89370400440532013000")).toBe(true);
    expect(ibanMod97Valid("GB82WEST12345698765433")).toBe(false);
    expect(ibanMod97Valid("de89370400440532013000")).toBe(false);
  });

  it("computes the resident ID check character, including X", () => {
    expect(cnResidentIdCheckChar("11010519491231002")).toBe("X");
    expect(isValidCnResidentId("11010519491231002X")).toBe(true);
    expect(isValidCnResidentId("11010519491231002x")).toBe(true);
    expect(isValidCnResidentId("110105194912310021")).toBe(false);
    // A valid check character does not save an impossible birth date.
    const first17 = "11010519491331002";
    expect(isValidCnResidentId(first17 + cnResidentIdCheckChar(first17))).toBe(false);
  });

  it("accepts SSNs only in the ranges the SSA issues", () => {
    expect(isValidSsn("123456789")).toBe(true);
    expect(isValidSsn("000123456")).toBe(false);
    expect(isValidSsn("666123456")).toBe(false);
    expect(isValidSsn("900123456")).toBe(false);
    expect(isValidSsn("123006789")).toBe(false);
    expect(isValidSsn("123450000")).toBe(false);
  });

  it("knows month lengths", () => {
    expect(isPlausibleDate(1990, 2, 29)).toBe(true);
    expect(isPlausibleDate(1990, 2, 30)).toBe(false);
    expect(isPlausibleDate(1990, 13, 1)).toBe(false);
  });
});
