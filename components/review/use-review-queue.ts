"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useErrorState, type ErrorState } from "@/components/ui/use-action";
import { claimAction, decideAction, statsAction } from "@/lib/actions/review";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { DecisionInput, QueueFilter, QueueStats, SampleView } from "@/lib/schemas/review";

/** A refused action as react-query sees it: thrown, with the fields it names. */
class ActionFailure extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

async function unwrap<T>(promise: Promise<ActionResult<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new ActionFailure(result.error, result.fieldErrors);
  return result.data;
}

const REVIEW_KEY = ["review"] as const;
const STATS_KEY = ["review", "stats"] as const;
const DONE: Record<DecisionInput["decision"], string> = { approve: "Approved.", reject: "Rejected.", skip: "Skipped." };

/** The outcome of the last decision: what went wrong (by field), or what was done. */
export interface QueueFeedback extends ErrorState {
  status: string | null;
}

/**
 * The samples a reviewer holds under a filter, their numbers, and deciding. Claiming renews
 * the reviewer's leases, so the claim is refetched while the page is open. A decision drops
 * its sample at once and puts it back if the server refuses.
 */
export function useReviewQueue() {
  const client = useQueryClient();
  const [filter, setFilter] = useState<QueueFilter>({});
  const [index, setIndex] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const errors = useErrorState();

  const claimKey = ["review", "claim", filter] as const;
  const claim = useQuery({ queryKey: claimKey, queryFn: () => unwrap(claimAction(filter)), refetchInterval: 4 * 60_000, refetchOnWindowFocus: false });
  const stats = useQuery({ queryKey: STATS_KEY, queryFn: () => unwrap(statsAction({})), refetchInterval: 30_000 });
  const samples = claim.data ?? [];
  const at = Math.min(index, Math.max(0, samples.length - 1));
  const current: SampleView | undefined = samples[at];

  const decision = useMutation({
    mutationFn: (input: DecisionInput) => unwrap(decideAction(input)),
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: claimKey });
      const previous = client.getQueryData<SampleView[]>(claimKey);
      const previousStats = client.getQueryData<QueueStats>(STATS_KEY);
      client.setQueryData<SampleView[]>(claimKey, (old) => (old ?? []).filter((sample) => sample.id !== input.sampleId));
      if (input.decision !== "skip") {
        client.setQueryData<QueueStats>(STATS_KEY, (old) => (old ? { ...old, pending: Math.max(0, old.pending - 1), doneToday: old.doneToday + 1 } : old));
      }
      return { previous, previousStats };
    },
    onError: (error, _input, context) => {
      if (context?.previous) client.setQueryData(claimKey, context.previous);
      if (context?.previousStats) client.setQueryData(STATS_KEY, context.previousStats);
      setStatus(null);
      errors.fail(error.message, error instanceof ActionFailure ? error.fieldErrors : undefined);
    },
    onSuccess: (data, input) => {
      errors.clear();
      // Under four eyes an edited correction is saved and waits for another reviewer.
      const waiting = input.decision === "approve" && data.status === "PENDING";
      setStatus(waiting ? "Correction saved. Another reviewer approves it (four eyes)." : DONE[input.decision]);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: REVIEW_KEY });
    },
  });

  const feedback: QueueFeedback = {
    ...errors,
    status,
    fail: (error, fieldErrors) => {
      setStatus(null);
      errors.fail(error, fieldErrors);
    },
    clear: () => {
      setStatus(null);
      errors.clear();
    },
  };

  return {
    filter,
    setFilter: (next: QueueFilter) => {
      setFilter(next);
      setIndex(0);
    },
    claim,
    stats: stats.data,
    current,
    position: `${at + 1} of ${samples.length} held`,
    /** Decides the current sample and goes back to the head of what the reviewer holds. */
    decide: (input: DecisionInput) => {
      decision.mutate(input);
      setIndex(0);
    },
    next: () => setIndex((i) => Math.min(i + 1, Math.max(0, samples.length - 1))),
    previous: () => setIndex((i) => Math.max(0, i - 1)),
    feedback,
    refresh: () => client.invalidateQueries({ queryKey: REVIEW_KEY }),
  };
}

export type ReviewQueueState = ReturnType<typeof useReviewQueue>;
