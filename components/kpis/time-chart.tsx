"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { KpiKey } from "@/lib/domain/kpis";
import { EVENT_COLORS, chartScale, eventLabel, formatTick, formatValue, niceTicks, shortDay } from "./format";
import type { LoopEvent } from "./types";
import styles from "./kpis.module.css";

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

export interface ChartReference {
  value: number;
  label: string;
  kind: "target" | "baseline";
}

const PALETTE = ["#2f5bd3", "#c2410c", "#0f766e", "#7c3aed", "#b45309", "#be185d", "#4d7c0f", "#0369a1"];
const AXIS = { fontSize: 11, fill: "#5b6470" };
const REFERENCE_COLORS = { target: "#b42318", baseline: "#5b6470" } as const;

/**
 * Daily values over a period as lines, in the KPI's unit, with the target (or
 * a baseline) as a dashed line and the loop's events as labelled verticals.
 * Days without data are gaps, not zeros. Keyboard: focus the chart, arrows move the tooltip.
 */
export function TimeChart({
  title,
  days,
  series,
  unit,
  kpiKey,
  reference,
  events = [],
  notes,
  height = 240,
  width,
}: {
  title: string;
  days: string[];
  series: ChartSeries[];
  unit: string;
  /** Which KPI the values are, for its number format. */
  kpiKey?: KpiKey;
  reference?: ChartReference | null;
  events?: LoopEvent[];
  /** A line per day shown under the values in the tooltip (counts behind a rate). */
  notes?: string[];
  height?: number;
  /** A fixed width, for print; otherwise the chart fills its panel. */
  width?: number;
}) {
  const scale = chartScale(unit);
  const data = days.map((day, index) => {
    const point: Record<string, string | number | null> = { day };
    series.forEach((line, lineIndex) => {
      const value = line.values[index];
      point[`s${lineIndex}`] = value === null || value === undefined ? null : value * scale;
    });
    return point;
  });
  const eventsByDay = new Map<string, LoopEvent[]>();
  for (const event of events) if (days.includes(event.day)) eventsByDay.set(event.day, [...(eventsByDay.get(event.day) ?? []), event]);
  const kinds = [...new Set(events.filter((event) => eventsByDay.has(event.day)).map((event) => event.action))];
  const showDots = days.length <= 31;
  const colorOf = (index: number) => PALETTE[index % PALETTE.length];
  const drawn = series.flatMap((line) => line.values.filter((value): value is number => value !== null && value !== undefined).map((value) => value * scale));
  const ticks = niceTicks(Math.min(0, ...drawn), Math.max(0, ...drawn, reference ? reference.value * scale : 0));
  // Wide enough for the longest tick at 11px, so "1,500 ms" does not wrap.
  const axisWidth = Math.max(36, 12 + 6.5 * Math.max(...ticks.map((tick) => formatTick(tick, unit).length)));

  const chart = (
    <LineChart data={data} width={width} height={width ? height : undefined} aria-label={title} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
      <CartesianGrid stroke="#eef0f3" vertical={false} />
      <XAxis dataKey="day" tick={AXIS} tickFormatter={shortDay} interval="preserveStartEnd" minTickGap={16} />
      <YAxis tick={AXIS} width={axisWidth} tickFormatter={(value: number) => formatTick(value, unit)} domain={[ticks[0], ticks[ticks.length - 1]]} ticks={ticks} />
      <Tooltip content={(props: TooltipContentProps) => <ChartTip {...props} series={series} unit={unit} kpiKey={kpiKey} days={days} notes={notes} eventsByDay={eventsByDay} />} />
      {reference ? (
        <ReferenceLine
          y={reference.value * scale}
          stroke={REFERENCE_COLORS[reference.kind]}
          strokeDasharray="5 4"
          ifOverflow="extendDomain"
          label={{ value: reference.label, position: "insideTopRight", fontSize: 11, fill: REFERENCE_COLORS[reference.kind] }}
        />
      ) : null}
      {/* Event labels sit inside the plot, on the side with room: left of a line in the right half. */}
      {[...eventsByDay.entries()].map(([day, list]) => (
        <ReferenceLine
          key={day}
          x={day}
          stroke={EVENT_COLORS[list[0].action] ?? "#5b6470"}
          strokeWidth={1.5}
          label={{ value: list.length === 1 ? eventLabel(list[0].action) : `${eventLabel(list[0].action)} +${list.length - 1}`, position: days.indexOf(day) > days.length / 2 ? "insideTopRight" : "insideTopLeft", fontSize: 10, fill: EVENT_COLORS[list[0].action] ?? "#5b6470" }}
        />
      ))}
      {series.map((line, index) => (
        <Line
          key={line.name}
          type="linear"
          dataKey={`s${index}`}
          name={line.name}
          stroke={colorOf(index)}
          strokeWidth={1.75}
          dot={showDots ? { r: 2, strokeWidth: 0, fill: colorOf(index) } : false}
          activeDot={{ r: 4 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );

  return (
    <figure className={styles.figure} aria-label={summarise(title, days, series, unit, kpiKey, reference, eventsByDay)}>
      {series.length > 1 || reference || kinds.length ? (
        <ul className={styles.legend} aria-hidden="true">
          {series.length > 1 ? series.map((line, index) => (
            <li key={line.name}><span className={styles.swatchLine} style={{ borderTopColor: colorOf(index), borderTopStyle: "solid" }} />{line.name}</li>
          )) : null}
          {reference ? <li><span className={styles.swatchLine} style={{ borderTopColor: REFERENCE_COLORS[reference.kind] }} />{reference.label}</li> : null}
          {kinds.map((kind) => <li key={kind}><span className={styles.swatchBar} style={{ background: EVENT_COLORS[kind] ?? "#5b6470" }} />{eventLabel(kind)}</li>)}
        </ul>
      ) : null}
      <div className={`${styles.plot} scroll-x`} style={{ height, width }}>
        {width ? chart : <ResponsiveContainer>{chart}</ResponsiveContainer>}
      </div>
    </figure>
  );
}

function ChartTip({ active, label, series, unit, kpiKey, days, notes, eventsByDay }: TooltipContentProps & {
  series: ChartSeries[];
  unit: string;
  kpiKey?: KpiKey;
  days: string[];
  notes?: string[];
  eventsByDay: Map<string, LoopEvent[]>;
}) {
  if (!active || typeof label !== "string") return null;
  const index = days.indexOf(label);
  if (index < 0) return null;
  return (
    <div className={styles.tip}>
      <strong>{label} (UTC)</strong>
      {series.map((line) => (
        <div key={line.name}>{series.length > 1 ? `${line.name}: ` : ""}{line.values[index] === null ? "no data" : formatValue(line.values[index], unit, kpiKey)}{unit === "per 1,000 interactions" ? " per 1,000" : ""}</div>
      ))}
      {notes?.[index] ? <div className="faint">{notes[index]}</div> : null}
      {(eventsByDay.get(label) ?? []).map((event) => <div key={event.at + event.action}>{eventLabel(event.action)} at {event.at.slice(11, 16)} UTC</div>)}
    </div>
  );
}

/** What a screen reader hears for the chart; the table view below has every value. */
function summarise(title: string, days: string[], series: ChartSeries[], unit: string, kpiKey: KpiKey | undefined, reference: ChartReference | null | undefined, eventsByDay: Map<string, LoopEvent[]>): string {
  const parts = series.map((line) => {
    const values = line.values.filter((value): value is number => value !== null);
    if (values.length === 0) return `${line.name}: no data`;
    const latest = line.values.findLast((value) => value !== null)!;
    return `${line.name}: ${values.length} of ${days.length} days with data, lowest ${formatValue(Math.min(...values), unit, kpiKey)}, highest ${formatValue(Math.max(...values), unit, kpiKey)}, latest ${formatValue(latest, unit, kpiKey)}`;
  });
  const events = eventsByDay.size ? `; ${[...eventsByDay.values()].flat().length} events marked` : "";
  return `${title}, ${days[0]} to ${days[days.length - 1]}. ${parts.join("; ")}${reference ? `; ${reference.label}` : ""}${events}. The table view has every day.`;
}
