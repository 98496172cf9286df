"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { pauseRolloutAction, promoteRolloutAction, resumeRolloutAction } from "@/lib/actions/rollouts";
import { DECISION_LABELS, share, type GateDecision, type RolloutKind, type RolloutStatus } from "./format";
import { ReloadNotice } from "./reload-notice";
import { RollbackButton } from "./rollback-button";
import styles from "./rollouts.module.css";
import { useRevisionGuard } from "./use-revision-guard";

export interface ActionableRollout {
  id: string;
  agentId: string;
  kind: RolloutKind;
  status: RolloutStatus;
  percent: number;
  steps: number[];
  stepIndex: number;
  revision: number;
  candidate: string;
}

/**
 * Promote, pause, resume and roll back, each naming the revision this page rendered:
 * a rollout that moved meanwhile is refused with a reload offered.
 */
export function RolloutActions({ rollout, agentName, canRollback, stepGate }: {
  rollout: ActionableRollout;
  agentName: string;
  /** Whether a rollback from here returns to this rollout's state: it is live, or the agent's latest. */
  canRollback: boolean;
  /** The gate decision of the current step, if it was judged. */
  stepGate: GateDecision | null;
}) {
  const router = useRouter();
  const { guard, stale, reload } = useRevisionGuard(rollout.revision);
  const input = { rolloutId: rollout.id, revision: rollout.revision };
  const pause = useAction(guard(pauseRolloutAction), { onSuccess: () => router.refresh() });
  const resume = useAction(guard(resumeRolloutAction), { onSuccess: () => router.refresh() });
  const live = rollout.status === "RUNNING" || rollout.status === "PAUSED";
  const next = rollout.steps[rollout.stepIndex + 1] ?? 100;
  const final = next >= 100;

  return (
    <div>
      <div className={styles.actions}>
        {/* An experiment holds its split until it concludes; only a rollout climbs steps. */}
        {live && rollout.kind === "ROLLOUT" ? (
          <ConfirmButton
            className="btn btn-primary btn-small"
            label={final ? "Promote to stable" : `Promote to ${share(next)}`}
            title={final ? `Make ${rollout.candidate} ${agentName}’s stable version?` : `Promote ${rollout.candidate} to ${share(next)}?`}
            body={
              <>
                <p>
                  {final
                    ? `${rollout.candidate} takes all of ${agentName}’s traffic and the rollout ends as promoted.`
                    : `${rollout.candidate} gets ${share(next)} of ${agentName}’s traffic (now ${share(rollout.percent)}); the next step’s gate is judged at the end of its window.`}
                </p>
                <p>
                  {stepGate ? `This step’s gate decided: ${DECISION_LABELS[stepGate].toLowerCase()}.` : "This step’s gate has not been judged yet."}{" "}
                  The serving state is saved first, so Roll back returns here.
                </p>
                {stale ? <ReloadNotice onReload={reload} /> : null}
              </>
            }
            confirmLabel="Promote"
            dismissLabel="Not yet"
            destructive={false}
            action={guard(promoteRolloutAction)}
            input={input}
            onSuccess={() => router.refresh()}
          />
        ) : null}
        {rollout.status === "RUNNING" ? (
          <button type="button" className="btn btn-small" disabled={pause.pending} onClick={() => void pause.run(input)}>
            {pause.pending ? "Pausing…" : "Pause"}
          </button>
        ) : null}
        {rollout.status === "PAUSED" ? (
          <button type="button" className="btn btn-small" disabled={resume.pending || rollout.percent === 0} onClick={() => void resume.run(input)}
            title={rollout.percent === 0 ? "The circuit breaker took the candidate to 0%: roll back, or start a new rollout once the cause is fixed." : undefined}>
            {resume.pending ? "Resuming…" : "Resume"}
          </button>
        ) : null}
        {canRollback ? <RollbackButton agentId={rollout.agentId} agentName={agentName} revision={live ? rollout.revision : undefined} /> : null}
      </div>
      <FormError state={pause.error ? pause : resume} />
      {stale && (pause.error || resume.error) ? <ReloadNotice onReload={reload} /> : null}
    </div>
  );
}
