import type { ReactNode } from "react";
import type { RunMetrics } from "@/lib/schemas/distillation";
import { dollars, millis, percent, score, whole } from "./format";

function Tile({ label, value, sub, tone }: { label: string; value: ReactNode; sub?: ReactNode; tone?: "ok" | "danger" }) {
  return (
    <div className={`metric${tone ? ` metric-${tone}` : ""}`}>
      <dt>{label}</dt>
      <dd>
        <span className="metric-value">{value}</span>
        {sub ? <span className="metric-sub">{sub}</span> : null}
      </dd>
    </div>
  );
}

/** A finished run's figures, hold-out accuracy first and against its target. */
export function MetricTiles({ metrics, accuracyTarget }: { metrics: RunMetrics; accuracyTarget: number }) {
  const met = metrics.accuracy >= accuracyTarget;
  return (
    <dl className="metric-tiles" aria-label="Run figures">
      <Tile
        label="Hold-out accuracy"
        value={percent(metrics.accuracy)}
        sub={<>{met ? "meets" : "below"} the {percent(accuracyTarget)} target</>}
        tone={met ? "ok" : "danger"}
      />
      <Tile label="Macro-F1" value={score(metrics.macroF1)} sub="mean F1 over corrections, 0–1" />
      <Tile label="Calibration error" value={score(metrics.expectedCalibrationError)} sub="expected (ECE), lower is better" />
      <Tile label="Samples" value={<>{whole(metrics.trainCount)} / {whole(metrics.holdOutCount)}</>} sub="training / held out" />
      <Tile label="Classes" value={whole(metrics.classes)} sub="distinct corrections it can give" />
      <Tile label="Parameters" value={whole(metrics.parameters)} sub="weights in the student model" />
      <Tile label="Training time" value={millis(metrics.trainingMs)} />
      <Tile label="Cost" value={dollars(metrics.cost)} sub="samples × cost per sample" />
    </dl>
  );
}
