import type { KnowledgeEntryView, KnowledgeState } from "@/lib/schemas/knowledge";

/** How the console names an entry's state and reach; one place, so the list and the entry page agree. */
export const STATE_LABELS: Record<KnowledgeState, string> = {
  active: "Active",
  below_threshold: "Below threshold",
  disabled: "Deactivated",
  awaiting_review: "Awaiting review",
};

const STATE_BADGES: Record<KnowledgeState, string> = {
  active: "badge badge-ok",
  below_threshold: "badge badge-warn",
  disabled: "badge",
  awaiting_review: "badge badge-accent",
};

const STATE_HELP: Record<KnowledgeState, string> = {
  active: "Enabled and above the activation confidence: it answers wherever the agent's stage allows.",
  below_threshold: "Enabled, but not confident enough to answer yet: more approvals raise it.",
  disabled: "Switched off by an operator: it answers nothing until reactivated.",
  awaiting_review: "Imported from a knowledge pack: it answers nothing until an operator approves it.",
};

type Reach = KnowledgeEntryView["reach"];

const REACH_LABELS: Record<Reach, string> = { production: "Production", sandbox: "Sandbox only", never: "Not yet (observation)" };

const REACH_HELP: Record<Reach, string> = {
  production: "The agent is in the full stage: active entries answer POST /api/v1/remedy.",
  sandbox: "The agent is in the small-scale stage: entries are tried in the sandbox only.",
  never: "The agent is in the observation stage: knowledge answers nothing yet.",
};

export function StateBadge({ state }: { state: KnowledgeState }) {
  return <span className={STATE_BADGES[state]} title={STATE_HELP[state]}>{STATE_LABELS[state]}</span>;
}

/** Where the agent's stage lets knowledge answer; faint when this entry does not answer anyway. */
export function ReachLabel({ reach, answering = true }: { reach: Reach; answering?: boolean }) {
  return <span className={!answering ? "faint" : reach === "production" ? undefined : "muted"} title={REACH_HELP[reach]}>{REACH_LABELS[reach]}</span>;
}

/** Confidence to three decimals, with a bar whose tick marks the activation threshold. */
export function ConfidenceMeter({ value, activation }: { value: number; activation: number }) {
  return (
    <span className="confidence" title={`Answers above ${activation.toFixed(2)}`}>
      <span className="confidence-value">{value.toFixed(3)}</span>
      <span className="confidence-bar" aria-hidden="true">
        <span className={value > activation ? "confidence-fill above" : "confidence-fill"} style={{ width: `${Math.min(1, value) * 100}%` }} />
        <span className="confidence-mark" style={{ left: `${activation * 100}%` }} />
      </span>
    </span>
  );
}

/** "applied / failed (rate)", or a note when no agent has reported applying it. */
export function RemedyOutcome({ applied, failed }: { applied: number; failed: number }) {
  if (applied === 0) return <span className="faint nowrap" title="No agent has reported applying it yet">0 / 0</span>;
  return (
    <span className="nowrap">
      {applied.toLocaleString("en-US")} / {failed.toLocaleString("en-US")}{" "}
      <span className="muted">({((failed / applied) * 100).toFixed(1)}%)</span>
    </span>
  );
}

export function Evidence({ approvals, rejections }: { approvals: number; rejections: number }) {
  return (
    <span>
      <span className="nowrap">{approvals} {approvals === 1 ? "approval" : "approvals"}</span> · <span className="nowrap">{rejections} {rejections === 1 ? "rejection" : "rejections"}</span>
    </span>
  );
}
