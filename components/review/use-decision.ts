"use client";

import { useState, type RefObject } from "react";
import { REJECT_REASONS, type RejectReason } from "@/lib/schemas/review";
import type { ReviewQueueState } from "./use-review-queue";

/** What the card is doing: showing the sample, taking a reject reason, or editing the correction. */
export type Mode = "view" | "reject" | "edit";

/** The elements a decision moves focus to. */
export interface DecisionRefs {
  card: RefObject<HTMLElement | null>;
  /** Where focus goes when there is no card (the queue ran empty). */
  region: RefObject<HTMLElement | null>;
  reasonSelect: RefObject<HTMLSelectElement | null>;
}

/**
 * The decision a reviewer is making on the current sample: the mode, the reject reason and
 * note, the edited correction, and the commands buttons and keys share. A command checks
 * what the server would refuse anyway, so the reviewer hears at once and keeps the sample.
 */
export function useDecision(
  { current, decide, feedback }: Pick<ReviewQueueState, "current" | "decide" | "feedback">,
  { card, region, reasonSelect }: DecisionRefs,
) {
  const [mode, setMode] = useState<Mode>("view");
  const [reason, setReason] = useState<RejectReason | "">("");
  const [note, setNote] = useState("");
  const [text, setText] = useState("");

  // Focus goes back to the card (or the review region), so the next key acts on the next sample.
  function finish() {
    setMode("view");
    setReason("");
    setNote("");
    (card.current ?? region.current)?.focus({ preventScroll: true });
  }

  return {
    mode,
    reason,
    note,
    text,
    setReason,
    setNote,
    setText,
    feedback,
    approve() {
      if (!current) return;
      const edited = mode === "edit" ? text.trim() : undefined;
      if (edited === "") return feedback.fail("The correction cannot be empty.", { output: "The correction cannot be empty." });
      decide({ decision: "approve", sampleId: current.id, ...(edited !== undefined && edited !== current.output ? { output: edited } : {}) });
      finish();
    },
    reject() {
      if (!current) return;
      if (!reason) {
        const message = `Choose a reason to reject (1–${REJECT_REASONS.length}), then press Enter.`;
        feedback.fail(message, { reason: message });
        reasonSelect.current?.focus();
        return;
      }
      if (reason === "OTHER" && !note.trim()) return feedback.fail("Say why when the reason is Other.", { note: "Say why when the reason is Other." });
      decide({ decision: "reject", sampleId: current.id, reason, note: note.trim() || undefined });
      finish();
    },
    skip() {
      if (!current) return;
      decide({ decision: "skip", sampleId: current.id });
      finish();
    },
    startReject() {
      setMode("reject");
      feedback.clear();
    },
    startEdit() {
      if (!current) return;
      setText(current.output);
      setMode("edit");
      feedback.clear();
    },
    /** Picks the reason numbered `n` (1-based), as the reason list shows it. */
    pickReason(n: number) {
      const picked = REJECT_REASONS[n - 1];
      if (picked) setReason(picked);
    },
    cancel: finish,
  };
}

export type Decision = ReturnType<typeof useDecision>;
