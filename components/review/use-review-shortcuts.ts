"use client";

import { useEffect, useEffectEvent, useState, type RefObject } from "react";
import { REJECT_REASONS } from "@/lib/schemas/review";
import type { Decision, Mode } from "./use-decision";
import type { ReviewQueueState } from "./use-review-queue";

interface Shortcut {
  /** `KeyboardEvent.key` values. */
  keys: readonly string[];
  /** The modes it works in; all when absent. */
  modes?: readonly Mode[];
  /** Ctrl held (true) or not held (false); either when absent. */
  ctrl?: boolean;
  /** Whether it works while focus is in a text field or select; a function decides per element. */
  inFields?: boolean | ((target: EventTarget | null) => boolean);
  /** Leaves the browser's own handling alone (Escape still closes native dialogs). */
  keepDefault?: boolean;
  run: (key: string) => void;
}

/** The review queue's keys as the cheatsheet and the README list them. */
export const SHORTCUT_HELP: ReadonlyArray<readonly [keys: string, does: string]> = [
  ["a", "approve"],
  ["r", `reject: then 1–${REJECT_REASONS.length} picks the reason, Enter commits`],
  ["e", "edit the correction; Ctrl+Enter approves the edit"],
  ["s", "skip (you won't see it again for an hour)"],
  ["u", "undo the last approve or reject, for a few seconds after it"],
  ["j / k, arrows", "move between the samples you hold"],
  ["Esc", "cancel"],
  ["?", "this sheet"],
];

const REASON_KEYS = REJECT_REASONS.map((_, i) => String(i + 1));

const isField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);

function matches(shortcut: Shortcut, event: KeyboardEvent, mode: Mode): boolean {
  if (!shortcut.keys.includes(event.key)) return false;
  if (shortcut.modes && !shortcut.modes.includes(mode)) return false;
  if (shortcut.ctrl !== undefined && shortcut.ctrl !== event.ctrlKey) return false;
  if (!isField(event.target)) return true;
  return typeof shortcut.inFields === "function" ? shortcut.inFields(event.target) : shortcut.inFields === true;
}

/**
 * The review queue from the keyboard: a key map per mode, so a letter typed into the note or
 * the editor is text, not a decision. Returns whether the cheatsheet (`?`) is open.
 */
export function useReviewShortcuts(
  decision: Decision,
  { next, previous, undo }: Pick<ReviewQueueState, "next" | "previous" | "undo">,
  reasonSelect: RefObject<HTMLSelectElement | null>,
) {
  const [helpOpen, setHelpOpen] = useState(false);

  const shortcuts: Shortcut[] = [
    { keys: ["?"], run: () => setHelpOpen((open) => !open) },
    {
      keys: ["Escape"],
      inFields: true,
      keepDefault: true,
      run: () => {
        if (helpOpen) setHelpOpen(false);
        else if (decision.mode !== "view") decision.cancel();
      },
    },
    { keys: ["Enter"], modes: ["edit"], ctrl: true, inFields: true, run: decision.approve },
    { keys: REASON_KEYS, modes: ["reject"], inFields: (target) => target === reasonSelect.current, run: (key) => decision.pickReason(Number(key)) },
    { keys: ["Enter"], modes: ["reject"], inFields: true, run: decision.reject },
    { keys: ["a"], modes: ["view"], ctrl: false, run: decision.approve },
    { keys: ["r"], modes: ["view"], ctrl: false, run: decision.startReject },
    { keys: ["e"], modes: ["view"], ctrl: false, run: decision.startEdit },
    { keys: ["s"], modes: ["view"], ctrl: false, run: decision.skip },
    { keys: ["u"], modes: ["view"], ctrl: false, run: undo },
    { keys: ["j", "ArrowDown", "ArrowRight"], modes: ["view"], ctrl: false, run: next },
    { keys: ["k", "ArrowUp", "ArrowLeft"], modes: ["view"], ctrl: false, run: previous },
  ];

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.metaKey || event.altKey) return;
    const shortcut = shortcuts.find((candidate) => matches(candidate, event, decision.mode));
    if (!shortcut) return;
    if (!shortcut.keepDefault) event.preventDefault();
    shortcut.run(event.key);
  });

  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return { helpOpen, closeHelp: () => setHelpOpen(false) };
}
