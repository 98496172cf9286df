import { describe, expect, it } from "vitest";
import { afterSignInPath, sameOriginPath, sameOriginRedirect } from "./callback-url";

const HOSTILE = [
  "/\\127.0.0.1:9999/x",
  "/\t/evil.example/x",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "//evil.example",
  "/\\\\evil.example",
  "\\\\evil.example",
  "https://evil.example/x",
  "javascript:alert(1)",
  " /\t/evil.example",
  "/\u0000/evil.example",
  "http:evil.example",
];

describe("sameOriginPath", () => {
  it("keeps paths on this site with their query and fragment", () => {
    expect(sameOriginPath("/review?agent=checkout&range=7d#top")).toBe("/review?agent=checkout&range=7d#top");
    expect(sameOriginPath("/patterns/%5Cnot-a-host")).toBe("/patterns/%5Cnot-a-host");
    expect(sameOriginPath("/a/../b")).toBe("/b");
  });

  it.each(HOSTILE)("sends %j to the fallback", (value) => {
    expect(sameOriginPath(value)).toBe("/");
  });

  it("refuses nothing and undefined", () => {
    expect(sameOriginPath(undefined)).toBe("/");
    expect(sameOriginPath("")).toBe("/");
    expect(sameOriginPath(null, "/review")).toBe("/review");
  });
});

describe("afterSignInPath", () => {
  it("never sends someone back to the sign-in page", () => {
    expect(afterSignInPath("/signin?callbackUrl=%2F")).toBe("/");
    expect(afterSignInPath("/signin")).toBe("/");
    expect(afterSignInPath("/signin-help")).toBe("/signin-help");
    expect(afterSignInPath("/\\127.0.0.1:9999/x")).toBe("/");
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";

  it("makes same-origin paths and URLs absolute on the base", () => {
    expect(sameOriginRedirect("/agents", base)).toBe("http://localhost:3000/agents");
    expect(sameOriginRedirect("http://localhost:3000/review?x=1", base)).toBe("http://localhost:3000/review?x=1");
    expect(sameOriginRedirect("/signin", base)).toBe("http://localhost:3000/signin");
  });

  it.each([...HOSTILE, "http://localhost:3001/x", "http://localhost:3000\\@evil.example/"])("sends %j to the base", (value) => {
    expect(new URL(sameOriginRedirect(value, base)).origin).toBe(base);
    expect(sameOriginRedirect(value, base)).toBe("http://localhost:3000/");
  });
});
