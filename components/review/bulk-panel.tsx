"use client";

import { useRef, useState } from "react";
import { bulkDecideAction, previewBulkAction } from "@/lib/actions/review";
import { REJECT_REASON_LABELS, REJECT_REASONS, type QueueFilter, type RejectReason } from "@/lib/schemas/review";

/** Approve or reject everything matching the queue filter, after a preview of how many and a confirmation. */
export function BulkPanel({ filter, onDone }: { filter: QueueFilter; onDone: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [decision, setDecision] = useState<"approve" | "reject">("approve");
  const [reason, setReason] = useState<RejectReason>("LOW_VALUE");
  const [count, setCount] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const described = Object.keys(filter).length === 0 ? "every pending sample" : "every pending sample matching the filter";

  async function preview(next: "approve" | "reject") {
    setDecision(next);
    setPending(true);
    const result = await previewBulkAction(filter);
    setPending(false);
    if (!result.ok) return setMessage({ kind: "error", text: result.error });
    if (result.data === 0) return setMessage({ kind: "error", text: "No pending sample matches this filter." });
    setCount(result.data);
    setMessage(null);
    dialog.current?.showModal();
  }

  async function confirm() {
    if (count === null) return;
    setPending(true);
    const result = await bulkDecideAction(decision === "approve" ? { decision, filter, expected: count } : { decision, filter, expected: count, reason });
    setPending(false);
    dialog.current?.close();
    if (!result.ok) return setMessage({ kind: "error", text: result.error });
    setMessage({ kind: "ok", text: `${decision === "approve" ? "Approved" : "Rejected"} ${result.data.count} samples.` });
    onDone();
  }

  return (
    <section className="panel" aria-label="Bulk decision">
      <h2>Bulk</h2>
      <p className="muted">Decide {described} at once. Samples other reviewers hold are left alone.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-small" disabled={pending} onClick={() => preview("approve")}>Approve all…</button>
        <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => preview("reject")}>Reject all…</button>
      </div>
      {message ? <div className={`alert ${message.kind === "ok" ? "alert-ok" : "alert-error"}`} role="status">{message.text}</div> : null}
      <dialog ref={dialog} className="modal" aria-labelledby="bulk-title">
        <h2 id="bulk-title">{decision === "approve" ? "Approve" : "Reject"} {count} pending samples?</h2>
        <p className="muted">This decides {described}, recorded as one audited action with the count.</p>
        {decision === "reject" ? (
          <label className="field">
            Reason
            <select value={reason} onChange={(event) => setReason(event.target.value as RejectReason)}>
              {REJECT_REASONS.filter((value) => value !== "OTHER").map((value) => <option key={value} value={value}>{REJECT_REASON_LABELS[value]}</option>)}
            </select>
          </label>
        ) : null}
        <div className="form-actions">
          <button type="button" className={`btn ${decision === "approve" ? "btn-primary" : "btn-danger"}`} onClick={confirm} disabled={pending} autoFocus>
            {decision === "approve" ? `Approve ${count}` : `Reject ${count}`}
          </button>
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>Cancel</button>
        </div>
      </dialog>
    </section>
  );
}
