import Link from "next/link";
import type { RunView } from "@/lib/schemas/distillation";
import { Time } from "@/components/ui/time";
import { duration, whole } from "./format";

/** What a run was asked to use, in words: its agent, patterns, dates, cap and quality filter. */
export function scopeText(scope: RunView["scope"]): string {
  const patterns = scope.patternIds.length === 0 ? "all patterns" : `${scope.patternIds.length} pattern${scope.patternIds.length === 1 ? "" : "s"}`;
  const dates = scope.from && scope.to ? `${scope.from} to ${scope.to}` : scope.from ? `from ${scope.from}` : scope.to ? `until ${scope.to}` : "any date";
  return `${patterns}, ${dates}, confidence above ${scope.qualityFilter.toFixed(2)}, at most ${whole(scope.maxSamples)} samples`;
}

export function RunScope({ run }: { run: RunView }) {
  const { scope } = run;
  return (
    <dl className="kv">
      <dt>Agent</dt>
      <dd>{run.agent.name}</dd>
      <dt>Patterns</dt>
      <dd>
        {scope.patternIds.length === 0 ? "All of the agent’s patterns" : (
          <span className="pattern-links">
            {scope.patternIds.map((id) => <Link key={id} href={`/patterns/${id}`} className="mono">{id.slice(0, 8)}</Link>)}
          </span>
        )}
      </dd>
      <dt>Dates (UTC)</dt>
      <dd>{scope.from || scope.to ? `${scope.from ?? "the first sample"} to ${scope.to ?? "the start of the run"}` : "Any date"}</dd>
      <dt>Quality filter</dt>
      <dd>Approved samples above confidence {scope.qualityFilter.toFixed(2)}</dd>
      <dt>Samples</dt>
      <dd>{whole(run.sampleCount)} used <span className="faint">(cap {whole(scope.maxSamples)}, newest first)</span></dd>
      <dt>Started by</dt>
      <dd>{run.startedBy}</dd>
      <dt>Queued</dt>
      <dd><Time value={run.createdAt} /></dd>
      <dt>Started</dt>
      <dd>{run.startedAt ? <Time value={run.startedAt} /> : <span className="faint">not started</span>}</dd>
      <dt>Finished</dt>
      <dd>
        {run.finishedAt ? <Time value={run.finishedAt} /> : <span className="faint">not finished</span>}
        {run.startedAt && run.finishedAt ? <span className="faint"> (took {duration(run.startedAt, run.finishedAt)})</span> : null}
      </dd>
    </dl>
  );
}
