import { describe, expect, it } from "vitest";
import { inviteUserSchema } from "./users";

describe("inviteUserSchema", () => {
  it("refuses a name holding a NUL with a message, rather than letting the database fail on it", () => {
    const parsed = inviteUserSchema.safeParse({ email: "rita@example.com", name: "Rita\u0000Reviewer", role: "REVIEWER" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["name"], message: expect.stringMatching(/control character \(NUL\)/) });
  });

  it("trims the name, keeps the 120-character limit and defaults to none", () => {
    expect(inviteUserSchema.parse({ email: "rita@example.com", name: "  Rita  ", role: "REVIEWER" }).name).toBe("Rita");
    expect(inviteUserSchema.parse({ email: "rita@example.com", role: "REVIEWER" }).name).toBe("");
    expect(inviteUserSchema.safeParse({ email: "rita@example.com", name: "x".repeat(121), role: "REVIEWER" }).error?.issues[0].message)
      .toBe("Names can be at most 120 characters.");
  });
});
