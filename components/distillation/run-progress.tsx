"use client";

import { useRunStatus, type RunStatusView } from "./use-run-status";

/**
 * A live run's progress bar with its note. `compact` fits a table cell;
 * the full one is the run page's, announced politely as it moves.
 */
export function RunProgress({ runId, initial, compact = false }: { runId: string; initial: RunStatusView; compact?: boolean }) {
  const run = useRunStatus(runId, initial);
  const percent = Math.round(run.progress * 100);
  const note = run.status === "QUEUED" ? "waiting for a job runner" : run.progressNote ?? "starting";
  return (
    <div className={compact ? "run-progress run-progress-compact" : "run-progress"}>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%, ${note}`}
        aria-label={`Run ${runId.slice(0, 8)} progress`}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <div className={compact ? "faint" : "muted"} aria-live={compact ? undefined : "polite"}>
        {percent}% · {note}
      </div>
      {run.error ? <div className="field-error" role="alert">Progress could not be read: {run.error}</div> : null}
    </div>
  );
}
