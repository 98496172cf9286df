import type { ArmFigures } from "@/lib/domain/rollouts";
import type { StepFigures } from "./arm-figures";
import { millis, rate, share, whole } from "./format";

/** Every step's arm figures, the charts' numbers as a table. */
export function FiguresTable({ figures }: { figures: StepFigures[] }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Arm figures by step">
        <thead>
          <tr>
            <th>Step</th><th>Arm</th><th className="num">Interactions</th><th className="num">Error rate</th><th className="num">Mean latency</th>
            <th className="num" title="Upper bound of the latency bucket">p50 latency</th><th className="num" title="Upper bound of the latency bucket">p95 latency</th>
            <th className="num">Corrections applied</th><th className="num">Correction failure rate</th>
          </tr>
        </thead>
        <tbody>
          {figures.flatMap((entry) =>
            (["baseline", "candidate"] as const).map((arm) => (
              <Row key={`${entry.step}-${arm}`} step={arm === "baseline" ? `${entry.step + 1} · ${share(entry.percent)}` : null} arm={arm} figures={entry[arm]} />
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Row({ step, arm, figures }: { step: string | null; arm: "baseline" | "candidate"; figures: ArmFigures | null }) {
  return (
    <tr>
      <td className="nowrap">{step ?? ""}</td>
      <td>{arm === "baseline" ? "Baseline" : "Candidate"}</td>
      {figures ? (
        <>
          <td className="num">{whole(figures.interactions)}</td>
          <td className="num">{rate(figures.errorRate, 2)}</td>
          <td className="num">{millis(figures.meanLatencyMs)}</td>
          <td className="num">{figures.p50LatencyMs === null ? "—" : `≤ ${millis(figures.p50LatencyMs)}`}</td>
          <td className="num">{figures.p95LatencyMs === null ? "—" : `≤ ${millis(figures.p95LatencyMs)}`}</td>
          <td className="num">{whole(figures.correctionsApplied)}</td>
          <td className="num">{rate(figures.correctionFailureRate)}</td>
        </>
      ) : (
        <td colSpan={7} className="faint">no interactions in this arm yet</td>
      )}
    </tr>
  );
}
