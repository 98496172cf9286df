import { middleTruncate } from "./wording";

/** A pattern as a filter names it. */
export interface LabelledPattern {
  id: string;
  fingerprint: string;
  errorCategory: string;
  actionTemplate: string;
  errorTemplate: string;
  agentName: string;
}

const ACTION_CHARS = 56;
const ERROR_CHARS = 40;

/**
 * Options for a pattern dropdown in which no two patterns read the same:
 * "category · action"; the error when two fingerprints share those; the agent
 * when one fingerprint recurs on several agents (its options stay together,
 * in the order given). Long templates are cut in the middle, where templates
 * that share a start ("get /api/v1/accounts/{n}/…") still differ.
 */
export function patternOptions(patterns: readonly LabelledPattern[]): Array<{ id: string; label: string }> {
  const base = (pattern: LabelledPattern) => `${pattern.errorCategory} · ${middleTruncate(pattern.actionTemplate, ACTION_CHARS)}`;
  const fingerprintsByBase = new Map<string, Set<string>>();
  const agentsByFingerprint = new Map<string, number>();
  for (const pattern of patterns) {
    const label = base(pattern);
    fingerprintsByBase.set(label, (fingerprintsByBase.get(label) ?? new Set()).add(pattern.fingerprint));
    agentsByFingerprint.set(pattern.fingerprint, (agentsByFingerprint.get(pattern.fingerprint) ?? 0) + 1);
  }
  const labels = patterns.map((pattern) => {
    let label = base(pattern);
    if ((fingerprintsByBase.get(label)?.size ?? 0) > 1) label += ` · ${middleTruncate(pattern.errorTemplate || "(no message)", ERROR_CHARS)}`;
    if ((agentsByFingerprint.get(pattern.fingerprint) ?? 0) > 1) label += ` — ${pattern.agentName}`;
    return label;
  });
  // Anything still alike (templates that differ only past the cut) is numbered rather than shown twice.
  const seen = new Map<string, number>();
  return patterns.map((pattern, index) => {
    const times = (seen.get(labels[index]) ?? 0) + 1;
    seen.set(labels[index], times);
    return { id: pattern.id, label: times === 1 ? labels[index] : `${labels[index]} (${times})` };
  });
}
