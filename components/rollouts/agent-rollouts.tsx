import Link from "next/link";
import { Time } from "@/components/ui/time";
import { RolloutStatusBadge } from "./badges";
import { versionName } from "./format";
import { RollbackButton } from "./rollback-button";
import { RolloutFacts, type RolloutSummary } from "./rollout-facts";
import styles from "./rollouts.module.css";
import { StartRolloutForm, type CandidateOption, type RolloutDefaults } from "./start-rollout-form";

/** One agent on the Rollouts page: its stable version, the live rollout or a form to start one, and past rollouts. */
export function AgentRollouts({ agent, live, past, candidates, defaults, canManage }: {
  agent: { id: string; name: string; stable: string | null };
  live: RolloutSummary | null;
  past: RolloutSummary[];
  candidates: CandidateOption[];
  defaults: RolloutDefaults;
  canManage: boolean;
}) {
  return (
    <section className="panel" aria-label={`Agent ${agent.name}`}>
      <div className={styles.agentHead}>
        <div>
          <h2>{agent.name}</h2>
          <div className="muted">
            Stable version <span className="mono" data-testid="stable-version">{versionName(agent.stable)}</span>
          </div>
        </div>
        {canManage && (live || past.length > 0) ? <RollbackButton agentId={agent.id} agentName={agent.name} revision={live?.revision} /> : null}
      </div>

      {live ? (
        <div className={styles.live} aria-label={`Live rollout of ${agent.name}`} role="group">
          <div style={{ marginBottom: 6 }}>
            <Link href={`/rollouts/${live.id}`}>
              <span className="mono">{live.candidate}</span> against <span className="mono">{versionName(live.baseline)}</span>
            </Link>
          </div>
          <RolloutFacts rollout={live} />
        </div>
      ) : (
        <p className="muted" style={{ marginBottom: 6 }}>No rollout in progress.</p>
      )}

      {canManage && !live ? <StartRolloutForm agentName={agent.name} stable={agent.stable} candidates={candidates} defaults={defaults} /> : null}

      {past.length > 0 ? (
        <>
          <h3 className={styles.historyHead}>Past rollouts</h3>
          <div className="table-wrap">
            <table className="data" aria-label={`Past rollouts of ${agent.name}`}>
              <thead>
                <tr><th>Status</th><th>Kind</th><th>Candidate</th><th>Baseline</th><th>Created by</th><th>Started</th><th>Ended</th><th>Why it ended</th></tr>
              </thead>
              <tbody>
                {past.map((rollout) => (
                  <tr key={rollout.id}>
                    <td><RolloutStatusBadge status={rollout.status} /></td>
                    <td>{rollout.kind === "EXPERIMENT" ? "A/B experiment" : "Rollout"}</td>
                    <td><Link className="mono" href={`/rollouts/${rollout.id}`}>{rollout.candidate}</Link></td>
                    <td className="mono nowrap">{versionName(rollout.baseline)}</td>
                    <td>{rollout.createdBy}</td>
                    <td><Time value={rollout.createdAt} /></td>
                    <td><Time value={rollout.endedAt} /></td>
                    <td className="muted">{rollout.statusReason || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
