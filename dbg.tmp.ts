import { readFileSync } from "node:fs";
import { scanText } from "@/lib/domain/pii";
for (const f of ["en", "zh"]) for (const line of readFileSync(`lib/domain/pii/corpus/${f}.jsonl`, "utf8").split("\n").filter(Boolean)) {
  const c = JSON.parse(line);
  const preds = scanText(c.text);
  const labels = c.entities.map((e: any) => ({ ...e, start: c.text.indexOf(e.value), end: c.text.indexOf(e.value) + e.value.length }));
  for (const l of labels) if (!preds.some((p) => p.type === l.type && p.start < l.end && l.start < p.end)) console.log("MISS", l.type.padEnd(14), c.id, JSON.stringify(l.value), "|", c.text.slice(0, 90));
  for (const p of preds) if (!labels.some((l: any) => p.type === l.type && p.start < l.end && l.start < p.end)) console.log("FP  ", p.type.padEnd(14), c.id, JSON.stringify(p.text), p.score.toFixed(2), p.detector, "|", c.text.slice(0, 90));
}
