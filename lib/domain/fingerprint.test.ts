import { describe, expect, it } from "vitest";
import { errorMessageOf, fingerprintFailure, normaliseAction, normaliseError } from "./fingerprint";

describe("normaliseAction", () => {
  it("replaces ids, numbers, uuids and hashes with placeholders", () => {
    expect(normaliseAction("GET /api/v1/accounts/12345/balance")).toBe("get /api/v1/accounts/{n}/balance");
    expect(normaliseAction("refund order ORD-2026-000123 of 49.90")).toBe("refund order {id} of {n}");
    expect(normaliseAction("fetch /users/7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44/cart")).toBe("fetch /users/{uuid}/cart");
    expect(normaliseAction("verify blob 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toBe("verify blob {hash}");
  });

  it("folds numbered PII placeholders so redacted values do not split a pattern", () => {
    expect(normaliseAction("email <EMAIL_1> about <PHONE_2>")).toBe(normaliseAction("email <EMAIL_3> about <PHONE_1>"));
  });
});

describe("normaliseError", () => {
  it("treats quoted values as variable", () => {
    expect(normaliseError('Unknown symbol "AAPL" at 10:01')).toBe(normaliseError("Unknown symbol 'MSFT' at 11:45"));
  });
});

describe("errorMessageOf", () => {
  it("reads the usual error fields", () => {
    expect(errorMessageOf({ error: "429 Rate Limit Exceeded" })).toBe("429 Rate Limit Exceeded");
    expect(errorMessageOf({ error: { message: "quota" } })).toBe("quota");
    expect(errorMessageOf({ detail: "not found", code: 404 })).toBe("not found");
    expect(errorMessageOf("plain")).toBe("plain");
    expect(errorMessageOf({ ok: false })).toBe('{"ok":false}');
  });
});

describe("fingerprintFailure", () => {
  it("groups the same failure on different accounts", () => {
    const a = fingerprintFailure("rate_limit", "调用外部 API /api/v1/accounts/1001/balance", { error: "429 Rate Limit Exceeded" });
    const b = fingerprintFailure("rate_limit", "调用外部 API /api/v1/accounts/2002/balance", { error: "429 Rate Limit Exceeded" });
    expect(a.hash).toBe(b.hash);
  });

  it("separates different categories and actions", () => {
    const base = fingerprintFailure("rate_limit", "GET /balance", { error: "429" });
    expect(fingerprintFailure("timeout", "GET /balance", { error: "429" }).hash).not.toBe(base.hash);
    expect(fingerprintFailure("rate_limit", "POST /transfer", { error: "429" }).hash).not.toBe(base.hash);
  });
});

describe("numbers with units", () => {
  it("folds durations in any unit into one placeholder", () => {
    const templates = ["timed out after 5000ms", "timed out after 10000ms", "timed out after 12.5s", "timed out after 2 minutes", "Timed out after 30 s"].map(normaliseError);
    expect(new Set(templates)).toEqual(new Set(["timed out after {duration}"]));
  });

  it("folds sizes, and keeps what only looks like a unit", () => {
    expect(normaliseError("body of 300 KB over the limit")).toBe(normaliseError("body of 1.5MiB over the limit"));
    expect(normaliseError("body of 300 KB over the limit")).toBe("body of {size} over the limit");
    expect(normaliseAction("retry 3 times")).toBe("retry {n} times");
    expect(normaliseAction("GET /v2/items")).toBe("get /v2/items");
  });

  it("puts failures that differ only in a duration on one pattern", () => {
    const a = fingerprintFailure("timeout", "POST /transfer", { error: "upstream timeout after 5000ms" });
    const b = fingerprintFailure("timeout", "POST /transfer", { error: "upstream timeout after 10000ms" });
    expect(a.hash).toBe(b.hash);
    expect(a.errorTemplate).toBe("upstream timeout after {duration}");
  });
});
