import { z } from "zod";
import { cursorSchema } from "./pagination";
import { optionalQuery } from "./search-params";
import { apiText, formText } from "./text";

/** Agent API v1: POST /api/v1/remedy. */
export const remedyRequestSchema = z
  .object({
    user_intent: z.string().max(16_384, "must be at most 16,384 characters"),
    agent_action: z.string().max(16_384, "must be at most 16,384 characters"),
    api_response: z.unknown().refine((value) => value !== undefined, "is required (any JSON value)"),
    error_category: z.string().min(1, "must not be empty").max(100, "must be at most 100 characters").nullable(),
    /** The caller's sticky key (as for /route): during a rollout the answer comes from its arm's version. */
    key: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  })
  .strict();
export type RemedyRequest = z.output<typeof remedyRequestSchema>;

export interface RemedyAnswer {
  correction: string | null;
  confidence: number;
  source: "knowledge" | "model" | "none";
  version: string | null;
  remedy_id: string | null;
}

/** Agent API v1: one entry of GET /api/v1/knowledge. */
export interface KnowledgeItem {
  remedy_id: string;
  error_category: string;
  action_template: string;
  error_template: string;
  correction: string;
  confidence: number;
  version: number;
  updated_at: string;
}

export const KNOWLEDGE_STATES = ["active", "below_threshold", "disabled", "awaiting_review"] as const;
export type KnowledgeState = (typeof KNOWLEDGE_STATES)[number];

export const knowledgeFilterSchema = z.object({
  agent: optionalQuery(z.uuid()),
  state: optionalQuery(z.enum(KNOWLEDGE_STATES)),
  q: optionalQuery(z.string().trim().max(200)),
  cursor: cursorSchema,
});
export type KnowledgeFilter = z.output<typeof knowledgeFilterSchema>;

export const editKnowledgeSchema = z.object({
  entryId: z.uuid(),
  correction: formText(4_000, "The correction").min(1, "Write the correction."),
});

export const knowledgeSwitchSchema = z.object({ entryId: z.uuid(), enabled: z.boolean() });

export interface KnowledgeEntryView {
  id: string;
  agent: { id: string; name: string; stage: "OBSERVATION" | "SMALL_SCALE" | "FULL" };
  pattern: { id: string; errorCategory: string; actionTemplate: string; errorTemplate: string };
  correction: string;
  confidence: number;
  approvals: number;
  rejections: number;
  enabled: boolean;
  origin: "SAMPLES" | "PACK";
  version: number;
  state: KnowledgeState;
  /** Where the agent's stage lets it answer. */
  reach: "never" | "sandbox" | "production";
  remedyId: string;
  updatedAt: Date;
  createdAt: Date;
  applied: number;
  failed: number;
}

export interface KnowledgeProvenance {
  sampleId: string;
  kind: "APPROVED" | "REJECTED";
  reviewer: string | null;
  confidence: number;
  at: Date;
}

/** A knowledge pack: corrections and pattern templates only, never a sample, interaction or reviewer. */
export const packEntrySchema = z
  .object({
    pattern: z.object({
      error_category: apiText(100).min(1),
      action_template: apiText(500),
      error_template: apiText(500),
    }).strict(),
    correction: apiText(4_000).min(1),
    confidence: z.number().min(0).max(1),
    intents: z.array(apiText(200)).max(100),
  })
  .strict();

export const PACK_FORMAT = "remedy.knowledge-pack";
export const PACK_VERSION = 1;

export const knowledgePackSchema = z
  .object({
    format: z.literal(PACK_FORMAT, { error: `is not "${PACK_FORMAT}": this file is not a Remedy knowledge pack` }),
    version: z.literal(PACK_VERSION, { error: `must be ${PACK_VERSION}; this Remedy reads version ${PACK_VERSION} packs` }),
    created_at: z.iso.datetime(),
    source: z.object({ agent: apiText(100), installation: apiText(100) }).strict(),
    entries: z.array(packEntrySchema).max(10_000),
    signature: z.object({
      algorithm: z.literal("ed25519"),
      public_key: z.string().max(200),
      value: z.string().max(200),
    }).strict(),
  })
  .strict();
export type KnowledgePack = z.output<typeof knowledgePackSchema>;
export type UnsignedPack = Omit<KnowledgePack, "signature">;

export const importPackSchema = z.object({
  agentId: z.uuid({ error: "Choose the agent the knowledge is for." }),
  pack: z.string().min(2, "Choose a pack file.").max(20 * 1024 * 1024, "A pack is at most 20 MiB."),
});

export const exportPackSchema = z.object({ agentId: z.uuid({ error: "Choose an agent." }) });
