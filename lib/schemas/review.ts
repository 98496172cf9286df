import { z } from "zod";
import { SAMPLE_STATUSES, type StoredSampleStatus } from "@/lib/domain/gates";
import type { Stage } from "@/lib/domain/stage";
import { VALUE_GRADES, type ValueGrade } from "@/lib/domain/value-grade";
import { cursorSchema } from "./pagination";
import { optionalQuery } from "./search-params";
import { formText } from "./text";

export const REJECT_REASONS = ["WRONG_CORRECTION", "UNSAFE", "PERSONAL_DATA", "DUPLICATE", "LOW_VALUE", "OTHER"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const sampleId = z.uuid("Unknown sample.");

export const decisionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), sampleId, output: formText(16_384, "The correction").min(1, "The correction cannot be empty.").optional() }),
  z.object({
    decision: z.literal("reject"),
    sampleId,
    reason: z.enum(REJECT_REASONS, { error: "Choose a reason to reject: wrong correction, unsafe, personal data, duplicate, low value or other." }),
    note: formText(1_000, "The note").optional(),
  }).refine((value) => value.reason !== "OTHER" || (value.note ?? "").length > 0, { path: ["note"], message: "Say why when the reason is Other." }),
  z.object({ decision: z.literal("skip"), sampleId }),
], { error: "Choose approve, reject or skip." });
export type DecisionInput = z.output<typeof decisionSchema>;

const SCORE_RANGE = "Pre-screen scores run from 0 to 1.";
const score = z.number({ error: SCORE_RANGE }).min(0, SCORE_RANGE).max(1, SCORE_RANGE);

export const queueFilterSchema = z.object({
  patternId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  grade: z.enum(VALUE_GRADES).optional(),
  minScore: score.optional(),
  maxScore: score.optional(),
}).strict();
export type QueueFilter = z.output<typeof queueFilterSchema>;

export const bulkSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), filter: queueFilterSchema, expected: z.number().int().min(1) }),
  z.object({
    decision: z.literal("reject"),
    filter: queueFilterSchema,
    expected: z.number().int().min(1),
    reason: z.enum(REJECT_REASONS, { error: "Choose a reason to reject." }),
    note: formText(1_000, "The note").optional(),
  }),
]);

/** The samples page's query string. */
export const sampleListFilterSchema = z.object({
  status: optionalQuery(z.enum(SAMPLE_STATUSES)),
  cursor: cursorSchema,
});

export const correctionSchema = z.object({
  interactionId: z.string().regex(/^\d{1,18}$/, "Unknown interaction."),
  correction: formText(16_384, "The correction").min(1, "Write the correction: what the agent should have done."),
});

/** A sample's input as stored: what the agent faced when it failed. Parsed where it leaves the database. */
export const sampleInputSchema = z.object({
  user_intent: z.string(),
  agent_action: z.string(),
  api_response: z.unknown(),
  error_category: z.string(),
});
export type SampleInput = z.output<typeof sampleInputSchema>;

export const prescreenFactorsSchema = z.array(z.object({ feature: z.string(), contribution: z.number() })).nullable();
export type PrescreenFactor = NonNullable<z.output<typeof prescreenFactorsSchema>>[number];

/** A sample as the review card shows it; crosses to the browser. */
export interface SampleView {
  id: string;
  /** What the agent faced, as the sample stores it (personal data already redacted). */
  input: SampleInput;
  output: string;
  originalOutput: string;
  errorCategory: string;
  confidence: number;
  grade: ValueGrade;
  gradeReason: string;
  stage: Stage;
  status: StoredSampleStatus;
  statusReason: string;
  prescreenScore: number | null;
  prescreenFactors: PrescreenFactor[];
  createdAt: Date;
  claimedAt: Date | null;
  lockedUntil: Date | null;
  edited: boolean;
  interactionId: string;
  /** The interaction's own record: how the agent retried, how it ended, which model served it and when. */
  retryStrategy: string | null;
  finalOutcome: string;
  modelVersion: string;
  occurredAt: Date;
  /** Text the firewall scored as personal data below the redaction threshold, so left in place: a reviewer should look. */
  possiblePii: PossiblePii[];
  agent: { name: string };
  pattern: { id: string; count: number; actionTemplate: string; errorTemplate: string; lastSeenAt: Date } | null;
  trend: number[];
}

/** A finding below the redaction threshold: its type, the field it is in and its score; never the text. */
export interface PossiblePii {
  type: string;
  field: string;
  score: number;
}

/** A one-key decision to take back, while its undo window is open. */
export const undoSchema = z.object({ sampleId }).strict();

export const bulkPreviewSchema = z.object({ filter: queueFilterSchema, page: z.number().int().min(0).max(10_000) }).strict();

/** A page of the samples a bulk decision would decide; crosses to the browser. */
export interface BulkPreview {
  total: number;
  page: number;
  pageSize: number;
  samples: Array<{ id: string; agentName: string; errorCategory: string; grade: ValueGrade; userIntent: string; output: string; prescreenScore: number | null; residualPii: number }>;
}

/** The reviewer panel's figures; crosses to the browser. */
export interface QueueStats {
  pending: number;
  pendingHigh: number;
  doneToday: number;
  /** Decided in bulk today: counted apart, since nobody looked at them one by one. */
  bulkToday: number;
  medianSeconds: number | null;
  agreement: { agreed: number; compared: number } | null;
  prescreen: { accuracy: number | null; decisions: number; holdOut: number; trainedAt: Date } | null;
}
