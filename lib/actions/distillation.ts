"use server";

import { revalidatePath } from "next/cache";
import { distillationScopeSchema, runIdSchema } from "@/lib/schemas/distillation";
import { cancelDistillation, getRun, previewDistillation, startDistillation } from "@/lib/server/distillation";
import { action } from "@/lib/server/http/action";

/** Read-only: what a run would use and cost. Operators only, like the start it precedes. */
export const previewDistillationAction = action("distillation:run", distillationScopeSchema, (input) => previewDistillation(input));

export const startDistillationAction = action("distillation:run", distillationScopeSchema, async (input, ctx) => {
  const { runId } = await startDistillation(ctx, input);
  revalidatePath("/distillation");
  return { runId };
});

export const cancelDistillationAction = action("distillation:run", runIdSchema, async (input, ctx) => {
  const result = await cancelDistillation(ctx, input.runId);
  revalidatePath("/distillation");
  return result;
});

/** The run's progress, polled by its page while it runs. */
export const runStatusAction = action("distillation:read", runIdSchema, async (input) => {
  const run = await getRun(input.runId);
  return { status: run.status, progress: run.progress, progressNote: run.progressNote, failureReason: run.failureReason };
});
