"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { binLabel } from "./format";
import styles from "./kpis.module.css";

const AXIS = { fontSize: 11, fill: "#5b6470" };
const COLORS = { now: "#2f5bd3", before: "#b8c2d1" } as const;
const THRESHOLD = "#17773a";

interface BinPoint {
  mid: number;
  bin: string;
  now: number;
  before: number;
}

/**
 * How confident new knowledge was this period against the previous one: ten
 * 0.1-wide bins side by side, with the activation threshold marked where
 * entries start answering agents.
 */
export function ConfidenceChart({ now, before, activation, height = 240, width }: { now: number[]; before: number[]; activation: number; height?: number; width?: number }) {
  const data: BinPoint[] = now.map((count, index) => ({ mid: index / 10 + 0.05, bin: binLabel(index), now: count, before: before[index] ?? 0 }));
  const total = (bins: number[]) => bins.reduce((a, b) => a + b, 0);
  const summary = `Knowledge confidence: ${total(now)} new entries this period against ${total(before)} in the previous one; activation at ${activation.toFixed(2)}. The table view has every bin.`;
  const chart = (
    <BarChart data={data} width={width} height={width ? height : undefined} aria-label="Knowledge confidence" barGap={1} barCategoryGap="18%" margin={{ top: 18, right: 16, bottom: 14, left: 0 }}>
      <CartesianGrid stroke="#eef0f3" vertical={false} />
      <XAxis
        type="number"
        dataKey="mid"
        domain={[0, 1]}
        ticks={[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]}
        tickFormatter={(value: number) => value.toFixed(1)}
        tick={AXIS}
        label={{ value: "confidence", position: "insideBottom", offset: -8, fontSize: 11, fill: "#646c78" }}
      />
      <YAxis allowDecimals={false} tick={AXIS} width={40} label={{ value: "entries", angle: -90, position: "insideLeft", offset: 10, fontSize: 11, fill: "#646c78", style: { textAnchor: "middle" } }} />
      <Tooltip content={(props: TooltipContentProps) => <BinTip {...props} />} cursor={{ fill: "#f2f4f7" }} />
      <Bar dataKey="before" name="Previous period" fill={COLORS.before} isAnimationActive={false} />
      <Bar dataKey="now" name="This period" fill={COLORS.now} isAnimationActive={false} />
      <ReferenceLine x={activation} stroke={THRESHOLD} strokeWidth={1.5} strokeDasharray="5 3" label={{ value: `activates at ${activation.toFixed(2)}`, position: "top", fontSize: 11, fill: THRESHOLD }} />
    </BarChart>
  );
  return (
    <figure className={styles.figure} aria-label={summary}>
      <ul className={styles.legend} aria-hidden="true">
        <li><span className={styles.swatchBar} style={{ background: COLORS.now }} />This period ({total(now)})</li>
        <li><span className={styles.swatchBar} style={{ background: COLORS.before }} />Previous period ({total(before)})</li>
        <li><span className={styles.swatchLine} style={{ borderTopColor: THRESHOLD }} />Activation threshold</li>
      </ul>
      <div className={`${styles.plot} scroll-x`} style={{ height, width }}>
        {width ? chart : <ResponsiveContainer>{chart}</ResponsiveContainer>}
      </div>
    </figure>
  );
}

function BinTip({ active, payload }: TooltipContentProps) {
  const point = active ? (payload?.[0]?.payload as BinPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <div className={styles.tip}>
      <strong>Confidence {point.bin}</strong>
      <div>This period: {point.now} {point.now === 1 ? "entry" : "entries"}</div>
      <div>Previous period: {point.before} {point.before === 1 ? "entry" : "entries"}</div>
    </div>
  );
}
