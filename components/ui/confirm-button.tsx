"use client";

import { useRef, useState, type ReactNode } from "react";

/**
 * A destructive action behind a confirmation dialog. The dialog is native,
 * so Escape cancels and focus returns to the button.
 */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  onConfirm,
  className = "btn btn-danger btn-small",
}: {
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<string | null>;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setPending(true);
    const problem = await onConfirm();
    setPending(false);
    if (problem) setError(problem);
    else dialog.current?.close();
  }

  return (
    <>
      <button type="button" className={className} onClick={() => { setError(null); dialog.current?.showModal(); }}>
        {label}
      </button>
      <dialog ref={dialog} className="modal" aria-labelledby={`${label}-title`}>
        <h2 id={`${label}-title`}>{title}</h2>
        <div className="muted">{body}</div>
        {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
        <div className="form-actions">
          <button type="button" className="btn btn-danger" onClick={confirm} disabled={pending} autoFocus>
            {pending ? "Working…" : confirmLabel}
          </button>
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
