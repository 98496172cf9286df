import type { FindingSink } from "./context";

/**
 * What the firewall's context models share (person-model.ts, person-model-zh.ts, secret-model.ts):
 * how their generated weights are read, and which spans the rules left for them to weigh.
 */

/** The weights of a generated model: "kind:key<TAB>weight" lines. */
export function parseWeights(lines: string): [string, number][] {
  const weights: [string, number][] = [];
  for (const line of lines.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab > 0) weights.push([line.slice(0, tab), Number(line.slice(tab + 1))]);
  }
  return weights;
}

// Up to this many findings, a span is compared with each; past it the characters they cover are marked once.
const FEW_FINDINGS = 16;

/** A test of whether [start, end) lies outside every confident finding: a scan of the findings when few, a mask when many. */
export function uncovered(text: string, out: FindingSink, minScore: number): (start: number, end: number) => boolean {
  const confident = out.filter((f) => f.score >= minScore);
  if (confident.length <= FEW_FINDINGS) return (start, end) => !confident.some((f) => f.start < end && start < f.end);
  const covered = new Uint8Array(text.length);
  for (const f of confident) covered.fill(1, f.start, f.end);
  return (start, end) => covered[start] === 0 && covered[end - 1] === 0;
}
