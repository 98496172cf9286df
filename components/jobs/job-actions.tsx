"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { cancelJobAction, retryJobAction } from "@/lib/actions/jobs";
import type { JobView } from "@/lib/schemas/jobs";

/** Cancel for a live job, Retry for one that failed or was cancelled. */
export function JobActions({ job }: { job: Pick<JobView, "id" | "kind" | "status" | "cancelRequested"> }) {
  if (job.status === "QUEUED" || (job.status === "RUNNING" && !job.cancelRequested)) {
    return (
      <ConfirmButton
        label="Cancel"
        title={`Cancel job ${job.id} (${job.kind})?`}
        body={
          job.status === "QUEUED"
            ? <p>It has not started and will not run.</p>
            : <p>Its handler is told to stop within seconds. Work it already did stays done.</p>
        }
        confirmLabel="Cancel job"
        dismissLabel="Keep it"
        action={cancelJobAction}
        input={{ jobId: job.id }}
      />
    );
  }
  if (job.status === "FAILED" || job.status === "CANCELLED") return <RetryButton jobId={job.id} />;
  return null;
}

function RetryButton({ jobId }: { jobId: string }) {
  const retry = useAction(retryJobAction);
  return (
    <>
      <button type="button" className="btn btn-small" disabled={retry.pending} onClick={() => void retry.run({ jobId })}>
        {retry.pending ? "Queueing…" : "Retry"}
      </button>
      <FormError state={retry} />
    </>
  );
}
