/** A tiny inline trend line: server-rendered SVG, so a table of fifty costs nothing. */
export function Sparkline({ values, width = 120, height = 28, label }: { values: number[]; width?: number; height?: number; label: string }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`);
  const last = values.at(-1) ?? 0;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${values.join(", ")} per day, peak ${max}`}>
      <line x1="0" x2={width} y1={height - 2} y2={height - 2} stroke="#e2e5ea" />
      {values.length > 1 ? (
        <polyline points={points.join(" ")} fill="none" stroke="#2f5bd3" strokeWidth="1.5" strokeLinejoin="round" />
      ) : (
        <rect x={0} y={height - 2 - (last / max) * (height - 4)} width={width} height={(last / max) * (height - 4)} fill="#c7d5f7" />
      )}
    </svg>
  );
}
