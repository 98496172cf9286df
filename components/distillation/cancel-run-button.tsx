"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { cancelDistillationAction } from "@/lib/actions/distillation";
import type { RunStatus } from "@/lib/schemas/distillation";

export function CancelRunButton({ runId, status }: { runId: string; status: RunStatus }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Cancel run"
      className="btn btn-danger"
      title={`Cancel run ${runId.slice(0, 8)}?`}
      body={
        status === "QUEUED"
          ? <p>It has not started and will not run. Nothing is charged.</p>
          : <p>It stops within seconds, at its next step, and stores no model version; a run that finishes first keeps its figures. Start it again to train on the same samples.</p>
      }
      confirmLabel="Cancel run"
      dismissLabel="Keep it running"
      action={cancelDistillationAction}
      input={{ runId }}
      onSuccess={() => router.refresh()}
    />
  );
}
