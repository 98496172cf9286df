import { whole } from "./format";

/**
 * Hold-out predictions by correction: rows are what reviewers approved, columns what the
 * model answered. The diagonal is right; anything off it is a confusion worth reading.
 */
export function ConfusionMatrix({ labels, confusion }: { labels: string[]; confusion: number[][] }) {
  if (labels.length === 0) return <p className="muted">No hold-out predictions were measured.</p>;
  return (
    <div className="table-wrap">
      <table className="data confusion" aria-label="Confusion matrix">
        <thead>
          <tr>
            <th scope="col"><span className="faint">Actual ↓ · predicted →</span></th>
            {labels.map((label, column) => (
              <th key={column} scope="col" className="num"><div className="cm-label" title={label}>{label}</div></th>
            ))}
            <th scope="col" className="num">Recall</th>
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => {
            const total = confusion[row]?.reduce((sum, count) => sum + count, 0) ?? 0;
            const hits = confusion[row]?.[row] ?? 0;
            return (
              <tr key={row}>
                <th scope="row"><div className="cm-label" title={label}>{label}</div></th>
                {labels.map((_, column) => {
                  const count = confusion[row]?.[column] ?? 0;
                  const className = row === column ? "num cm-hit" : count > 0 ? "num cm-miss" : "num cm-zero";
                  return <td key={column} className={className}>{whole(count)}</td>;
                })}
                <td className="num muted">{total > 0 ? `${((hits / total) * 100).toFixed(0)}%` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
