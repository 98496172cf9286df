import { z } from "zod";
import { defineJob } from "@/lib/server/jobs";
import { runDistillation } from "./run";

/**
 * A distillation run in the background. One attempt only: a run that was
 * interrupted (the server stopped) is marked failed with the reason rather
 * than silently started over; the operator starts it again.
 */
export const distillationJob = defineJob(
  "distillation.run",
  z.object({ runId: z.uuid() }).strict(),
  ({ runId }, job) => runDistillation(runId, job),
  { maxAttempts: 1 },
);
