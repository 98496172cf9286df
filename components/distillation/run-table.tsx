"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Time } from "@/components/ui/time";
import type { RunView } from "@/lib/schemas/distillation";
import { RunStatusBadge, SafetyBadge } from "./badges";
import { dollars, duration, percent, runName, score, whole } from "./format";
import { RunProgress } from "./run-progress";
import { isLive } from "./use-run-status";

/** Runs newest first; live ones show their progress, and any two can be compared. */
export function RunTable({ runs }: { runs: RunView[] }) {
  const router = useRouter();
  // The two most recently ticked: ticking a third lets go of the first.
  const [picked, setPicked] = useState<string[]>([]);

  function toggle(id: string, on: boolean) {
    setPicked((old) => (on ? [...old.filter((other) => other !== id), id].slice(-2) : old.filter((other) => other !== id)));
  }

  const [a, b] = picked;
  return (
    <section aria-label="Runs">
      <div className="panel-head">
        <h2 style={{ margin: 0 }}>Runs</h2>
        <div className="form-row" style={{ alignItems: "center" }}>
          <span className="faint" aria-live="polite">
            {picked.length === 2 ? "Two runs ticked." : picked.length === 1 ? "Tick one more run to compare." : "Tick two runs to compare them."}
          </span>
          <button type="button" className="btn" disabled={picked.length !== 2} onClick={() => router.push(`/distillation/compare?a=${a}&b=${b}`)}>
            Compare
          </button>
        </div>
      </div>
      <div className="table-wrap">
        <table className="data" aria-label="Distillation runs">
          <thead>
            <tr>
              <th><span className="faint">Pick</span></th>
              <th>Run</th><th>Status</th><th>Agent</th><th className="num">Samples</th><th className="num">Hold-out accuracy</th>
              <th className="num">Macro-F1</th><th>Safety</th><th>Model version</th><th className="num">Cost</th><th>Started by</th><th>Started / finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <input type="checkbox" checked={picked.includes(run.id)} onChange={(event) => toggle(run.id, event.target.checked)} aria-label={`Compare run ${runName(run)}`} />
                </td>
                <td><Link href={`/distillation/${run.id}`} className="mono">{run.id.slice(0, 8)}</Link></td>
                <td>
                  <RunStatusBadge status={run.status} />
                  {isLive(run.status) ? (
                    <RunProgress compact runId={run.id} initial={{ status: run.status, progress: run.progress, progressNote: run.progressNote, failureReason: run.failureReason }} />
                  ) : run.failureReason ? (
                    <div className="faint truncate" style={{ maxWidth: 220 }} title={run.failureReason}>{run.failureReason}</div>
                  ) : null}
                </td>
                <td>{run.agent.name}</td>
                <td className="num">
                  {whole(run.sampleCount)}
                  {run.metrics ? <div className="faint" title="Training / hold-out samples">{whole(run.metrics.trainCount)} / {whole(run.metrics.holdOutCount)}</div> : null}
                </td>
                <td className="num">{percent(run.metrics?.accuracy)}</td>
                <td className="num">{score(run.metrics?.macroF1)}</td>
                <td><SafetyBadge status={run.modelVersion?.safetyStatus} /></td>
                <td>{run.modelVersion ? <span className="mono nowrap">{run.modelVersion.version}</span> : <span className="faint">—</span>}</td>
                <td className="num">
                  {run.metrics ? dollars(run.metrics.cost) : <span title="Estimated when it started">{dollars(run.estimatedCost)} <span className="faint">est.</span></span>}
                </td>
                <td><div className="truncate" style={{ maxWidth: 170 }} title={run.startedBy}>{run.startedBy}</div></td>
                <td>
                  {run.startedAt ? <Time value={run.startedAt} /> : <><span className="faint">queued </span><Time value={run.createdAt} /></>}
                  <div className="faint" title={run.startedAt && run.finishedAt ? `Took ${duration(run.startedAt, run.finishedAt)}` : undefined}>{run.finishedAt ? <Time value={run.finishedAt} /> : "not finished"}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
