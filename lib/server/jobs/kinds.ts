import { distillationJob } from "@/lib/server/distillation/job";
import { learnAutoApprovedJob } from "@/lib/server/knowledge/learn-job";
import { concludeExperimentJob } from "@/lib/server/rollouts/experiments";
import { gateJob } from "@/lib/server/rollouts/gate-job";
import { retrainPrescreenJob } from "@/lib/server/samples/prescreen-job";
import { rescorePendingJob } from "@/lib/server/samples/rescore-job";
import type { JobDefinition } from "./runner";

/**
 * Every kind of background job, for the server's runner. Listed here rather
 * than registered as a side effect of importing a feature: route bundles and
 * the server entry load their own copies of modules, and the runner must know
 * every kind whichever copies were loaded.
 */
export const JOBS: readonly JobDefinition[] = [retrainPrescreenJob, distillationJob, learnAutoApprovedJob, gateJob, concludeExperimentJob, rescorePendingJob];
