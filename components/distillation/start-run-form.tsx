"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { previewDistillationAction, startDistillationAction } from "@/lib/actions/distillation";
import type { DistillationPreview } from "@/lib/schemas/distillation";
import { hrefOf } from "@/lib/schemas/search-params";
import { dollars, whole } from "./format";

export interface PatternOption {
  id: string;
  label: string;
  failures: number;
}

export interface DistillationDefaults {
  qualityFilter: number;
  maxSamples: number;
  minSamples: number;
  costPerSample: number;
}

interface Inputs {
  agentId: string;
  patternIds: string[];
  from: string;
  to: string;
  maxSamples: string;
}

const FIELDS = ["agentId", "patternIds", "from", "to", "maxSamples", "scope"] as const;

/** The same inputs give the same key: a preview answers only the inputs it was asked about. */
const keyOf = (inputs: Inputs) => JSON.stringify({ ...inputs, patternIds: [...inputs.patternIds].sort(), maxSamples: inputs.maxSamples.trim() });

function scopeOf(inputs: Inputs) {
  return {
    agentId: inputs.agentId,
    patternIds: inputs.patternIds,
    from: inputs.from || undefined,
    to: inputs.to || undefined,
    maxSamples: inputs.maxSamples.trim() === "" ? undefined : inputs.maxSamples.trim(),
  };
}

/**
 * Chooses a run's scope, previews what it would use and cost, and starts it. Start is
 * offered only for the inputs the last preview answered, and only when nothing blocks
 * them. The agent's patterns come from the server page: choosing an agent puts it in
 * the URL (`for`), and the page answers with that agent's patterns.
 */
export function StartRunForm({
  agents,
  patternAgentId,
  patterns,
  defaults,
  query,
}: {
  agents: ReadonlyArray<{ id: string; name: string }>;
  /** The agent whose patterns `patterns` are. */
  patternAgentId: string | undefined;
  patterns: readonly PatternOption[];
  defaults: DistillationDefaults;
  /** The list's filter, kept when the agent goes into the URL. */
  query: Readonly<Record<string, string | undefined>>;
}) {
  const router = useRouter();
  const [inputs, setInputs] = useState<Inputs>({ agentId: patternAgentId ?? "", patternIds: [], from: "", to: "", maxSamples: "" });
  const [previewed, setPreviewed] = useState<{ key: string; preview: DistillationPreview } | null>(null);
  const [starting, setStarting] = useState(false);
  const [loadingPatterns, startLoading] = useTransition();
  const maxHint = useId();
  // The callback is the one of the render that called, so `inputs` are those the preview was asked about.
  const preview = useAction(previewDistillationAction, { onSuccess: (data) => setPreviewed({ key: keyOf(inputs), preview: data }) });
  const start = useAction(startDistillationAction, {
    onSuccess: ({ runId }) => {
      setStarting(true);
      router.push(`/distillation/${runId}`);
    },
  });
  // Field messages from whichever call answered last.
  const shown = start.error ? start : preview;
  const key = keyOf(inputs);
  const current = previewed?.key === key ? previewed.preview : null;
  const ready = current !== null && current.blockers.length === 0;

  function change(next: Partial<Inputs>) {
    setInputs((old) => ({ ...old, ...next }));
    start.clear();
  }

  function chooseAgent(agentId: string) {
    change({ agentId, patternIds: [] });
    startLoading(() => router.replace(hrefOf("/distillation", { ...query, for: agentId || undefined }), { scroll: false }));
  }

  function togglePattern(id: string, on: boolean) {
    change({ patternIds: on ? [...inputs.patternIds, id] : inputs.patternIds.filter((other) => other !== id) });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    start.clear();
    if (!inputs.agentId) return preview.fail("Choose an agent.", { agentId: "Choose an agent." });
    void preview.run(scopeOf(inputs));
  }

  const agentName = agents.find((agent) => agent.id === inputs.agentId)?.name;
  const patternsShown = inputs.agentId !== "" && inputs.agentId === patternAgentId && !loadingPatterns;

  return (
    <form className="panel" onSubmit={submit} aria-label="Start a run" noValidate>
      <div className="panel-head">
        <h2 style={{ margin: 0 }}>Start a run</h2>
        <span className="faint">
          Approved samples above confidence {defaults.qualityFilter.toFixed(2)}, at least {whole(defaults.minSamples)} of them with 2 or more distinct corrections; {dollars(defaults.costPerSample)} per sample.
        </span>
      </div>
      <div className="start-grid">
        <div className="form-row" style={{ alignItems: "flex-start" }}>
          <div className="field-stack">
            <label className="field">
              Agent
              <select name="agentId" style={{ width: 200 }} value={inputs.agentId} onChange={(event) => chooseAgent(event.target.value)} {...shown.control("agentId")}>
                <option value="">Choose an agent</option>
                {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
              </select>
            </label>
            <FieldError state={shown} name="agentId" />
          </div>
          <div className="field-stack">
            <label className="field">
              From (UTC)
              <input type="date" name="from" value={inputs.from} onChange={(event) => change({ from: event.target.value })} {...shown.control("from")} />
            </label>
            <FieldError state={shown} name="from" />
          </div>
          <div className="field-stack">
            <label className="field">
              To (UTC)
              <input type="date" name="to" value={inputs.to} onChange={(event) => change({ to: event.target.value })} {...shown.control("to")} />
            </label>
            <FieldError state={shown} name="to" />
          </div>
          <div className="field-stack">
            <label className="field">
              Max samples
              <input
                type="number"
                name="maxSamples"
                min={10}
                step={1}
                inputMode="numeric"
                style={{ width: 120 }}
                value={inputs.maxSamples}
                onChange={(event) => change({ maxSamples: event.target.value })}
                {...shown.control("maxSamples")}
                aria-describedby={[shown.control("maxSamples")["aria-describedby"], maxHint].filter(Boolean).join(" ")}
              />
            </label>
            <span id={maxHint} className="field-hint">Blank: {whole(defaults.maxSamples)}, newest first</span>
            <FieldError state={shown} name="maxSamples" />
          </div>
        </div>
        <fieldset className="pattern-picker" aria-busy={loadingPatterns}>
          <legend>Patterns <span className="faint">(optional; none ticked: all of them)</span></legend>
          {!inputs.agentId ? (
            <p className="faint">Choose an agent to narrow the run to some of its failure patterns.</p>
          ) : !patternsShown ? (
            <p className="faint">Loading {agentName}’s patterns…</p>
          ) : patterns.length === 0 ? (
            <p className="faint">{agentName} had no failures in the last 30 days; the run takes every approved sample in scope.</p>
          ) : (
            <ul>
              {patterns.map((pattern) => (
                <li key={pattern.id}>
                  <label title={pattern.label}>
                    <input type="checkbox" checked={inputs.patternIds.includes(pattern.id)} onChange={(event) => togglePattern(pattern.id, event.target.checked)} />
                    <span className="truncate template">{pattern.label}</span>
                    <span className="faint nowrap">{whole(pattern.failures)} failures</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {patternsShown && patterns.length > 0 ? <p className="faint">Patterns with failures in the last 30 days, most failures first.</p> : null}
        </fieldset>
      </div>

      <div className="form-actions">
        <button type="submit" className="btn" disabled={preview.pending || starting}>{preview.pending ? "Previewing…" : "Preview"}</button>
        <button type="button" className="btn btn-primary" disabled={!ready || start.pending || starting} onClick={() => void start.run(scopeOf(inputs))}>
          {start.pending || starting ? "Starting…" : "Start run"}
        </button>
        <span className="faint">
          {previewed === null ? "Preview the scope to see what the run would use and cost." : !current ? "The inputs changed since the preview: preview again to start." : current.blockers.length > 0 ? "Resolve what blocks the run, then preview again." : `Starts a background run on ${whole(current.used)} samples.`}
        </span>
      </div>
      <FieldError state={shown} name="patternIds" />
      <FieldError state={shown} name="scope" />
      <FormError state={shown} fields={FIELDS} />
      {previewed ? <PreviewSummary preview={previewed.preview} stale={!current} /> : null}
    </form>
  );
}

function PreviewSummary({ preview, stale }: { preview: DistillationPreview; stale: boolean }) {
  const samples = (count: number) => `${whole(count)} approved sample${count === 1 ? "" : "s"}`;
  return (
    <div className={`preview${stale ? " preview-stale" : ""}`} role="status" aria-label="Preview">
      <p>
        {preview.agent.name}: <strong>{samples(preview.qualifying)}</strong> above confidence {preview.qualityFilter.toFixed(2)} {preview.qualifying === 1 ? "qualifies" : "qualify"}; the run uses <strong>{whole(preview.used)}</strong> (cap {whole(preview.maxSamples)}) across {whole(preview.corrections)} correction{preview.corrections === 1 ? "" : "s"}.
      </p>
      <p>
        Estimated cost: {whole(preview.used)} × {dollars(preview.costPerSample)} = <strong>{dollars(preview.estimatedCost)}</strong>
      </p>
      {preview.blockers.length > 0 ? (
        <div className="alert alert-warn">
          <strong>This run cannot start:</strong>
          <ul>{preview.blockers.map((blocker) => <li key={blocker}>{blocker}</li>)}</ul>
        </div>
      ) : null}
    </div>
  );
}
