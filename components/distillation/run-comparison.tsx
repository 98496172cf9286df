import Link from "next/link";
import type { ReactNode } from "react";
import type { RunView } from "@/lib/schemas/distillation";
import { RunStatusBadge, SafetyBadge } from "./badges";
import { scopeText } from "./run-scope";
import { dollars, millis, percent, runName, score, whole } from "./format";

type Side = "a" | "b";

interface Row {
  label: string;
  show: (run: RunView) => ReactNode;
  /** A number to compare by, with which direction is better; absent where "better" means nothing. */
  value?: (run: RunView) => number | null | undefined;
  better?: "higher" | "lower";
}

const SAFETY_RANK = { PASS: 1, PENDING: 0, FAIL: -1 } as const;

const ROWS: Row[] = [
  { label: "Status", show: (run) => <RunStatusBadge status={run.status} /> },
  { label: "Scope", show: (run) => <span className="muted">{scopeText(run.scope)}</span> },
  { label: "Samples (training / held out)", show: (run) => <>{whole(run.sampleCount)}{run.metrics ? <span className="faint"> ({whole(run.metrics.trainCount)} / {whole(run.metrics.holdOutCount)})</span> : null}</> },
  { label: "Hold-out accuracy", show: (run) => percent(run.metrics?.accuracy), value: (run) => run.metrics?.accuracy, better: "higher" },
  { label: "Macro-F1", show: (run) => score(run.metrics?.macroF1), value: (run) => run.metrics?.macroF1, better: "higher" },
  { label: "Calibration error (ECE)", show: (run) => score(run.metrics?.expectedCalibrationError), value: (run) => run.metrics?.expectedCalibrationError, better: "lower" },
  {
    label: "Sandbox success, model alone",
    show: (run) => run.modelVersion?.sandbox ? <>{percent(run.modelVersion.sandbox.modelSuccessRate)} <span className="faint">of {whole(run.modelVersion.sandbox.replayed)} replayed</span></> : "—",
    value: (run) => run.modelVersion?.sandbox?.modelSuccessRate,
    better: "higher",
  },
  {
    label: "Sandbox success, with knowledge",
    show: (run) => percent(run.modelVersion?.sandbox?.withKnowledgeSuccessRate),
    value: (run) => run.modelVersion?.sandbox?.withKnowledgeSuccessRate,
    better: "higher",
  },
  {
    label: "Safety",
    show: (run) => <SafetyBadge status={run.modelVersion?.safetyStatus} />,
    value: (run) => (run.modelVersion ? SAFETY_RANK[run.modelVersion.safetyStatus] : null),
    better: "higher",
  },
  { label: "Cost", show: (run) => (run.metrics ? dollars(run.metrics.cost) : <>{dollars(run.estimatedCost)} <span className="faint">est.</span></>), value: (run) => run.metrics?.cost, better: "lower" },
  { label: "Parameters", show: (run) => (run.metrics ? whole(run.metrics.parameters) : "—"), value: (run) => run.metrics?.parameters, better: "lower" },
  { label: "Training time", show: (run) => (run.metrics ? millis(run.metrics.trainingMs) : "—"), value: (run) => run.metrics?.trainingMs, better: "lower" },
  { label: "Model version", show: (run) => (run.modelVersion ? <span className="mono">{run.modelVersion.version}</span> : "—") },
];

function betterSide(row: Row, a: RunView, b: RunView): Side | null {
  if (!row.value || !row.better) return null;
  const left = row.value(a);
  const right = row.value(b);
  if (left === null || left === undefined || right === null || right === undefined || left === right) return null;
  return (row.better === "higher") === left > right ? "a" : "b";
}

/** Two runs figure by figure; where one is better, its cell says so. */
export function RunComparison({ a, b }: { a: RunView; b: RunView }) {
  return (
    <div className="table-wrap">
      <table className="data compare" aria-label="Run comparison">
        <thead>
          <tr>
            <th scope="col"><span className="faint">Figure</span></th>
            {[a, b].map((run, index) => (
              <th key={index} scope="col">
                Run {index === 0 ? "A" : "B"}: <Link href={`/distillation/${run.id}`}>{runName(run)}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const better = betterSide(row, a, b);
            return (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {([["a", a], ["b", b]] as const).map(([side, run]) => (
                  <td key={side} className={better === side ? "better" : undefined}>
                    {row.show(run)}
                    {better === side ? <span className="badge badge-ok better-mark">better</span> : null}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
