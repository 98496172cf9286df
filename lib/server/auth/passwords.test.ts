import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";

describe("password hashes", () => {
  it("stores scrypt with its parameters and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(await hashPassword("correct horse battery staple")).not.toBe(hash);
  });

  it("tells apart passwords that differ only after the 72nd byte", async () => {
    const prefix = "p".repeat(72);
    const hash = await hashPassword(`${prefix}-one`);
    expect(await verifyPassword(`${prefix}-two`, hash)).toBe(false);
    expect(await verifyPassword(`${prefix}-one`, hash)).toBe(true);
  });

  it("still verifies a bcrypt hash from before, and asks for it to be replaced", async () => {
    const legacy = await bcrypt.hash("an older password", 4);
    expect(await verifyPassword("an older password", legacy)).toBe(true);
    expect(await verifyPassword("another password", legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it("refuses, after the same work, an account without a usable hash", async () => {
    expect(await verifyPassword("anything at all", null)).toBe(false);
    expect(await verifyPassword("anything at all", "scrypt$not$a$hash")).toBe(false);
    const known = await hashPassword("a known password");
    const time = async (run: () => Promise<boolean>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    // Warm the dummy hash first; then an unknown account costs about what a known one does.
    await verifyPassword("warm", null);
    const unknownMs = Math.min(await time(() => verifyPassword("guess", null)), await time(() => verifyPassword("guess", null)));
    const knownMs = Math.min(await time(() => verifyPassword("guess", known)), await time(() => verifyPassword("guess", known)));
    expect(unknownMs).toBeGreaterThan(knownMs / 3);
    expect(unknownMs).toBeLessThan(knownMs * 3);
  });

  it("hashes off the main thread: the event loop stays free while six run at once", async () => {
    const stored = await hashPassword("the right password");
    const before = performance.eventLoopUtilization();
    await Promise.all(Array.from({ length: 6 }, () => verifyPassword("a wrong password", stored)));
    const busy = performance.eventLoopUtilization(before);
    // bcryptjs computed on the main thread: utilization near 1 for the whole time.
    expect(busy.utilization).toBeLessThan(0.3);
  });
});
