"use server";

import { revalidatePath } from "next/cache";
import { jobIdSchema } from "@/lib/schemas/jobs";
import { action } from "@/lib/server/http/action";
import { cancelJob, retryJob } from "@/lib/server/jobs";

export const cancelJobAction = action("jobs:manage", jobIdSchema, async (input, ctx) => {
  const job = await cancelJob(ctx, input.jobId);
  revalidatePath("/jobs");
  return { id: job.id, status: job.status };
});

export const retryJobAction = action("jobs:manage", jobIdSchema, async (input, ctx) => {
  const job = await retryJob(ctx, input.jobId);
  revalidatePath("/jobs");
  return { id: job.id, status: job.status };
});
