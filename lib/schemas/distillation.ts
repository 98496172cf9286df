import { z } from "zod";
import type { CalibrationBin } from "@/lib/domain/classifier-metrics";
import type { SafetyReport } from "@/lib/domain/safety";
import { cursorSchema } from "./pagination";
import { daySchema, optionalQuery } from "./search-params";
import { apiText } from "./text";

const day = daySchema();

/** What an operator chooses before a run: one agent, optionally some patterns and a date range, a cap. */
export const distillationScopeSchema = z
  .object({
    agentId: z.uuid({ error: "Choose an agent." }),
    patternIds: z.array(z.uuid()).max(200, "Choose at most 200 patterns.").default([]),
    from: day.optional(),
    to: day.optional(),
    /** Blank means the setting's default. */
    maxSamples: z.coerce.number().int("must be a whole number").min(10, "must be at least 10").max(1_000_000, "must be at most 1,000,000").optional(),
  })
  .strict()
  .refine((scope) => !scope.from || !scope.to || scope.from <= scope.to, { message: "The start date is after the end date.", path: ["to"] });
export type DistillationScope = z.output<typeof distillationScopeSchema>;

export interface DistillationPreview {
  agent: { id: string; name: string; stage: string };
  qualifying: number;
  /** What the run would use: qualifying, capped at the maximum. */
  used: number;
  corrections: number;
  qualityFilter: number;
  maxSamples: number;
  costPerSample: number;
  estimatedCost: number;
  /** Why the run cannot start, when it cannot. */
  blockers: string[];
}

export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const runFilterSchema = z.object({
  agent: optionalQuery(z.uuid()),
  status: optionalQuery(z.enum(RUN_STATUSES)),
  cursor: cursorSchema,
});
export type RunFilter = z.output<typeof runFilterSchema>;

export const runIdSchema = z.object({ runId: z.uuid() });

export const compareSchema = z.object({ a: optionalQuery(z.uuid()), b: optionalQuery(z.uuid()) });

/** Stored with a finished run. */
export interface RunMetrics {
  trainCount: number;
  holdOutCount: number;
  classes: number;
  accuracy: number;
  macroF1: number;
  labels: string[];
  confusion: number[][];
  calibration: CalibrationBin[];
  expectedCalibrationError: number;
  parameters: number;
  trainingMs: number;
  cost: number;
}

export interface SandboxReport {
  replayed: number;
  /** The candidate alone: its answer equals the approved correction. */
  modelSuccess: number;
  modelSuccessRate: number | null;
  /** Knowledge first where the agent's stage allows the sandbox, then the candidate. */
  withKnowledgeSuccess: number;
  withKnowledgeSuccessRate: number | null;
}

export interface RunView {
  id: string;
  agent: { id: string; name: string };
  status: RunStatus;
  scope: { patternIds: string[]; from?: string; to?: string; maxSamples: number; qualityFilter: number };
  progress: number;
  progressNote: string | null;
  sampleCount: number;
  estimatedCost: number;
  failureReason: string | null;
  startedBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  metrics: RunMetrics | null;
  modelVersion: { id: string; version: string; safetyStatus: "PENDING" | "PASS" | "FAIL"; safetyReport: SafetyReport | null; sandbox: SandboxReport | null } | null;
}

export const datasetFormatSchema = z.enum(["openai", "remedy"], { error: 'format must be "openai" or "remedy"' });

/** POST /api/v1/ops/model-versions: a model trained elsewhere. */
export const registerModelSchema = z
  .object({
    agent: apiText(100).min(1, "name the agent"),
    version: z.string().min(1).max(100).regex(/^[\w.:+-]+$/, "may hold letters, digits and _ . : + -"),
    artifact_uri: z.url({ error: "must be a URI such as s3://bucket/model or https://…" }).max(2_000),
    run_id: z.uuid().optional(),
    metrics: z
      .object({
        hold_out_accuracy: z.number().min(0).max(1),
        macro_f1: z.number().min(0).max(1).optional(),
        hold_out_count: z.number().int().min(0).optional(),
      })
      .catchall(z.union([z.number(), apiText(200)])),
    /** What the model answered on the evaluation set (the run's hold-out, from its dataset export): safety evaluation reads them. */
    outputs: z.array(apiText(4_000)).min(1, "send the model's outputs on the evaluation set").max(10_000),
  })
  .strict();
export type RegisterModelInput = z.output<typeof registerModelSchema>;

export const modelFilterSchema = z.object({ agent: optionalQuery(z.uuid()), cursor: cursorSchema });

/** POST /api/v1/ops/distillation-runs: what the Distillation page's form sends, by agent name. */
export const opsStartRunSchema = z
  .object({
    agent: apiText(100).min(1, "name the agent"),
    pattern_ids: z.array(z.uuid()).max(200).optional(),
    from: day.optional(),
    to: day.optional(),
    max_samples: z.number().int().min(10).max(1_000_000).optional(),
    /** Only preview: how many samples qualify and the estimated cost; nothing starts. */
    dry_run: z.boolean().optional(),
  })
  .strict();

export const opsPackImportSchema = z
  .object({
    agent: apiText(100).min(1, "name the agent"),
    /** The exported pack, as the JSON object or its text. */
    pack: z.union([z.string().max(20 * 1024 * 1024), z.record(z.string(), z.unknown())]),
  })
  .strict();
