"use client";

import { ChartFigure } from "@/components/charts/chart-figure";
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

export interface CalibrationPoint {
  /** Mean predicted confidence in the bin, in %. */
  confidence: number;
  /** Observed accuracy in the bin, in %. */
  accuracy: number;
  count: number;
}

const TICKS = [0, 20, 40, 60, 80, 100];
const AXIS = { fontSize: 11, fill: "#5b6470" };

function Tip({ active, payload }: TooltipContentProps) {
  const point = active ? (payload?.[0]?.payload as CalibrationPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="chart-tip">
      <div>Predicted confidence {point.confidence.toFixed(1)}%</div>
      <div>Observed accuracy {point.accuracy.toFixed(1)}%</div>
      <div className="faint">{point.count} prediction{point.count === 1 ? "" : "s"}</div>
    </div>
  );
}

/** Reliability diagram: each non-empty bin's mean confidence against its accuracy; a calibrated model sits on the diagonal. */
export function CalibrationChart({ points }: { points: CalibrationPoint[] }) {
  const summary = points.map((point) => `${point.confidence.toFixed(0)}% confident, ${point.accuracy.toFixed(0)}% right (${point.count})`).join("; ");
  return (
    <ChartFigure
      name={`Calibration: ${summary}`}
      height={260}
      table={{
        title: "Calibration",
        columns: ["Predicted confidence", "Observed accuracy", "Predictions"],
        rows: points.map((point) => [`${point.confidence.toFixed(1)}%`, `${point.accuracy.toFixed(1)}%`, point.count]),
        numeric: [1, 2],
      }}
    >
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 22, left: 4 }} aria-label="Calibration">
          <CartesianGrid stroke="#eef0f3" />
          <XAxis
            type="number"
            dataKey="confidence"
            domain={[0, 100]}
            ticks={TICKS}
            tickFormatter={(value: number) => `${value}%`}
            tick={AXIS}
            label={{ value: "Predicted confidence", position: "insideBottom", offset: -12, fontSize: 11, fill: "#646c78" }}
          />
          <YAxis
            type="number"
            dataKey="accuracy"
            domain={[0, 100]}
            ticks={TICKS}
            tickFormatter={(value: number) => `${value}%`}
            tick={AXIS}
            width={48}
            label={{ value: "Observed accuracy", angle: -90, position: "insideLeft", offset: 6, fontSize: 11, fill: "#646c78", style: { textAnchor: "middle" } }}
          />
          <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 100, y: 100 }]} stroke="#646c78" strokeDasharray="4 4" ifOverflow="extendDomain" />
          <Tooltip content={Tip} cursor={{ strokeDasharray: "3 3" }} />
          <Scatter data={points} fill="#2f5bd3" line={{ stroke: "#2f5bd3" }} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
