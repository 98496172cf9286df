import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO_ROOT = join(import.meta.dirname, "..");

function runPii(input: string): { status: number | null; lines: Record<string, unknown>[] } {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/pii.ts"], { cwd: REPO_ROOT, input, encoding: "utf8" });
  const lines = result.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, lines };
}

describe("npm run pii", () => {
  it("writes one JSON line per input line and keeps going past bad ones", () => {
    const input = [
      JSON.stringify({ id: 1, text: "Call me at +1 (415) 555-0132, my name is Sarah Lee" }),
      "{not json",
      JSON.stringify({ id: "b", text: 42 }),
      "",
      JSON.stringify({ id: 3, text: "我叫张伟，手机13812345678" }),
      JSON.stringify(["not", "an", "object"]),
      JSON.stringify({ id: 5, text: "order ORD-2026-000123 shipped 2026-03-14" }),
    ].join("\n");
    const { status, lines } = runPii(input);
    expect(status).toBe(0);
    expect(lines).toEqual([
      {
        id: 1,
        entities: [
          { type: "PHONE", start: 11, end: 28, text: "+1 (415) 555-0132" },
          { type: "PERSON", start: 41, end: 50, text: "Sarah Lee" },
        ],
        redacted: "Call me at <PHONE_1>, my name is <PERSON_1>",
      },
      { id: null, error: "line is not valid JSON" },
      { id: "b", error: '"text" must be a string' },
      {
        id: 3,
        entities: [
          { type: "PERSON", start: 2, end: 4, text: "张伟" },
          { type: "PHONE", start: 7, end: 18, text: "13812345678" },
        ],
        redacted: "我叫<PERSON_1>，手机<PHONE_1>",
      },
      { id: null, error: "each line must be a JSON object with an id and a text" },
      { id: 5, entities: [], redacted: "order ORD-2026-000123 shipped 2026-03-14" },
    ]);
  });
});
