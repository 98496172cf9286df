"use client";

import { useRef, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { bulkDecideAction, previewBulkAction } from "@/lib/actions/review";
import { labelOf } from "@/lib/schemas/labels";
import { REJECT_REASONS, type QueueFilter, type RejectReason } from "@/lib/schemas/review";

// The dialog takes no note, and "Other" needs one.
const BULK_REJECT_REASONS = REJECT_REASONS.filter((value) => value !== "OTHER");

/** Approve or reject everything matching the queue filter, after a preview of how many and a confirmation. */
export function BulkPanel({ filter, onDone }: { filter: QueueFilter; onDone: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [decision, setDecision] = useState<"approve" | "reject">("approve");
  const [reason, setReason] = useState<RejectReason>("LOW_VALUE");
  const [count, setCount] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const preview = useAction(previewBulkAction);
  const decide = useAction(bulkDecideAction, {
    onSuccess: (data, input) => {
      setDone(`${input.decision === "approve" ? "Approved" : "Rejected"} ${data.count} samples.`);
      onDone();
    },
  });
  const pending = preview.pending || decide.pending;
  const described = Object.keys(filter).length === 0 ? "every pending sample" : "every pending sample matching the filter";

  async function open(next: "approve" | "reject") {
    setDecision(next);
    setDone(null);
    decide.clear();
    const result = await preview.run(filter);
    if (!result.ok) return;
    if (result.data === 0) return preview.fail("No pending sample matches this filter.");
    setCount(result.data);
    dialog.current?.showModal();
  }

  async function confirm() {
    if (count === null) return;
    const result = await decide.run(decision === "approve" ? { decision, filter, expected: count } : { decision, filter, expected: count, reason });
    if (result.ok) return dialog.current?.close();
    // The queue moved (or the decision failed): the dialog stays open with the reason and the count as it is now.
    const recount = await preview.run(filter);
    if (recount.ok) setCount(recount.data);
  }

  return (
    <section className="panel" aria-label="Bulk decision">
      <h2>Bulk</h2>
      <p className="muted">Decide {described} at once. Samples other reviewers hold are left alone.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-small" disabled={pending} onClick={() => void open("approve")}>Approve all…</button>
        <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => void open("reject")}>Reject all…</button>
      </div>
      <FormError state={preview} />
      {done ? <div className="alert alert-ok" role="status">{done}</div> : null}
      <dialog ref={dialog} className="modal" aria-labelledby="bulk-title">
        <h2 id="bulk-title">{decision === "approve" ? "Approve" : "Reject"} {count} pending samples?</h2>
        <p className="muted">This decides {described}, recorded as one audited action with the count.</p>
        <FormError state={decide} />
        {decision === "reject" ? (
          <label className="field">
            Reason
            <select value={reason} onChange={(event) => setReason(event.target.value as RejectReason)}>
              {BULK_REJECT_REASONS.map((value) => <option key={value} value={value}>{labelOf("rejectReason", value)}</option>)}
            </select>
          </label>
        ) : null}
        <div className="form-actions">
          <button type="button" className={`btn ${decision === "approve" ? "btn-primary" : "btn-danger"}`} onClick={() => void confirm()} disabled={pending} autoFocus>
            {decision === "approve" ? `Approve ${count}` : `Reject ${count}`}
          </button>
          <button type="button" className="btn" onClick={() => { decide.clear(); dialog.current?.close(); }}>Cancel</button>
        </div>
      </dialog>
    </section>
  );
}
