import { DECISION_LABELS, STATUS_LABELS, type GateDecision, type RolloutStatus } from "./format";
import styles from "./rollouts.module.css";

const STATUS_CLASSES: Record<RolloutStatus, string> = {
  RUNNING: "badge badge-accent",
  PAUSED: `badge ${styles.badgeWarn}`,
  PROMOTED: "badge badge-ok",
  ROLLED_BACK: "badge badge-danger",
  CONCLUDED: "badge",
};

const DECISION_CLASSES: Record<GateDecision, string> = {
  PASS: "badge badge-ok",
  FAIL: "badge badge-danger",
  INSUFFICIENT_DATA: "badge",
};

export function RolloutStatusBadge({ status }: { status: RolloutStatus }) {
  return <span className={STATUS_CLASSES[status]} data-testid="rollout-status">{STATUS_LABELS[status]}</span>;
}

export function GateDecisionBadge({ decision }: { decision: GateDecision }) {
  return <span className={DECISION_CLASSES[decision]}>{DECISION_LABELS[decision]}</span>;
}
