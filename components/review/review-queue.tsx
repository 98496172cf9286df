"use client";

import { useRef } from "react";
import { FormError } from "@/components/ui/form-error";
import { BulkPanel } from "./bulk-panel";
import { Cheatsheet } from "./cheatsheet";
import { QueueFilters } from "./queue-filters";
import { ReviewerPanel } from "./reviewer-panel";
import { SampleCard } from "./sample-card";
import { useDecision } from "./use-decision";
import { useReviewQueue } from "./use-review-queue";
import { useReviewShortcuts } from "./use-review-shortcuts";

/** Fields each mode shows beside their control, so the form-level message does not repeat them. */
const FIELDS_SHOWN = { view: [], reject: ["reason", "note"], edit: ["output"] } as const;

export function ReviewQueue({ patterns, agents }: { patterns: Array<{ id: string; label: string }>; agents: Array<{ id: string; name: string }> }) {
  const card = useRef<HTMLElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const queue = useReviewQueue();
  const decision = useDecision(queue, { card, reasonSelect });
  const { helpOpen, closeHelp } = useReviewShortcuts(decision, queue, reasonSelect);
  const { claim, current, feedback } = queue;

  return (
    <div className="review-layout">
      <div>
        <QueueFilters patterns={patterns} agents={agents} value={queue.filter} onChange={queue.setFilter} />
        <FormError state={feedback} fields={FIELDS_SHOWN[decision.mode]} />
        {feedback.status ? <div className="alert alert-ok" role="status">{feedback.status}</div> : null}
        {claim.isPending ? (
          <div className="panel" aria-busy="true">Claiming the next sample…</div>
        ) : claim.isError ? (
          <div className="alert alert-error" role="alert">{claim.error.message} <button className="btn btn-small" onClick={() => claim.refetch()}>Try again</button></div>
        ) : !current ? (
          <section className="empty" aria-label="Queue empty">
            <h2>Nothing to review right now</h2>
            <p>Every pending sample{Object.keys(queue.filter).length ? " matching this filter" : ""} is decided or held by another reviewer. New samples arrive as agents report failures with corrections.</p>
          </section>
        ) : (
          <SampleCard ref={card} reasonSelect={reasonSelect} sample={current} position={queue.position} decision={decision} />
        )}
        <p className="faint" style={{ marginTop: 8 }}>Press <kbd>?</kbd> for keyboard shortcuts.</p>
      </div>
      <aside>
        <ReviewerPanel stats={queue.stats} onRetrained={queue.refresh} />
        <BulkPanel filter={queue.filter} onDone={queue.refresh} />
      </aside>
      {helpOpen ? <Cheatsheet onClose={closeHelp} /> : null}
    </div>
  );
}
