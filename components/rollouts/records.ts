import { z } from "zod";
import type { ArmFigures, GateResult } from "@/lib/domain/rollouts";

/**
 * The JSON a gate evaluation and a snapshot store, read with a schema before the page
 * shows them: a record written by an older release reads as "unreadable", not as a crash.
 */
const figuresSchema = z.object({
  interactions: z.number(),
  errorRate: z.number().nullable(),
  meanLatencyMs: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
  correctionFailureRate: z.number().nullable(),
  correctionsApplied: z.number(),
}) satisfies z.ZodType<ArmFigures>;

export const gateResultSchema = z.object({
  decision: z.enum(["PASS", "FAIL", "INSUFFICIENT_DATA"]),
  baseline: figuresSchema,
  candidate: figuresSchema,
  relativeReduction: z.number().nullable(),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  latencyIncreaseMs: z.number().nullable(),
  checks: z.array(z.object({
    rule: z.enum(["interactions", "error_rate", "latency", "correction_failures"]),
    passed: z.boolean().nullable(),
    detail: z.string(),
  })),
}) satisfies z.ZodType<GateResult>;

export const snapshotStateSchema = z.object({
  servingVersion: z.string().nullable(),
  enabledKnowledgeIds: z.array(z.string()),
  rollout: z.object({ id: z.string(), status: z.string(), percent: z.number(), stepIndex: z.number() }).nullable(),
});
export type SnapshotStateView = z.output<typeof snapshotStateSchema>;

export function readGateResult(value: unknown): GateResult | null {
  const parsed = gateResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** An experiment's conclusion, stored where a gate's result would be: its verdict in a sentence. */
const experimentConclusionSchema = z.object({ verdict: z.string(), summary: z.string() });

export function readExperimentSummary(value: unknown): string | null {
  const parsed = experimentConclusionSchema.safeParse(value);
  return parsed.success ? `${parsed.data.verdict.replaceAll("_", " ")}: ${parsed.data.summary}` : null;
}

export function readSnapshotState(value: unknown): SnapshotStateView | null {
  const parsed = snapshotStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
