/**
 * Batch PII scan: reads JSON lines `{"id": …, "text": "…"}` on standard input and writes one
 * JSON line per input: `{"id", "entities": [{"type", "start", "end", "text"}], "redacted"}`,
 * or `{"id", "error"}` for a line it cannot use. One bad line never stops the run.
 *
 *   npm run --silent pii < interactions.jsonl
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import { redactFindings, scanText } from "@/lib/domain/pii";

function processLine(line: string): object {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    // The parser's message quotes the input, which may hold the very data being kept out of logs.
    return { id: null, error: "line is not valid JSON" };
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { id: null, error: "each line must be a JSON object with an id and a text" };
  }
  const { id = null, text } = input as { id?: unknown; text?: unknown };
  if (typeof text !== "string") return { id, error: '"text" must be a string' };
  const findings = scanText(text);
  // The default `replace` operator never hashes, so no server secret is needed here.
  const redacted = redactFindings(text, findings, { secret: "" }).text;
  return { id, entities: findings.map(({ type, start, end, text }) => ({ type, start, end, text })), redacted };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  if (!process.stdout.write(JSON.stringify(processLine(line)) + "\n")) await once(process.stdout, "drain");
}
