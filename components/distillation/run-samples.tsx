import { RedactedText } from "@/components/ui/redacted-text";
import { whole } from "./format";

export interface RunSample {
  id: string;
  holdOut: boolean;
  output: string;
  confidence: number;
  errorCategory: string;
  intent: string;
}

/** The samples a run used, training first: what it learned from and what measured it. */
export function RunSamples({ samples, total }: { samples: RunSample[]; total: number }) {
  if (samples.length === 0) return <p className="muted">This run recorded no samples.</p>;
  const heldOut = samples.filter((sample) => sample.holdOut).length;
  return (
    <>
      <p className="faint">
        {samples.length < total ? `The first ${whole(samples.length)} of ${whole(total)} samples: ` : `All ${whole(total)} samples: `}
        {whole(samples.length - heldOut)} training, {whole(heldOut)} held out shown. The dataset downloads hold every one.
      </p>
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="data" aria-label="Samples used">
          <thead><tr><th>Split</th><th>Category</th><th>User intent</th><th>Correction</th><th className="num">Confidence</th></tr></thead>
          <tbody>
            {samples.map((sample) => (
              <tr key={sample.id}>
                <td>{sample.holdOut ? <span className="badge badge-accent">Hold-out</span> : <span className="badge">Training</span>}</td>
                <td className="mono">{sample.errorCategory}</td>
                <td><div className="truncate" style={{ maxWidth: 320 }} title={sample.intent}><RedactedText text={sample.intent} /></div></td>
                <td><div className="truncate" style={{ maxWidth: 380 }} title={sample.output}><RedactedText text={sample.output} /></div></td>
                <td className="num">{sample.confidence.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
