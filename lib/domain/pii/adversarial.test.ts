import { describe, expect, it } from "vitest";
import { redactText } from "./redact";

const SIZE = 100 * 1024;
const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

// Inputs shaped to make a backtracking regex explode: long runs of exactly the characters
// the detectors' patterns consume, and near-misses repeated until the input ends.
const ADVERSARIAL: Record<string, string> = {
  "digits": repeat("1234567890"),
  "@": repeat("@"),
  "a.": repeat("a."),
  "mixed separators": repeat("1-2 3-4 5.6 (7) "),
  "one digit and a space": repeat("1 "),
  "plus and digits": repeat("+1 "),
  "dotted digits": repeat("1."),
  "colons": repeat(":"),
  "hex and colons": repeat("a:"),
  "double colons": repeat("f::"),
  "local parts": repeat("a@a."),
  "IBAN-like": repeat("AB12"),
  "upper case": repeat("A"),
  "key prefixes": repeat("sk-"),
  "JWT pieces": repeat("eyJ."),
  "unterminated PEM": repeat("-----BEGIN PRIVATE KEY-----"),
  "URL without @": repeat("https://a:b"),
  "credential names": repeat("password="),
  "name cues": repeat("name: "),
  "titles": repeat("Mr. "),
  "Chinese cues": repeat("我叫"),
  "Chinese titles": repeat("王先生"),
  "birth cues": repeat("DOB "),
};

/**
 * Least CPU time of a few runs, in ms. CPU time rather than wall time, and the least rather than
 * the mean, so that other work on a busy machine is not mistaken for backtracking.
 */
function cpuMs(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe("adversarial input", () => {
  it("is scanned and redacted in linear time: under 50 ms per 100 KB each", () => {
    // A server runs warm: compile every detector's path before timing, as real traffic would.
    const warmUp = Object.values(ADVERSARIAL).map((text) => text.slice(0, 10_000)).join("\n");
    for (let i = 0; i < 20; i++) redactText(warmUp, { secret: "s" });
    const timings = Object.entries(ADVERSARIAL).map(([name, text]) => ({
      name,
      ms: cpuMs(5, () => redactText(text, { secret: "s" })),
    }));
    console.log(`PII adversarial inputs, 100 KB each:\n${timings.map((t) => `${t.name.padEnd(22)} ${t.ms.toFixed(1).padStart(6)} ms`).join("\n")}`);
    for (const { name, ms } of timings) expect(ms, `${name} took ${ms.toFixed(1)} ms`).toBeLessThan(50);
  });
});
