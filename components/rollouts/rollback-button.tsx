"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type RefObject } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Time } from "@/components/ui/time";
import { rollbackAction, rollbackPreviewAction } from "@/lib/actions/rollouts";
import { share, versionName } from "./format";
import { ReloadNotice } from "./reload-notice";
import { useRevisionGuard } from "./use-revision-guard";

/**
 * Rolls an agent back to its newest snapshot. The confirmation asks the server what would
 * change each time it opens, so it shows the state as it is then, not as the page rendered it.
 */
export function RollbackButton({ agentId, agentName, revision }: { agentId: string; agentName: string; revision?: number }) {
  const router = useRouter();
  const { guard, stale, reload } = useRevisionGuard(revision);
  return (
    <ConfirmButton
      label="Roll back"
      title={`Roll ${agentName} back?`}
      body={
        <>
          <RollbackPreview agentId={agentId} />
          {stale ? <ReloadNotice onReload={reload} /> : null}
        </>
      }
      confirmLabel="Roll back"
      dismissLabel="Keep serving"
      action={guard(rollbackAction)}
      input={{ agentId, revision }}
      onSuccess={() => router.refresh()}
    />
  );
}

/** Whether the dialog around `ref` is open; the shared ConfirmButton has no open event. */
function useDialogOpen(ref: RefObject<HTMLElement | null>) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const dialog = ref.current?.closest("dialog");
    if (!dialog) return;
    const observer = new MutationObserver(() => setOpen(dialog.open));
    observer.observe(dialog, { attributes: true, attributeFilter: ["open"] });
    return () => observer.disconnect();
  }, [ref]);
  return open;
}

function RollbackPreview({ agentId }: { agentId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const open = useDialogOpen(ref);
  const preview = useQuery({
    queryKey: ["rollouts", "rollback-preview", agentId],
    queryFn: async () => {
      const result = await rollbackPreviewAction({ agentId });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    enabled: open,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  let content;
  if (preview.isError) content = <p className="alert alert-error">{preview.error.message}</p>;
  else if (preview.isPending || preview.isFetching) content = <p aria-busy="true">Reading what a rollback would change…</p>;
  else if (preview.data === null) content = <p>No snapshot of this agent’s serving state exists: there is nothing to roll back to.</p>;
  else {
    const { servingVersion, knowledgeOn, knowledgeOff, rollout, takenAt, reason } = preview.data;
    const versionChanges = servingVersion.now !== servingVersion.after;
    content = (
      <>
        <p>Everything returns to the snapshot taken <Time value={takenAt} /> ({reason}), in one step:</p>
        <dl className="kv" aria-label="What the rollback changes">
          <dt>Serving version</dt>
          <dd>
            {versionChanges
              ? <><span className="mono">{versionName(servingVersion.now)}</span> → <strong className="mono">{versionName(servingVersion.after)}</strong></>
              : <>stays <span className="mono">{versionName(servingVersion.now)}</span></>}
          </dd>
          <dt>Knowledge entries</dt>
          <dd>{knowledgeOn === 0 && knowledgeOff === 0 ? "no change" : `${knowledgeOn} switched on, ${knowledgeOff} switched off`}</dd>
          <dt>Live rollout</dt>
          <dd>{rollout ? `${rollout.status.toLowerCase()} at ${share(rollout.percent)}: ends as rolled back, candidate traffic 0%` : "none"}</dd>
        </dl>
      </>
    );
  }
  return <div ref={ref} data-testid="rollback-preview">{content}</div>;
}
