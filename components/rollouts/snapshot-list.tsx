import { Time } from "@/components/ui/time";
import { share, versionName, whole } from "./format";
import type { SnapshotStateView } from "./records";
import styles from "./rollouts.module.css";

export interface SnapshotEntry {
  id: string;
  reason: string;
  takenAt: Date;
  restoredAt: Date | null;
  /** Null when the stored state cannot be read. */
  state: SnapshotStateView | null;
}

export interface ServingNow {
  servingVersion: string | null;
  /** Knowledge entries switched on now; null when it could not be worked out. */
  activeKnowledge: number | null;
}

/** Snapshots of the agent's serving state, newest first, each against the state now. */
export function SnapshotList({ snapshots, now, rollbackTarget }: { snapshots: SnapshotEntry[]; now: ServingNow; rollbackTarget: string | null }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Snapshots">
        <thead>
          <tr><th>Taken</th><th>Why</th><th>Serving version</th><th className="num">Active knowledge</th><th>Rollout then</th><th>Restored</th></tr>
        </thead>
        <tbody>
          {snapshots.map((snapshot) => {
            const state = snapshot.state;
            const versionDiffers = state !== null && state.servingVersion !== now.servingVersion;
            const knowledgeDiffers = state !== null && now.activeKnowledge !== null && state.enabledKnowledgeIds.length !== now.activeKnowledge;
            return (
              <tr key={snapshot.id}>
                <td>
                  <Time value={snapshot.takenAt} />
                  {snapshot.id === rollbackTarget ? <div><span className="badge badge-accent">Roll back returns here</span></div> : null}
                </td>
                <td>{snapshot.reason}</td>
                {state ? (
                  <>
                    <td>
                      <span className={`mono ${versionDiffers ? styles.changed : ""}`}>{versionName(state.servingVersion)}</span>
                      <div className="faint">{versionDiffers ? <>now <span className="mono">{versionName(now.servingVersion)}</span></> : "same as now"}</div>
                    </td>
                    <td className="num">
                      <span className={knowledgeDiffers ? styles.changed : undefined}>{whole(state.enabledKnowledgeIds.length)} entries</span>
                      <div className="faint">{now.activeKnowledge === null ? "now: unknown" : knowledgeDiffers ? `now ${whole(now.activeKnowledge)}` : "same as now"}</div>
                    </td>
                    <td>{state.rollout ? `${state.rollout.status.toLowerCase().replace("_", " ")} at ${share(state.rollout.percent)}` : <span className="faint">none</span>}</td>
                  </>
                ) : (
                  <td colSpan={3} className="faint">This snapshot’s state could not be read.</td>
                )}
                <td>{snapshot.restoredAt ? <Time value={snapshot.restoredAt} /> : <span className="faint">no</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
