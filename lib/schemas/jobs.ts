import { z } from "zod";
import { JOB_STATUSES, type JobStatus } from "@/lib/domain/jobs";
import { cursorSchema } from "./pagination";
import { optionalQuery } from "./search-params";

/** The Jobs page's query string. */
export const jobFilterSchema = z.object({
  status: optionalQuery(z.enum(JOB_STATUSES)),
  kind: optionalQuery(z.string().max(100)),
  cursor: cursorSchema,
});

export const jobIdSchema = z.object({ jobId: z.string().regex(/^\d{1,18}$/, "Unknown job.") });

/** A job as the Jobs page shows it. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  progress: number;
  progressNote: string | null;
  runAt: Date;
  lastError: string | null;
  cancelRequested: boolean;
  lockedBy: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}
