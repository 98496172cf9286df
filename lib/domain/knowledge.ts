import { normaliseAction } from "./fingerprint";
import type { Stage } from "./stage";

/**
 * The memory layer's rules: how sure Remedy is of a correction, when an
 * entry may answer agents, and which of a pattern's entries answers.
 */

export interface KnowledgeEvidenceTotals {
  approvals: number;
  rejections: number;
  /** Sum of the approved samples' confidence scores. */
  confidenceSum: number;
}

export interface ConfidenceSettings {
  /** How much one approval supports an entry on its own, 0–1 (settings: knowledge.supportPerApproval). */
  supportPerApproval: number;
}

/**
 * confidence = mean sample confidence × reviewer agreement × support, where
 *   mean sample confidence = Σ confidence of approved samples / approvals,
 *   reviewer agreement     = approvals / (approvals + rejections),
 *   support                = 1 − (1 − supportPerApproval)^approvals.
 * One approval of a 0.95 sample gives 0.95 × 1 × 0.9 = 0.855 at the default
 * support of 0.9; a second approval raises support to 0.99; a rejection for a
 * wrong or unsafe correction lowers agreement. No approval: 0.
 */
export function knowledgeConfidence(totals: KnowledgeEvidenceTotals, settings: ConfidenceSettings): number {
  const { approvals, rejections, confidenceSum } = totals;
  if (approvals <= 0) return 0;
  const meanConfidence = confidenceSum / approvals;
  const agreement = approvals / (approvals + rejections);
  const support = 1 - Math.pow(1 - settings.supportPerApproval, approvals);
  return clamp01(meanConfidence * agreement * support);
}

/** The formula with an entry's numbers filled in, as the Knowledge page shows it. */
export function explainConfidence(totals: KnowledgeEvidenceTotals, settings: ConfidenceSettings): string {
  const { approvals, rejections, confidenceSum } = totals;
  if (approvals <= 0) return "no approval yet: 0";
  const mean = confidenceSum / approvals;
  const agreement = approvals / (approvals + rejections);
  const support = 1 - Math.pow(1 - settings.supportPerApproval, approvals);
  return `${fixed(mean)} mean sample confidence × ${fixed(agreement)} agreement (${approvals} of ${approvals + rejections}) × ${fixed(support)} support (1 − ${fixed(1 - settings.supportPerApproval)}^${approvals}) = ${fixed(knowledgeConfidence(totals, settings))}`;
}

const fixed = (value: number) => value.toFixed(3);
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** A rejection says the correction itself was wrong only for these reasons; the others are about the sample. */
export const WEAKENING_REJECT_REASONS = ["WRONG_CORRECTION", "UNSAFE"] as const;

export function rejectionWeakens(reason: string): boolean {
  return (WEAKENING_REJECT_REASONS as readonly string[]).includes(reason);
}

/** One entry per pattern and correction: corrections that differ only in case or spacing are the same. */
export function correctionKey(correction: string): string {
  return correction.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
}

/** Intents that differ only in ids and numbers are the same intent. */
export function intentKey(intent: string): string {
  return normaliseAction(intent).slice(0, 200);
}

/** Where an agent's stage lets knowledge answer: the seed's progressive deployment. */
export type KnowledgeReach = "never" | "sandbox" | "production";

export function knowledgeReach(stage: Stage): KnowledgeReach {
  if (stage === "FULL") return "production";
  if (stage === "SMALL_SCALE") return "sandbox";
  return "never";
}

export interface EntryState {
  enabled: boolean;
  confidence: number;
}

/** Whether an entry answers at all (before the stage): switched on and above the activation confidence. */
export function entryIsActive(entry: EntryState, activationConfidence: number): boolean {
  return entry.enabled && entry.confidence > activationConfidence;
}

export interface ServingEntry {
  id: string;
  version: number;
  correction: string;
  confidence: number;
  /** Normalised intents it was approved for, with how often. */
  intents: Record<string, number>;
}

/**
 * Which of a pattern's active entries answers a failure: one approved for
 * this intent first (corrections can differ by intent), the most confident
 * among those; else the most confident of all. Ties go to the lower id, so
 * every process answers alike.
 */
export function chooseEntry<E extends ServingEntry>(entries: readonly E[], intent: string): E | null {
  if (entries.length === 0) return null;
  const key = intentKey(intent);
  const forIntent = entries.filter((entry) => (entry.intents[key] ?? 0) > 0);
  return best(forIntent.length > 0 ? forIntent : entries);
}

function best<E extends ServingEntry>(entries: readonly E[]): E {
  return entries.reduce((a, b) => (b.confidence > a.confidence || (b.confidence === a.confidence && b.id < a.id) ? b : a));
}

/**
 * What answered a remedy request, as agents report it back on interactions:
 * `kn_<entry id>.v<version>` or `mv_<model version id>`.
 */
export type RemedySource = { kind: "knowledge"; entryId: string; version: number } | { kind: "model"; modelVersionId: string };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KNOWLEDGE_ID = new RegExp(`^kn_(${UUID})\\.v(\\d{1,9})$`);
const MODEL_ID = new RegExp(`^mv_(${UUID})$`);

export function remedyIdOf(source: RemedySource): string {
  return source.kind === "knowledge" ? `kn_${source.entryId}.v${source.version}` : `mv_${source.modelVersionId}`;
}

export function parseRemedyId(remedyId: string): RemedySource | null {
  const knowledge = KNOWLEDGE_ID.exec(remedyId);
  if (knowledge) return { kind: "knowledge", entryId: knowledge[1], version: Number(knowledge[2]) };
  const model = MODEL_ID.exec(remedyId);
  if (model) return { kind: "model", modelVersionId: model[1] };
  return null;
}

/** The capability a remedy id belongs to, whatever its version: what the circuit breaker counts. */
export function capabilityOf(remedyId: string): string | null {
  const source = parseRemedyId(remedyId);
  if (!source) return null;
  return source.kind === "knowledge" ? `kn_${source.entryId}` : `mv_${source.modelVersionId}`;
}

/** Counts an intent once more in an entry's intent tally. */
export function addIntent(intents: Record<string, number>, intent: string): Record<string, number> {
  const key = intentKey(intent);
  return { ...intents, [key]: (intents[key] ?? 0) + 1 };
}
