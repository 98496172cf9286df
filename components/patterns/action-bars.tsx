import { middleTruncate } from "@/lib/domain/wording";

/** Failures by action: labels cut in the middle, so actions that share a long start still read apart; the whole action is the title. */
export function ActionBars({ items, empty }: { items: Array<{ label: string; failures: number }>; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...items.map((item) => item.failures));
  return (
    <ul className="bar-list">
      {items.map((item) => (
        <li key={item.label}>
          <div className="bar-label template" title={item.label}>{middleTruncate(item.label, 36)}</div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-fill" style={{ width: `${Math.max(2, (item.failures / max) * 100)}%` }} />
          </div>
          <div className="bar-value">{item.failures.toLocaleString("en-US")} <span className="faint">{item.failures === 1 ? "failure" : "failures"}</span></div>
        </li>
      ))}
    </ul>
  );
}
