import { middleTruncate } from "@/lib/domain/wording";
import styles from "./patterns.module.css";

/**
 * Failures by a label (category, action, version) as bars: labels cut in the
 * middle, so actions that share a long start still read apart, the whole label
 * as the title; "1 failure", "2 failures".
 */
export function FailureBars({ items, empty, template = false }: { items: Array<{ label: string; failures: number }>; empty: string; template?: boolean }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...items.map((item) => item.failures));
  return (
    <ul className={`bar-list ${styles.bars}`}>
      {items.map((item) => (
        <li key={item.label}>
          <div className={template ? "bar-label template" : "bar-label"} title={item.label}>{middleTruncate(item.label, 36)}</div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-fill" style={{ width: `${Math.max(2, (item.failures / max) * 100)}%` }} />
          </div>
          <div className="bar-value">{item.failures.toLocaleString("en-US")} <span className="faint">{item.failures === 1 ? "failure" : "failures"}</span></div>
        </li>
      ))}
    </ul>
  );
}
