import { Time } from "@/components/ui/time";
import { RolloutStatusBadge } from "./badges";
import { isLive, minutes, share, type RolloutKind, type RolloutStatus } from "./format";
import styles from "./rollouts.module.css";
import { StepTrack } from "./step-track";

export interface RolloutSummary {
  id: string;
  kind: RolloutKind;
  status: RolloutStatus;
  /** When an experiment concludes; null for a rollout. */
  endsAt: Date | null;
  percent: number;
  steps: number[];
  stepIndex: number;
  stepStartedAt: Date;
  windowMinutes: number;
  autoPromote: boolean;
  onFail: string;
  statusReason: string;
  revision: number;
  createdBy: string;
  createdAt: Date;
  endedAt: Date | null;
  candidate: string;
  baseline: string | null;
}

/** A rollout at a glance: status, where it is on its steps, the candidate's share now and its rules. */
export function RolloutFacts({ rollout, showRevision = false }: { rollout: RolloutSummary; showRevision?: boolean }) {
  const live = isLive(rollout.status);
  const experiment = rollout.kind === "EXPERIMENT";
  return (
    <>
      <div className={styles.liveHead}>
        <RolloutStatusBadge status={rollout.status} />
        {experiment ? (
          <span className="badge" title="A fixed split for a period, then a verdict on error rate; the stable version does not change.">A/B experiment</span>
        ) : (
          <StepTrack steps={rollout.steps} stepIndex={rollout.stepIndex} percent={rollout.percent} ended={!live} />
        )}
        <span>
          candidate traffic <strong data-testid="rollout-percent">{share(rollout.percent)}</strong>
        </span>
      </div>
      <dl className={styles.facts}>
        {!live ? <div><dt>Ended</dt><dd><Time value={rollout.endedAt} /></dd></div> : experiment ? null : <div><dt>Step started</dt><dd><Time value={rollout.stepStartedAt} /></dd></div>}
        {experiment ? (
          <>
            <div><dt>Split</dt><dd>{share(rollout.steps[0] ?? rollout.percent)} to the candidate</dd></div>
            {live ? <div><dt>Concludes</dt><dd><Time value={rollout.endsAt} /></dd></div> : null}
          </>
        ) : (
          <>
            <div><dt>Window</dt><dd>{minutes(rollout.windowMinutes)} per step</dd></div>
            <div><dt>Auto-promote</dt><dd>{rollout.autoPromote ? "on" : "off"}</dd></div>
            <div><dt>On a failed gate</dt><dd>{rollout.onFail === "ROLLBACK" ? "roll back" : "pause"}</dd></div>
          </>
        )}
        <div><dt>Started by</dt><dd>{rollout.createdBy}, <Time value={rollout.createdAt} /></dd></div>
        {showRevision ? <div><dt>Revision</dt><dd data-testid="rollout-revision">{rollout.revision}</dd></div> : null}
      </dl>
      {rollout.statusReason ? <p className={`${styles.reason} muted`} data-testid="rollout-reason">{rollout.statusReason}</p> : null}
    </>
  );
}
