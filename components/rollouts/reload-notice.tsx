"use client";

import styles from "./rollouts.module.css";

/** Offered when a change was refused because the rollout moved on: reload, look, decide again. */
export function ReloadNotice({ onReload }: { onReload: () => void }) {
  return (
    <div className={styles.stale}>
      <span>Reload to see where it is now, then decide again.</span>
      <button type="button" className="btn btn-small" onClick={onReload}>Reload</button>
    </div>
  );
}
