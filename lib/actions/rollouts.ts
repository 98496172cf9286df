"use server";

import { revalidatePath } from "next/cache";
import { acknowledgeTripSchema, rollbackSchema, rolloutChangeSchema, startExperimentSchema, startRolloutSchema } from "@/lib/schemas/rollouts";
import { action } from "@/lib/server/http/action";
import { pauseRollout, promoteRollout, resumeRollout, rollbackAgent, rollbackPreview, startRollout } from "@/lib/server/rollouts";
import { acknowledgeTrip } from "@/lib/server/rollouts/breaker";
import { startExperiment } from "@/lib/server/rollouts/experiments";

const done = <T>(value: T) => {
  revalidatePath("/rollouts");
  return value;
};

export const startRolloutAction = action("rollouts:manage", startRolloutSchema, async (input, ctx) => done({ id: (await startRollout(ctx, input)).id }));
export const promoteRolloutAction = action("rollouts:manage", rolloutChangeSchema, async (input, ctx) => done({ status: (await promoteRollout(ctx, input))?.status ?? null }));
export const pauseRolloutAction = action("rollouts:manage", rolloutChangeSchema, async (input, ctx) => done({ status: (await pauseRollout(ctx, input)).status }));
export const resumeRolloutAction = action("rollouts:manage", rolloutChangeSchema, async (input, ctx) => done({ status: (await resumeRollout(ctx, input)).status }));
export const rollbackAction = action("rollouts:manage", rollbackSchema, async (input, ctx) => done(await rollbackAgent(ctx, input)));
/** What a rollback would change, for its confirmation. */
export const rollbackPreviewAction = action("rollouts:manage", rollbackSchema, (input) => rollbackPreview(input.agentId));
export const acknowledgeTripAction = action("rollouts:manage", acknowledgeTripSchema, async (input, ctx) => {
  await acknowledgeTrip(ctx, input.tripId);
  revalidatePath("/", "layout");
  return { ok: true };
});

export const startExperimentAction = action("rollouts:manage", startExperimentSchema, async (input, ctx) => done({ id: (await startExperiment(ctx, input)).id }));
