"use client";

import { useId, useState, type ComponentProps, type ReactElement } from "react";
import { ChartFigure } from "@/components/charts/chart-figure";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { ArmFigures } from "@/lib/domain/rollouts";
import { limitsFor, type GateLimits, type StepFigures } from "./arm-figures";
import { millis, rate, share, whole } from "./format";
import styles from "./rollouts.module.css";

const COLORS = { baseline: "#8a929c", candidate: "#2f5bd3" } as const;
const LATENCY_COLORS = { p50: "#9db4ec", mean: "#2f5bd3", p95: "#1b3a8f" } as const;
const AXIS = { fontSize: 11, fill: "#5b6470" };
const LIMIT = "#b42318";
/** Room on the right for the limit's value, written beside its line rather than over the bars. */
const LIMIT_MARGIN = { top: 14, right: 58, bottom: 0, left: 0 };

type ArmName = keyof typeof COLORS;
interface ArmRow {
  arm: string;
  key: ArmName;
  figures: ArmFigures | null;
}

/**
 * A step's arms side by side, one small chart per gate metric, with the limit the
 * candidate is held to drawn as a dashed line. The step shown is chosen above the charts.
 */
export function ArmCharts({ figures, limits, gated, currentStep }: {
  figures: StepFigures[];
  limits: GateLimits;
  /** An experiment has no gate: only the circuit breaker's limit applies. */
  gated: boolean;
  currentStep: number;
}) {
  const name = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const shown = figures.find((entry) => entry.step === chosen) ?? figures.find((entry) => entry.step === currentStep) ?? figures.at(-1);
  if (!shown) return null;
  const limit = gated ? limitsFor(shown.baseline, limits) : { errorRate: null, meanLatencyMs: null, correctionFailureRate: limits.maxCorrectionFailureRate };
  const rows: ArmRow[] = [
    { arm: "Baseline", key: "baseline", figures: shown.baseline },
    { arm: "Candidate", key: "candidate", figures: shown.candidate },
  ];
  const percentOf = (value: number | null | undefined) => (value === null || value === undefined ? null : value * 100);

  return (
    <>
      <div className="form-row" style={{ alignItems: "center" }}>
        <fieldset className={styles.stepPicker}>
          <legend>Step shown in the charts</legend>
          {figures.map((entry) => (
            <label key={entry.step}>
              <input type="radio" name={name} checked={entry.step === shown.step} onChange={() => setChosen(entry.step)} />
              Step {entry.step + 1} · {share(entry.percent)}
            </label>
          ))}
        </fieldset>
        <ul className={styles.legend} aria-hidden="true">
          <li><span className={styles.swatch} style={{ background: COLORS.baseline }} /> Baseline</li>
          <li><span className={styles.swatch} style={{ background: COLORS.candidate }} /> Candidate</li>
          <li><span className={styles.swatchLine} /> {gated ? "Gate limit for the candidate" : "Circuit breaker limit"}</li>
        </ul>
      </div>
      <div className={styles.charts}>
        <ArmChart
          title="Error rate"
          note={!gated ? "Compared when the experiment concludes." : limit.errorRate === null ? "No baseline error rate yet: no limit to draw." : `Candidate at most ${rate(limit.errorRate, 2)}: ${rate(limits.minErrorReduction, 0)} below the baseline, and significant.`}
          data={rows.map((row) => ({ arm: row.arm, key: row.key, value: percentOf(row.figures?.errorRate), figures: row.figures }))}
          unit="%"
          format={(value) => `${value.toFixed(2)}%`}
          limit={percentOf(limit.errorRate)}
          limitLabel={limit.errorRate === null ? "" : `≤ ${rate(limit.errorRate, 2)}`}
          detail={(figures) => `${whole(figures.interactions)} interactions`}
          emptyText="No interactions in this step yet."
        />
        <LatencyChart rows={rows} limit={limit.meanLatencyMs} maxIncrease={gated ? limits.maxLatencyIncreaseMs : null} />
        <ArmChart
          title="Correction failure rate"
          note={`${gated ? `Candidate at most ${rate(limits.maxCorrectionFailureRate, 0)}; above it` : `Above ${rate(limits.maxCorrectionFailureRate, 0)}`} the circuit breaker takes the candidate to 0%.`}
          data={rows.map((row) => ({ arm: row.arm, key: row.key, value: percentOf(row.figures?.correctionFailureRate), figures: row.figures }))}
          unit="%"
          format={(value) => `${value.toFixed(1)}%`}
          limit={limits.maxCorrectionFailureRate * 100}
          limitLabel={`≤ ${rate(limits.maxCorrectionFailureRate, 0)}`}
          detail={(figures) => `${whole(figures.correctionsApplied)} corrections applied`}
          emptyText="No corrections applied in this step yet: nothing for the breaker to judge."
        />
      </div>
    </>
  );
}

/** A chart's drawing area, named for screen readers, with its table view; a sentence instead when there is nothing to draw. */
function ChartFrame({ label, table, empty, children }: { label: string; table: ComponentProps<typeof ChartFigure>["table"]; empty: string | null; children: ReactElement }) {
  if (empty !== null) return <p className={styles.chartEmpty}>{empty}</p>;
  return (
    <ChartFigure name={label} height={170} table={table}>
      <ResponsiveContainer>{children}</ResponsiveContainer>
    </ChartFigure>
  );
}

interface Point {
  arm: string;
  key: ArmName;
  value: number | null;
  figures: ArmFigures | null;
}

function ArmChart({ title, note, data, unit, format, limit, limitLabel, detail, emptyText }: {
  title: string;
  note: string;
  data: Point[];
  unit: string;
  format: (value: number) => string;
  limit: number | null;
  limitLabel: string;
  detail: (figures: ArmFigures) => string;
  emptyText: string;
}) {
  const summary = data.map((point) => `${point.arm} ${point.value === null ? "no data" : format(point.value)}`).join(", ");
  return (
    <section className={styles.chart} aria-label={title}>
      <h3>{title}</h3>
      <p className={styles.chartNote}>{note}</p>
      <ChartFrame
        label={`${title}: ${summary}${limit !== null ? `; candidate limit ${limitLabel}` : ""}`}
        table={{ title, columns: ["Arm", title], rows: data.map((point) => [point.arm, point.value === null ? "no data" : format(point.value)]), numeric: [1] }}
        empty={data.every((point) => point.value === null) ? emptyText : null}
      >
        <BarChart data={data} margin={LIMIT_MARGIN} aria-label={title}>
          <CartesianGrid stroke="#eef0f3" vertical={false} />
          <XAxis dataKey="arm" tick={AXIS} />
          <YAxis tick={AXIS} width={48} tickFormatter={(value: number) => `${value}${unit}`} allowDecimals />
          <Tooltip content={<ArmTip title={title} format={format} detail={detail} limitLabel={limit === null ? null : limitLabel} />} cursor={{ fill: "#f2f4f7" }} />
          <Bar dataKey="value" isAnimationActive={false} maxBarSize={48}>
            {data.map((point) => <Cell key={point.key} fill={COLORS[point.key]} />)}
          </Bar>
          {limit !== null ? (
            <ReferenceLine y={limit} stroke={LIMIT} strokeDasharray="4 3" ifOverflow="extendDomain" label={{ value: limitLabel, position: "right", fontSize: 11, fill: LIMIT }} />
          ) : null}
        </BarChart>
      </ChartFrame>
    </section>
  );
}

interface LatencyPoint {
  arm: string;
  p50: number | null;
  mean: number | null;
  p95: number | null;
  figures: ArmFigures | null;
}

/** p50, mean and p95 per arm; the gate judges the mean. Percentiles are the upper bounds of latency buckets. */
function LatencyChart({ rows, limit, maxIncrease }: { rows: ArmRow[]; limit: number | null; maxIncrease: number | null }) {
  const data: LatencyPoint[] = rows.map((row) => ({
    arm: row.arm,
    p50: row.figures?.p50LatencyMs ?? null,
    mean: row.figures?.meanLatencyMs ?? null,
    p95: row.figures?.p95LatencyMs ?? null,
    figures: row.figures,
  }));
  const summary = data.map((point) => `${point.arm} p50 ${millis(point.p50)}, mean ${millis(point.mean)}, p95 ${millis(point.p95)}`).join("; ");
  return (
    <section className={styles.chart} aria-label="Latency">
      <h3>Latency: p50 · mean · p95</h3>
      <ul className={styles.legend} aria-hidden="true">
        <li><span className={styles.swatch} style={{ background: LATENCY_COLORS.p50 }} /> p50</li>
        <li><span className={styles.swatch} style={{ background: LATENCY_COLORS.mean }} /> mean</li>
        <li><span className={styles.swatch} style={{ background: LATENCY_COLORS.p95 }} /> p95</li>
      </ul>
      <p className={styles.chartNote}>
        {maxIncrease === null
          ? "Compared when the experiment concludes."
          : limit === null
            ? `No baseline latency yet; the candidate’s mean may rise by less than ${millis(maxIncrease)}.`
            : `Candidate mean under ${millis(limit)} (dashed): the baseline’s + ${millis(maxIncrease)}.`}
      </p>
      <ChartFrame
        label={`Latency: ${summary}${limit !== null ? `; candidate mean limit ${millis(limit)}` : ""}`}
        table={{ title: "Latency", columns: ["Arm", "p50", "Mean", "p95"], rows: data.map((point) => [point.arm, millis(point.p50), millis(point.mean), millis(point.p95)]), numeric: [1, 2, 3] }}
        empty={data.every((point) => point.mean === null) ? "No latency reported in this step yet." : null}
      >
        <BarChart data={data} margin={LIMIT_MARGIN} aria-label="Latency">
          <CartesianGrid stroke="#eef0f3" vertical={false} />
          <XAxis dataKey="arm" tick={AXIS} />
          <YAxis tick={AXIS} width={56} tickFormatter={(value: number) => `${value} ms`} />
          <Tooltip content={<LatencyTip limit={limit} />} cursor={{ fill: "#f2f4f7" }} />
          <Bar dataKey="p50" name="p50" fill={LATENCY_COLORS.p50} isAnimationActive={false} maxBarSize={22} />
          <Bar dataKey="mean" name="mean" fill={LATENCY_COLORS.mean} isAnimationActive={false} maxBarSize={22} />
          <Bar dataKey="p95" name="p95" fill={LATENCY_COLORS.p95} isAnimationActive={false} maxBarSize={22} />
          {limit !== null ? <ReferenceLine y={limit} stroke={LIMIT} strokeDasharray="4 3" ifOverflow="extendDomain" label={{ value: `< ${millis(limit)}`, position: "right", fontSize: 11, fill: LIMIT }} /> : null}
        </BarChart>
      </ChartFrame>
    </section>
  );
}

function ArmTip({ active, payload, title, format, detail, limitLabel }: Partial<TooltipContentProps> & {
  title: string;
  format: (value: number) => string;
  detail: (figures: ArmFigures) => string;
  limitLabel: string | null;
}) {
  const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!point) return null;
  return (
    <div className={styles.tip}>
      <strong>{point.arm}</strong>
      <div>{title}: {point.value === null ? "no data" : format(point.value)}</div>
      {point.figures ? <div className="faint">{detail(point.figures)}</div> : null}
      {limitLabel !== null && point.key === "candidate" ? <div className="faint">gate limit {limitLabel}</div> : null}
    </div>
  );
}

function LatencyTip({ active, payload, limit }: Partial<TooltipContentProps> & { limit: number | null }) {
  const point = active ? (payload?.[0]?.payload as LatencyPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <div className={styles.tip}>
      <strong>{point.arm}</strong>
      <div>p50 ≤ {millis(point.p50)} · mean {millis(point.mean)} · p95 ≤ {millis(point.p95)}</div>
      {point.figures ? <div className="faint">{whole(point.figures.interactions)} interactions; percentiles are latency-bucket bounds</div> : null}
      {limit !== null && point.arm === "Candidate" ? <div className="faint">gate limit: mean under {millis(limit)}</div> : null}
    </div>
  );
}
