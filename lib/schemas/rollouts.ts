import { z } from "zod";
import { apiText } from "./text";

export const startRolloutSchema = z.object({
  candidateVersionId: z.uuid({ error: "Choose a candidate version." }),
  autoPromote: z.boolean().default(false),
  onFail: z.enum(["PAUSE", "ROLLBACK"], { error: 'On a failed gate choose "PAUSE" or "ROLLBACK".' }).default("PAUSE"),
  windowMinutes: z.coerce.number().int("must be a whole number of minutes").min(1, "must be at least 1 minute").max(60 * 24 * 30).optional(),
});

/** Every change names the revision the person saw: a rollout that moved meanwhile is a conflict, not a surprise. */
export const rolloutChangeSchema = z.object({ rolloutId: z.uuid(), revision: z.number().int().min(1).optional() });

export const rollbackSchema = z.object({ agentId: z.uuid(), revision: z.number().int().min(1).optional() });

export const acknowledgeTripSchema = z.object({ tripId: z.uuid() });

/** POST /api/v1/ops/rollouts. */
export const opsStartRolloutSchema = z
  .object({
    agent: apiText(100).min(1),
    candidate_version: apiText(100).min(1),
    auto_promote: z.boolean().optional(),
    on_fail: z.enum(["PAUSE", "ROLLBACK"]).optional(),
    window_minutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
  })
  .strict();

/** POST /api/v1/ops/rollouts/<id>/{promote,pause,resume,rollback}. */
export const opsRolloutChangeSchema = z.object({ revision: z.number().int().min(1).optional() }).strict();

export const startExperimentSchema = z.object({
  candidateVersionId: z.uuid({ error: "Choose the version to compare." }),
  splitPercent: z.coerce.number().gt(0, "must be above 0").lt(100, "must be below 100").default(50),
  durationHours: z.coerce.number().min(1, "must be at least 1 hour").max(24 * 90, "must be at most 90 days"),
});

/** POST /api/v1/ops/experiments. */
export const opsStartExperimentSchema = z
  .object({
    agent: apiText(100).min(1),
    candidate_version: apiText(100).min(1),
    split_percent: z.number().gt(0).lt(100).optional(),
    duration_hours: z.number().min(1).max(24 * 90),
  })
  .strict();
