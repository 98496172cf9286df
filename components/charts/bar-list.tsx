/** Labelled horizontal bars: readable attribution without a chart legend. */
export function BarList({ items, unit, empty }: { items: Array<{ label: string; failures: number }>; unit: string; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...items.map((item) => item.failures));
  return (
    <ul className="bar-list">
      {items.map((item) => (
        <li key={item.label}>
          <div className="bar-label" title={item.label}>{item.label}</div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-fill" style={{ width: `${Math.max(2, (item.failures / max) * 100)}%` }} />
          </div>
          <div className="bar-value">{item.failures.toLocaleString("en-US")} <span className="faint">{unit}</span></div>
        </li>
      ))}
    </ul>
  );
}
