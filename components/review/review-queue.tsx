"use client";

import { useEffect, useRef } from "react";
import { FormError } from "@/components/ui/form-error";
import { BulkPanel } from "./bulk-panel";
import { Cheatsheet } from "./cheatsheet";
import { QueueFilters } from "./queue-filters";
import { paramsOfFilter } from "./queue-url";
import { ReviewerPanel } from "./reviewer-panel";
import styles from "./review.module.css";
import { SampleCard } from "./sample-card";
import { useDecision } from "./use-decision";
import { useReviewQueue, type InitialQueue } from "./use-review-queue";
import { useReviewShortcuts } from "./use-review-shortcuts";

/** Fields each mode shows beside their control, so the form-level message does not repeat them. */
const FIELDS_SHOWN = { view: [], reject: ["reason", "note"], edit: ["output"] } as const;

const isLost = (element: Element | null) => !element || element === document.body || !element.isConnected;

export function ReviewQueue({ patterns, agents, initial }: {
  patterns: Array<{ id: string; label: string }>;
  agents: Array<{ id: string; name: string }>;
  initial: InitialQueue;
}) {
  const region = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const queue = useReviewQueue(initial);
  const decision = useDecision(queue, { card, region, reasonSelect });
  const { helpOpen, closeHelp } = useReviewShortcuts(decision, queue, reasonSelect);
  const { claim, current, feedback } = queue;

  // Whatever replaced the card (the next sample, an empty queue, an undo), focus stays
  // in the review region so the next key acts here, never on the page body.
  useEffect(() => {
    if (!isLost(document.activeElement)) return;
    (card.current ?? region.current)?.focus({ preventScroll: true });
  }, [current?.id, decision.mode, claim.isPending]);

  const signInAgain = `/signin?${new URLSearchParams({ callbackUrl: `/review${paramsOfFilter(queue.filter) ? `?${paramsOfFilter(queue.filter)}` : ""}` })}`;

  return (
    <div className={styles.layout}>
      <div ref={region} className={styles.main} tabIndex={-1} role="region" aria-label="Review">
        {queue.sessionEnded ? (
          <div className="alert alert-error" role="alert" data-testid="session-ended">
            Your session has ended, so decisions are not being saved. <a href={signInAgain}>Sign in again</a> to return to this queue.
          </div>
        ) : null}
        <QueueFilters key={paramsOfFilter(queue.filter)} patterns={patterns} agents={agents} value={queue.filter} onChange={queue.setFilter} />
        {queue.sessionEnded ? null : <FormError state={feedback} fields={FIELDS_SHOWN[decision.mode]} />}
        {claim.isPending ? (
          <div className="panel" aria-busy="true">Claiming the next sample…</div>
        ) : claim.isError && !current ? (
          queue.sessionEnded ? null : <div className="alert alert-error" role="alert">{claim.error.message} <button className="btn btn-small" onClick={() => claim.refetch()}>Try again</button></div>
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
      <aside className={styles.aside}>
        <ReviewerPanel stats={queue.stats} onRetrained={queue.refresh} />
        <BulkPanel filter={queue.filter} onDone={queue.refresh} />
      </aside>
      {/* Always in the page, so screen readers hear each outcome; fixed, so it never moves the card. */}
      <div className={styles.toast} role="status" aria-live="polite" data-testid="review-toast">
        {feedback.status ? <span>{feedback.status}</span> : null}
        {feedback.status && queue.undoable ? (
          <button type="button" onClick={queue.undo}>Undo <kbd>u</kbd></button>
        ) : null}
      </div>
      {helpOpen ? <Cheatsheet onClose={closeHelp} /> : null}
    </div>
  );
}
