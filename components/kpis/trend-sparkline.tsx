import type { DayValue } from "./types";

/**
 * A card's daily trend as server-rendered SVG: days without data are gaps,
 * the target a dashed line, so the eye sees which side of it the KPI lives on.
 */
export function TrendSparkline({ series, target, label, width = 200, height = 36 }: { series: DayValue[]; target: number; label: string; width?: number; height?: number }) {
  const values = series.map((point) => point.value).filter((value): value is number => value !== null);
  if (values.length === 0) {
    return (
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: no data in this period`}>
        <line x1="0" x2={width} y1={height - 2} y2={height - 2} stroke="#e2e5ea" />
      </svg>
    );
  }
  const low = Math.min(0, target, ...values);
  const high = Math.max(target, ...values);
  const span = high - low || 1;
  const step = series.length > 1 ? width / (series.length - 1) : width;
  const y = (value: number) => (height - 3 - ((value - low) / span) * (height - 6)).toFixed(1);
  const x = (index: number) => (series.length > 1 ? index * step : width / 2).toFixed(1);
  // One sub-path per run of consecutive days with data.
  let d = "";
  let open = false;
  series.forEach((point, index) => {
    if (point.value === null) {
      open = false;
      return;
    }
    d += `${open ? "L" : "M"}${x(index)},${y(point.value)} `;
    open = true;
  });
  const lone = series.flatMap((point, index) => {
    const isolated = point.value !== null && (series[index - 1]?.value ?? null) === null && (series[index + 1]?.value ?? null) === null;
    return isolated ? [{ index, value: point.value! }] : [];
  });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <line x1="0" x2={width} y1={y(target)} y2={y(target)} stroke="#b42318" strokeDasharray="3 3" strokeWidth="1" opacity="0.6" />
      <path d={d.trim()} fill="none" stroke="#2f5bd3" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
      {lone.map((point) => <circle key={point.index} cx={x(point.index)} cy={y(point.value)} r="1.8" fill="#2f5bd3" />)}
    </svg>
  );
}
