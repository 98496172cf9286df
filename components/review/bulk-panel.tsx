"use client";

import { useId, useRef, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { RedactedText } from "@/components/ui/redacted-text";
import { useAction } from "@/components/ui/use-action";
import { bulkDecideAction, previewBulkSamplesAction } from "@/lib/actions/review";
import { labelOf } from "@/lib/schemas/labels";
import { REJECT_REASONS, type BulkPreview, type QueueFilter, type RejectReason } from "@/lib/schemas/review";
import styles from "./review.module.css";

// The dialog takes no note, and "Other" needs one.
const BULK_REJECT_REASONS = REJECT_REASONS.filter((value) => value !== "OTHER");

/**
 * Approve or reject everything matching the queue filter, after a paged list of exactly
 * the samples it will decide and a confirmation. Bulk decisions do not train the pre-screen.
 */
export function BulkPanel({ filter, onDone }: { filter: QueueFilter; onDone: () => void }) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [decision, setDecision] = useState<"approve" | "reject">("approve");
  const [reason, setReason] = useState<RejectReason>("LOW_VALUE");
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useAction(previewBulkSamplesAction);
  const decide = useAction(bulkDecideAction, {
    onSuccess: (data, input) => {
      setDone(`${input.decision === "approve" ? "Approved" : "Rejected"} ${data.count} samples.`);
      onDone();
    },
  });
  const pending = load.pending || decide.pending;
  const described = Object.keys(filter).length === 0 ? "every pending sample" : "every pending sample matching the filter";
  const count = preview?.total ?? null;

  async function show(page: number) {
    const result = await load.run({ filter, page });
    if (result.ok) setPreview(result.data);
    return result;
  }

  async function open(next: "approve" | "reject") {
    setDecision(next);
    setDone(null);
    decide.clear();
    const result = await show(0);
    if (!result.ok) return;
    if (result.data.total === 0) return load.fail("No pending sample matches this filter.");
    dialog.current?.showModal();
  }

  async function confirm() {
    if (count === null) return;
    const result = await decide.run(decision === "approve" ? { decision, filter, expected: count } : { decision, filter, expected: count, reason });
    if (result.ok) return dialog.current?.close();
    // The queue moved (or the decision failed): the dialog stays open with the reason and the list as it is now.
    await show(0);
  }

  const pages = preview ? Math.max(1, Math.ceil(preview.total / preview.pageSize)) : 1;
  const first = preview ? preview.page * preview.pageSize + 1 : 0;
  const last = preview ? preview.page * preview.pageSize + preview.samples.length : 0;

  return (
    <section className="panel" aria-label="Bulk decision">
      <h2>Bulk</h2>
      <p className="muted">Decide {described} at once, after a list of every sample it decides. Samples other reviewers hold are left alone; bulk decisions do not train the pre-screen.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-small" disabled={pending} onClick={() => void open("approve")}>Approve all…</button>
        <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => void open("reject")}>Reject all…</button>
      </div>
      <FormError state={load} />
      {done ? <div className="alert alert-ok" role="status">{done}</div> : null}
      <dialog ref={dialog} className={`modal ${styles.dialog}`} aria-labelledby={titleId}>
        <h2 id={titleId}>{decision === "approve" ? "Approve" : "Reject"} {count} pending samples?</h2>
        <p className="muted">This decides {described}: exactly the samples listed below, recorded as one audited action with the count. They are marked as decided in bulk and the pre-screen does not learn from them.</p>
        <FormError state={decide} />
        {preview ? (
          <>
            <div className={styles.previewScroll}>
              <table className={styles.previewTable} aria-label="Samples this decides">
                <thead><tr><th>Agent</th><th>Category</th><th>User intent</th><th>Correction</th><th>Pre-screen</th></tr></thead>
                <tbody>
                  {preview.samples.map((sample) => (
                    <tr key={sample.id} data-sample-id={sample.id}>
                      <td>{sample.agentName}{sample.grade === "HIGH" ? <> <span className="badge badge-accent">high value</span></> : null}</td>
                      <td>{sample.errorCategory}{sample.residualPii > 0 ? <> <span className="badge badge-warn">personal data</span></> : null}</td>
                      <td><RedactedText text={sample.userIntent.length > 160 ? `${sample.userIntent.slice(0, 160)}…` : sample.userIntent} /></td>
                      <td><RedactedText text={sample.output.length > 200 ? `${sample.output.slice(0, 200)}…` : sample.output} /></td>
                      <td>{sample.prescreenScore === null ? "—" : sample.prescreenScore.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions" role="group" aria-label="Preview pages">
              <span className="muted" data-testid="bulk-preview-range">{first}–{last} of {preview.total}</span>
              <button type="button" className="btn btn-small" disabled={pending || preview.page === 0} onClick={() => void show(preview.page - 1)}>Previous</button>
              <button type="button" className="btn btn-small" disabled={pending || preview.page + 1 >= pages} onClick={() => void show(preview.page + 1)}>Next</button>
            </div>
          </>
        ) : null}
        {decision === "reject" ? (
          <label className="field">
            Reason
            <select value={reason} onChange={(event) => setReason(event.target.value as RejectReason)}>
              {BULK_REJECT_REASONS.map((value) => <option key={value} value={value}>{labelOf("rejectReason", value)}</option>)}
            </select>
          </label>
        ) : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => { decide.clear(); dialog.current?.close(); }} autoFocus>Cancel</button>
          <button type="button" className={`btn ${decision === "approve" ? "btn-primary" : "btn-danger"}`} onClick={() => void confirm()} disabled={pending}>
            {decision === "approve" ? `Approve ${count}` : `Reject ${count}`}
          </button>
        </div>
      </dialog>
    </section>
  );
}
