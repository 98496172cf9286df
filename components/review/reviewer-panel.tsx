"use client";

import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { trainPrescreenAction } from "@/lib/actions/review";
import type { QueueStats } from "@/lib/schemas/review";

/** The reviewer's numbers and the pre-screen model's, with a way to retrain it now. */
export function ReviewerPanel({ stats, onRetrained }: { stats: QueueStats | undefined; onRetrained: () => void }) {
  const train = useAction(trainPrescreenAction, { onSuccess: onRetrained });
  if (!stats) return <section className="panel" aria-busy="true">Loading your numbers…</section>;
  return (
    <section className="panel" aria-label="Reviewer panel">
      <h2>Queue</h2>
      <dl className="stats">
        <dt>Pending</dt><dd data-testid="pending-count">{stats.pending.toLocaleString("en-US")}</dd>
        <dt>High value</dt><dd>{stats.pendingHigh.toLocaleString("en-US")}</dd>
        <dt>You, today, one by one</dt><dd data-testid="done-today">{stats.doneToday}</dd>
        <dt>You, today, in bulk</dt><dd data-testid="bulk-today">{stats.bulkToday}</dd>
        <dt>Median per sample</dt><dd>{stats.medianSeconds === null ? "—" : `${stats.medianSeconds.toFixed(1)} s`}</dd>
        <dt>Agreement with pre-screen</dt><dd>{stats.agreement ? `${Math.round((stats.agreement.agreed / stats.agreement.compared) * 100)}% of ${stats.agreement.compared}` : "—"}</dd>
      </dl>
      <h2 style={{ marginTop: 12 }}>Pre-screen model</h2>
      {stats.prescreen ? (
        <p className="muted">
          Hold-out accuracy {stats.prescreen.accuracy === null ? "not measured (too few or one-sided decisions)" : `${(stats.prescreen.accuracy * 100).toFixed(1)}%`} on {stats.prescreen.holdOut} held-out of {stats.prescreen.decisions} decisions.
        </p>
      ) : (
        <p className="muted">Not trained yet. It learns from your approve and reject decisions; auto-approval needs 200 decisions and 95% accuracy.</p>
      )}
      <FormError state={train} />
      <button type="button" className="btn btn-small" disabled={train.pending} onClick={() => void train.run({})}>
        {train.pending ? "Training…" : "Retrain now"}
      </button>
    </section>
  );
}
