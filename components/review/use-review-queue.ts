"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useErrorState, type ErrorState } from "@/components/ui/use-action";
import { claimAction, decideAction, statsAction, undoAction } from "@/lib/actions/review";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { DecisionInput, QueueFilter, QueueStats, SampleView } from "@/lib/schemas/review";
import { filterFromParams, paramsOfFilter } from "./queue-url";

/** What the server answers any action once the session has ended (lib/server/http/action.ts). */
const SESSION_ENDED = "Your session has ended. Sign in again.";

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
const claimKeyOf = (filter: QueueFilter) => ["review", "claim", paramsOfFilter(filter)] as const;
/** Decisions and undos: while one is on its way, a refetch started before it could bring back what it removed. */
const WRITE_KEY = ["review-write"] as const;
const DONE: Record<DecisionInput["decision"], string> = { approve: "Approved.", reject: "Rejected.", skip: "Skipped." };

/** How long a one-key approve or reject can be undone from the browser (the server allows a little more). */
export const UNDO_MS = 8_000;

/** The outcome of the last decision: what went wrong (by field), or what was done. */
export interface QueueFeedback extends ErrorState {
  status: string | null;
}

/** The last one-key decision, while it can still be undone. */
export interface Undoable {
  sampleId: string;
  decision: "approve" | "reject";
  /** The sample as it was shown, put back at once when the decision is undone. */
  sample: SampleView | null;
}

/** What the server rendered the page with: the first samples arrive with the HTML. */
export interface InitialQueue {
  filter: QueueFilter;
  samples: SampleView[];
  stats: QueueStats;
}

/**
 * The samples a reviewer holds under a filter, their numbers, and deciding. The filter
 * lives in the URL, so a reload or a shared link opens the same queue. Claiming renews
 * the reviewer's leases, so the claim is refetched while the page is open. A decision
 * drops its sample at once and puts it back if the server refuses; a one-key decision
 * can be undone for a few seconds, until the next one.
 */
export function useReviewQueue(initial: InitialQueue) {
  const client = useQueryClient();
  const searchParams = useSearchParams();
  const query = searchParams.toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(query)), [query]);
  // The card on screen, by id: a refetch that reorders or tops up what is held never moves it.
  const [shownId, setShownId] = useState<string | null>(null);
  // One notice at a time, with the undo offer it may carry: the offer closes with its notice,
  // so the key and the button can never disagree. A new object each time restarts the timer.
  const [notice, setNotice] = useState<{ text: string; undo: Undoable | null } | null>(null);
  const status = notice?.text ?? null;
  const undoable = notice?.undo ?? null;
  const setStatus = (text: string | null, undo: Undoable | null = null) => setNotice(text === null ? null : { text, undo });
  const closeUndo = () => setNotice((old) => (old?.undo ? { ...old, undo: null } : old));
  const [sessionEnded, setSessionEnded] = useState(false);
  const errors = useErrorState();
  const [serverRendered] = useState(() => ({ key: paramsOfFilter(initial.filter), at: Date.now() }));

  const claimKey = claimKeyOf(filter);
  const fromServer = claimKey[2] === serverRendered.key;
  const claim = useQuery({
    queryKey: claimKey,
    queryFn: () => unwrap(claimAction(filter)),
    initialData: fromServer ? initial.samples : undefined,
    initialDataUpdatedAt: serverRendered.at,
    staleTime: 30_000,
    refetchInterval: 4 * 60_000,
    refetchOnWindowFocus: false,
    retry: (count, error) => error.message !== SESSION_ENDED && count < 2,
  });
  const stats = useQuery({
    queryKey: STATS_KEY,
    queryFn: () => unwrap(statsAction({})),
    initialData: initial.stats,
    initialDataUpdatedAt: serverRendered.at,
    staleTime: 10_000,
    refetchInterval: 30_000,
    retry: (count, error) => error.message !== SESSION_ENDED && count < 2,
  });
  const samples = claim.data ?? [];
  const pinned = shownId === null ? -1 : samples.findIndex((sample) => sample.id === shownId);
  // What was shown has gone (decided, or its lease lost): the head of the queue.
  const at = pinned >= 0 ? pinned : 0;
  const current: SampleView | undefined = samples[at];
  // Pins what is now on screen (state set while rendering, as React allows for a component's own state).
  if (current && pinned < 0) setShownId(current.id);

  // Every failed call can say the session ended; the page says it once.
  const ended = sessionEnded || claim.error?.message === SESSION_ENDED || stats.error?.message === SESSION_ENDED;

  // A notice fades after a few seconds, and the undo offer it carries with it.
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  function failed(error: Error) {
    if (error.message === SESSION_ENDED) {
      setSessionEnded(true);
      setStatus(null);
      errors.clear();
      return;
    }
    setStatus(null);
    errors.fail(error.message, error instanceof ActionFailure ? error.fieldErrors : undefined);
  }

  // Only the last write to settle refetches: one started while another write is queued behind it
  // on the server would answer from before that write and undo its optimistic change on screen.
  const refetchWhenLastWrite = () => {
    if (client.isMutating({ mutationKey: WRITE_KEY }) <= 1) void client.invalidateQueries({ queryKey: REVIEW_KEY });
  };

  const decision = useMutation({
    mutationKey: WRITE_KEY,
    mutationFn: (input: DecisionInput) => unwrap(decideAction(input)),
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: claimKey });
      const previous = client.getQueryData<SampleView[]>(claimKey);
      const decided = previous?.find((sample) => sample.id === input.sampleId) ?? null;
      const previousStats = client.getQueryData<QueueStats>(STATS_KEY);
      client.setQueryData<SampleView[]>(claimKey, (old) => (old ?? []).filter((sample) => sample.id !== input.sampleId));
      if (input.decision !== "skip") {
        client.setQueryData<QueueStats>(STATS_KEY, (old) => (old ? { ...old, pending: Math.max(0, old.pending - 1), doneToday: old.doneToday + 1 } : old));
      }
      // A new decision closes the previous one's undo.
      closeUndo();
      return { previous, previousStats, decided };
    },
    onError: (error, input, context) => {
      // Refused: the sample is back where it was, and on screen again.
      if (context?.previous) {
        client.setQueryData(claimKey, context.previous);
        setShownId(input.sampleId);
      }
      if (context?.previousStats) client.setQueryData(STATS_KEY, context.previousStats);
      failed(error);
    },
    onSuccess: (data, input, context) => {
      errors.clear();
      // Under four eyes an edited correction is saved and waits for another reviewer.
      const waiting = input.decision === "approve" && data.status === "PENDING";
      const oneKey = input.decision === "reject" || (input.decision === "approve" && input.output === undefined);
      if (waiting) setStatus("Correction saved. Another reviewer approves it (four eyes).");
      else setStatus(DONE[input.decision], oneKey ? { sampleId: input.sampleId, decision: input.decision as Undoable["decision"], sample: context.decided } : null);
    },
    onSettled: refetchWhenLastWrite,
  });

  const undo = useMutation({
    mutationKey: WRITE_KEY,
    mutationFn: ({ sampleId }: Undoable) => unwrap(undoAction({ sampleId })),
    onMutate: async ({ sampleId, sample }) => {
      closeUndo();
      await client.cancelQueries({ queryKey: claimKey });
      // It was claimed before what the reviewer holds now, so it goes back at the head, on screen.
      if (sample) client.setQueryData<SampleView[]>(claimKey, (old) => [sample, ...(old ?? []).filter((held) => held.id !== sampleId)]);
      client.setQueryData<QueueStats>(STATS_KEY, (old) => (old ? { ...old, pending: old.pending + 1, doneToday: Math.max(0, old.doneToday - 1) } : old));
      setShownId(sampleId);
    },
    // The refetch when it settles corrects the numbers; the sample put back goes again.
    onError: (error, { sampleId, sample }) => {
      if (sample) client.setQueryData<SampleView[]>(claimKey, (old) => old?.filter((held) => held.id !== sampleId));
      failed(error);
    },
    onSuccess: () => {
      errors.clear();
      setStatus("Undone. The sample is back in your queue.");
    },
    // The undone sample was claimed first, so it comes back at the head.
    onSettled: refetchWhenLastWrite,
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
    /** Applies a filter by writing it into the URL (no navigation: the claim follows the URL). */
    setFilter: (next: QueueFilter) => {
      const params = paramsOfFilter(next);
      window.history.replaceState(null, "", params ? `?${params}` : window.location.pathname);
      setShownId(null);
    },
    claim,
    stats: stats.data,
    current,
    position: `${at + 1} of ${samples.length} held`,
    /** Decides the current sample and goes back to the head of what the reviewer holds. */
    decide: (input: DecisionInput) => {
      decision.mutate(input);
      setShownId(null);
    },
    undoable,
    /** Takes back the last one-key decision while the offer stands. */
    undo: () => {
      if (undoable && !undo.isPending) undo.mutate(undoable);
    },
    dismissStatus: () => setStatus(null),
    next: () => setShownId(samples[Math.min(at + 1, samples.length - 1)]?.id ?? null),
    previous: () => setShownId(samples[Math.max(at - 1, 0)]?.id ?? null),
    feedback,
    sessionEnded: ended,
    refresh: () => client.invalidateQueries({ queryKey: REVIEW_KEY }),
  };
}

export type ReviewQueueState = ReturnType<typeof useReviewQueue>;
