"use client";

import { useId, useRef, type ReactNode } from "react";
import type { ActionResult } from "@/lib/schemas/action-result";
import { FormError } from "./form-error";
import { useAction } from "./use-action";

/**
 * A destructive action behind a confirmation dialog. The dialog is native, so Escape
 * cancels and focus returns to the button; it is named by its title and described by its
 * body, and a destructive one opens with focus on the button that does nothing, so a stray
 * Enter cannot act.
 */
export function ConfirmButton<I, T>({
  label,
  title,
  body,
  confirmLabel,
  dismissLabel = "Cancel",
  action,
  input,
  onSuccess,
  className = "btn btn-danger btn-small",
  destructive = true,
}: {
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** The button that closes the dialog without acting; name it apart from the action when the action is itself a cancel. */
  dismissLabel?: string;
  action: (input: I) => Promise<ActionResult<T>>;
  input: I;
  onSuccess?: (data: T) => void;
  className?: string;
  /** A destructive action opens with focus on the button that does nothing; another one (promote) on its own button. */
  destructive?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const dismiss = useRef<HTMLButtonElement>(null);
  const confirm = useAction(action, {
    onSuccess: (data) => {
      dialog.current?.close();
      onSuccess?.(data);
    },
  });

  // showModal() focuses the first button, the action's; React's autoFocus does not reach a dialog opened later.
  function open() {
    confirm.clear();
    dialog.current?.showModal();
    if (destructive) dismiss.current?.focus();
  }

  return (
    <>
      <button type="button" className={className} onClick={open}>
        {label}
      </button>
      <dialog ref={dialog} className="modal" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId}>{title}</h2>
        <div className="muted" id={bodyId}>{body}</div>
        <FormError state={confirm} />
        <div className="form-actions">
          <button type="button" className={destructive ? "btn btn-danger" : "btn btn-primary"} onClick={() => void confirm.run(input)} disabled={confirm.pending}>
            {confirm.pending ? "Working…" : confirmLabel}
          </button>
          <button ref={dismiss} type="button" className="btn" onClick={() => dialog.current?.close()}>
            {dismissLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
