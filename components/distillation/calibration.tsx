import type { CalibrationBin } from "@/lib/domain/classifier-metrics";
import { CalibrationChart } from "./calibration-chart";
import { percent, score, whole } from "./format";

/** How far the model's stated confidence can be trusted: per confidence bin, how often it was right. */
export function Calibration({ bins, ece }: { bins: CalibrationBin[]; ece: number }) {
  const filled = bins.filter((bin) => bin.count > 0 && bin.meanConfidence !== null && bin.accuracy !== null);
  return (
    <div className="grid-2">
      <div>
        <div className="table-wrap">
          <table className="data" aria-label="Calibration by confidence bin">
            <thead>
              <tr><th>Confidence bin</th><th className="num">Predictions</th><th className="num">Mean confidence</th><th className="num">Observed accuracy</th><th className="num">Gap</th></tr>
            </thead>
            <tbody>
              {bins.map((bin) => {
                const gap = bin.meanConfidence !== null && bin.accuracy !== null ? (bin.accuracy - bin.meanConfidence) * 100 : null;
                return (
                  <tr key={bin.from} className={bin.count === 0 ? "faint" : undefined}>
                    <td className="nowrap">{percent(bin.from, 0)}–{percent(bin.to, 0)}</td>
                    <td className="num">{whole(bin.count)}</td>
                    <td className="num">{percent(bin.meanConfidence)}</td>
                    <td className="num">{percent(bin.accuracy)}</td>
                    <td className="num">{gap === null ? "—" : `${gap > 0 ? "+" : ""}${gap.toFixed(1)} pp`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="faint" style={{ marginTop: 6 }}>
          Expected calibration error {score(ece)}: the prediction-weighted mean gap between confidence and accuracy. A gap above zero means it is right more often than it claims.
        </p>
      </div>
      {filled.length === 0 ? (
        <p className="muted">No predictions to plot.</p>
      ) : (
        <CalibrationChart points={filled.map((bin) => ({ confidence: bin.meanConfidence! * 100, accuracy: bin.accuracy! * 100, count: bin.count }))} />
      )}
    </div>
  );
}
