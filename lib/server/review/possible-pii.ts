import { scanText } from "@/lib/domain/pii";
import type { PossiblePii, SampleInput } from "@/lib/schemas/review";

/**
 * Below this score a finding is the detectors' noise (a capitalised first word
 * scores 0.1), not something worth a reviewer's second look.
 */
export const POSSIBLE_PII_FLOOR = 0.25;

/**
 * What the firewall saw in a sample's stored (already redacted) texts but
 * scored below the redaction threshold, so left in place. Stored samples keep
 * only what was redacted, so this is computed when the card is served. One
 * entry per field and type, with the highest score; never the text itself.
 */
export function possiblePersonalData(sample: { input: SampleInput; output: string }, threshold: number): PossiblePii[] {
  const fields: Array<[string, string]> = [
    ["user intent", sample.input.user_intent],
    ["agent action", sample.input.agent_action],
    ["API response", JSON.stringify(sample.input.api_response) ?? ""],
    ["correction", sample.output],
  ];
  const found = new Map<string, PossiblePii>();
  for (const [field, text] of fields) {
    for (const finding of scanText(text, { minScore: POSSIBLE_PII_FLOOR })) {
      if (finding.score >= threshold) continue;
      const key = `${field}\u0000${finding.type}`;
      const seen = found.get(key);
      if (!seen || seen.score < finding.score) found.set(key, { type: finding.type, field, score: Math.round(finding.score * 100) / 100 });
    }
  }
  return [...found.values()];
}
