"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { runStatusAction } from "@/lib/actions/distillation";
import type { RunStatus } from "@/lib/schemas/distillation";

export interface RunStatusView {
  status: RunStatus;
  progress: number;
  progressNote: string | null;
  failureReason: string | null;
}

const POLL_MS = 700;

export const isLive = (status: RunStatus) => status === "QUEUED" || status === "RUNNING";

/**
 * A queued or running run's status, polled while it lasts. When it ends the
 * server page is rendered again, so its figures (or its failure) appear
 * without a reload. A refused poll keeps the last answer and says why.
 */
export function useRunStatus(runId: string, initial: RunStatusView) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ["distillation", "run", runId],
    queryFn: async (): Promise<RunStatusView> => {
      const result = await runStatusAction({ runId });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    initialData: initial,
    initialDataUpdatedAt: 0,
    refetchInterval: (current) => (isLive(current.state.data?.status ?? initial.status) ? POLL_MS : false),
    refetchIntervalInBackground: false,
  });
  const status = query.data.status;
  const ended = isLive(initial.status) && !isLive(status);
  useEffect(() => {
    if (ended) router.refresh();
  }, [ended, router]);
  return { ...query.data, error: query.error?.message ?? null };
}
