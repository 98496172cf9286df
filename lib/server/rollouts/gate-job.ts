import { z } from "zod";
import { systemContext } from "@/lib/server/actor";
import { defineJob } from "@/lib/server/jobs";
import { evaluateRolloutGate } from "./gate";

/**
 * The gate at the end of a step's window. A job, so that with several server
 * processes on one database each gate is evaluated exactly once (the lease),
 * and a restart mid-step loses nothing: the job waits in the table.
 */
export const gateJob = defineJob(
  "rollout.gate",
  z.object({ rolloutId: z.uuid(), stepIndex: z.number().int().min(0), revision: z.number().int().min(1) }).strict(),
  async (payload, job) => {
    job.progress(0.1, "reading the step's outcomes per arm");
    return evaluateRolloutGate(systemContext("rollout gate"), payload);
  },
  { maxAttempts: 5 },
);
