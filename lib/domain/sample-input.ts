import { findResidualPii } from "./pii";

/** What a sample learns from: the failed interaction as the agent saw it, after the PII firewall. */
export interface SampleInput {
  user_intent: string;
  agent_action: string;
  api_response: unknown;
  error_category: string;
}

/** A sample's input as stored, and the personal data a second look still finds in it and its correction. */
export interface SampleEvidence {
  inputJson: string;
  residualPii: number;
}

/**
 * Serialises a sample's input once and scans it and the correction again for
 * personal data the firewall let through; the gates hold back any sample
 * where this finds some. Ingestion runs it beside the firewall, off the
 * thread that owns the database.
 */
export function sampleEvidence(input: SampleInput, output: string): SampleEvidence {
  const responseJson = JSON.stringify(input.api_response) ?? "null";
  const texts = [output, input.user_intent, input.agent_action, responseJson];
  return {
    inputJson: JSON.stringify(input),
    residualPii: texts.reduce((sum, text) => sum + findResidualPii(text).total, 0),
  };
}
