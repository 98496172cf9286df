/** How the rollout screens write their words and numbers: one place, so every screen says the same. */

export type RolloutStatus = "RUNNING" | "PAUSED" | "PROMOTED" | "ROLLED_BACK" | "CONCLUDED";
/** A rollout climbs steps behind gates; an experiment holds one split for a period, then gives a verdict. */
export type RolloutKind = "ROLLOUT" | "EXPERIMENT";
export type GateDecision = "PASS" | "FAIL" | "INSUFFICIENT_DATA";
export type OnFail = "PAUSE" | "ROLLBACK";

export const STATUS_LABELS: Record<RolloutStatus, string> = {
  RUNNING: "Running",
  PAUSED: "Paused",
  PROMOTED: "Promoted",
  ROLLED_BACK: "Rolled back",
  CONCLUDED: "Concluded",
};

export const DECISION_LABELS: Record<GateDecision, string> = {
  PASS: "Pass",
  FAIL: "Fail",
  INSUFFICIENT_DATA: "Insufficient data",
};

export const ON_FAIL_LABELS: Record<OnFail, string> = { PAUSE: "pause", ROLLBACK: "roll back" };

export const isLive = (status: string) => status === "RUNNING" || status === "PAUSED";

/** A 0–1 rate as a percentage; "—" when there is nothing to divide. */
export function rate(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function millis(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Math.round(value).toLocaleString("en-US")} ms`;
}

export function whole(value: number): string {
  return value.toLocaleString("en-US");
}

/** A traffic share as stored (0–100). */
export function share(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

export function minutes(value: number): string {
  return `${whole(value)} min`;
}

/** A version as people read it; an agent without one serves its knowledge only. */
export function versionName(version: string | null): string {
  return version ?? "none (knowledge only)";
}
