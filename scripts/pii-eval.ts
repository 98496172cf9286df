/**
 * Scores the PII firewall on a labelled JSON Lines file, the way the project's corpus is scored
 * (lib/domain/pii/evaluation.ts): precision and recall per type and language. `--details` also
 * lists every miss and false alarm. Keep held-out sets out of the repository until they are
 * used: a set the detectors were tuned on no longer measures anything.
 *
 *   npm run pii:eval -- path/to/cases.jsonl [--details]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatScores, scoreByLanguage, type CorpusCase } from "@/lib/domain/pii/evaluation";

const { values, positionals } = parseArgs({ options: { details: { type: "boolean", default: false } }, allowPositionals: true });
if (positionals.length === 0) {
  console.error("Usage: npm run pii:eval -- cases.jsonl [more.jsonl …] [--details]");
  process.exit(1);
}
const cases = positionals.flatMap((file) =>
  readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as CorpusCase),
);
const scores = scoreByLanguage(cases);
const languages = ["en", "zh"].map((l) => `${cases.filter((c) => c.lang === l).length} ${l}`).join(", ");
console.log(`${cases.length} cases (${languages}; ${cases.filter((c) => c.kind === "hard-negative").length} hard negatives)\n`);
console.log(formatScores(scores));
if (values.details) {
  for (const [type, s] of scores.all) {
    if (s.misses.length) console.log(`\n${type} missed (${s.misses.length}):\n  ${s.misses.join("\n  ")}`);
    if (s.falseAlarms.length) console.log(`\n${type} false alarms (${s.falseAlarms.length}):\n  ${s.falseAlarms.join("\n  ")}`);
  }
}
