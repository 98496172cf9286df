import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords.generated";
import { passwordProblem } from "./policy";

const EMAIL = "rita.reviewer@example.com";

describe("passwordProblem", () => {
  it("accepts a long, uncommon password that has nothing of the email", () => {
    expect(passwordProblem("correct horse battery staple", EMAIL)).toBeNull();
    expect(passwordProblem("Kx7#pL2!qR9z", EMAIL)).toBeNull();
  });

  it("refuses fewer than 10 characters, counting characters rather than UTF-16 units", () => {
    expect(passwordProblem("short1234", EMAIL)).toMatch(/at least 10 characters/);
    expect(passwordProblem("🔑🔑🔑🔑🔑🔑🔑🔑🔑", EMAIL)).toMatch(/at least 10 characters/);
  });

  it("refuses more than 200 characters", () => {
    expect(passwordProblem("x".repeat(201), EMAIL)).toMatch(/at most 200/);
  });

  it("refuses the email itself, the email inside it, and its local part in any case", () => {
    expect(passwordProblem(EMAIL, EMAIL)).toMatch(/must not contain your email/);
    expect(passwordProblem(`my ${EMAIL.toUpperCase()} pw`, EMAIL)).toMatch(/must not contain your email/);
    expect(passwordProblem("Rita.Reviewer-2026", EMAIL)).toMatch(/name in your email/);
  });

  it("does not refuse a password only because a very short local part occurs in it", () => {
    expect(passwordProblem("calibrated-kettle-91", "al@example.com")).toBeNull();
  });

  it("refuses common passwords from the shipped list, in any case", () => {
    expect(passwordProblem("qwertyuiop", EMAIL)).toMatch(/most common/);
    expect(passwordProblem("QwertyUIOP", EMAIL)).toMatch(/most common/);
    expect(passwordProblem("1234567890", EMAIL)).toMatch(/most common/);
    expect(passwordProblem("basketball", EMAIL)).toMatch(/most common/);
  });

  it("refuses a common password stretched with digits or symbols at the end", () => {
    expect(passwordProblem("dragon2024!", EMAIL)).toMatch(/most common/);
    expect(passwordProblem("password1234", EMAIL)).toMatch(/most common/);
    expect(passwordProblem("dragonfly-2024", EMAIL)).toBeNull();
  });

  it("ships the 10,000 most common passwords, one a line", () => {
    const list = COMMON_PASSWORDS.split("\n");
    expect(list).toHaveLength(10_000);
    expect(list.slice(0, 2)).toEqual(["123456", "password"]);
    expect(new Set(list).size).toBe(10_000);
  });
});
