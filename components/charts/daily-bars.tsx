"use client";

import { ChartFigure } from "./chart-figure";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Failures per UTC day, with labelled axes. */
export function DailyBars({ days, values, unit }: { days: string[]; values: number[]; unit: string }) {
  const data = days.map((day, index) => ({ day: day.slice(5), value: values[index] }));
  return (
    <ChartFigure
      name={`${unit} per day (UTC): ${values.join(", ")}`}
      height={200}
      table={{ title: `${unit} per day`, columns: ["Day (UTC)", unit], rows: days.map((day, index) => [day, values[index]]), numeric: [1] }}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} aria-label={`${unit} per day`}>
          <CartesianGrid stroke="#eef0f3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#5b6470" }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#5b6470" }} width={40} label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11, fill: "#646c78" }} />
          <Tooltip formatter={(value) => [`${value} ${unit}`, ""]} labelFormatter={(label) => `${label} (UTC)`} />
          <Bar dataKey="value" fill="#2f5bd3" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
