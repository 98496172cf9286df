import type { RunStatus, RunView } from "@/lib/schemas/distillation";
import { labelOf } from "@/lib/schemas/labels";

const RUN_BADGES: Record<RunStatus, string> = {
  QUEUED: "badge",
  RUNNING: "badge badge-accent",
  SUCCEEDED: "badge badge-ok",
  FAILED: "badge badge-danger",
  CANCELLED: "badge",
};

// A run moves through the same states as its job, so it reads with the same words.
export function RunStatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return <span className={RUN_BADGES[status]} data-testid={testId}>{labelOf("jobStatus", status)}</span>;
}

type Safety = NonNullable<RunView["modelVersion"]>["safetyStatus"];

const SAFETY_BADGES: Record<Safety, { className: string; text: string; title: string }> = {
  PASS: { className: "badge badge-ok", text: "PASS", title: "Passed every safety check: it may enter a rollout." },
  FAIL: { className: "badge badge-danger", text: "FAIL", title: "Failed a safety check: it cannot enter a rollout." },
  PENDING: { className: "badge", text: "Pending", title: "Not evaluated yet." },
};

export function SafetyBadge({ status }: { status: Safety | null | undefined }) {
  if (!status) return <span className="faint">—</span>;
  const badge = SAFETY_BADGES[status];
  return <span className={badge.className} title={badge.title}>{badge.text}</span>;
}
