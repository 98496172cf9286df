import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerToken, generateAccessToken, generateApiKey, parseAccessToken, parseApiKey } from "./api-key";

describe("API keys", () => {
  it("generates keys that parse back to their prefix", () => {
    for (let i = 0; i < 200; i++) {
      const { key, prefix } = generateApiKey(randomBytes);
      expect(parseApiKey(key)).toEqual({ ok: true, prefix });
      expect(key.startsWith(`${prefix}_`)).toBe(true);
    }
  });

  it("never generates the same key twice in a run", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey(randomBytes).key));
    expect(keys.size).toBe(1000);
  });

  it.each(["", "rmd_", "sk-live-abc", "rmd_ABCDEFGH_" + "a".repeat(40), "rmd_abcdefgh_" + "a".repeat(39), "rmd_abcdefgh_" + "a".repeat(40) + " "])(
    "explains what is wrong with %j",
    (key) => {
      const parsed = parseApiKey(key);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(/^Malformed API key: expected rmd_/);
    },
  );

  it("reads bearer tokens", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("access tokens", () => {
  it("look like keys with rmt_ and are told apart from agent keys", () => {
    const { key, prefix } = generateAccessToken(randomBytes);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(parseAccessToken(key)).toEqual({ ok: true, prefix });
    expect(parseApiKey(key).ok).toBe(false);
    expect(parseAccessToken(generateApiKey(randomBytes).key).ok).toBe(false);
  });
});
