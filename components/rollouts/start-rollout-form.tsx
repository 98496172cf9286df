"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { startRolloutAction } from "@/lib/actions/rollouts";
import { minutes, rate, share, versionName, whole } from "./format";
import styles from "./rollouts.module.css";

export interface CandidateOption {
  id: string;
  version: string;
  holdOutAccuracy: number | null;
  sandboxSuccessRate: number | null;
}

export interface RolloutDefaults {
  steps: number[];
  windowMinutes: number;
  minInteractionsPerArm: number;
}

const FIELDS = ["candidateVersionId", "autoPromote", "onFail", "windowMinutes"] as const;

const describe = (candidate: CandidateOption) =>
  `${candidate.version} — accuracy ${rate(candidate.holdOutAccuracy)}, sandbox ${candidate.sandboxSuccessRate === null ? "not replayed" : `${rate(candidate.sandboxSuccessRate)} success`}`;

/** Starts a rollout of a safety-passed candidate against the agent's stable version. */
export function StartRolloutForm({ agentName, stable, candidates, defaults }: {
  agentName: string;
  stable: string | null;
  /** Versions with a PASS safety evaluation that are not serving, newest first. */
  candidates: CandidateOption[];
  defaults: RolloutDefaults;
}) {
  const router = useRouter();
  const hint = useId();
  const [starting, setStarting] = useState(false);
  const start = useAction(startRolloutAction, {
    onSuccess: ({ id }) => {
      setStarting(true);
      router.push(`/rollouts/${id}`);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const windowText = String(data.get("windowMinutes") ?? "").trim();
    void start.run({
      candidateVersionId: String(data.get("candidateVersionId") ?? ""),
      autoPromote: data.get("autoPromote") === "on",
      onFail: data.get("onFail") === "ROLLBACK" ? "ROLLBACK" : "PAUSE",
      windowMinutes: windowText === "" ? undefined : Number(windowText),
    });
  }

  if (candidates.length === 0) {
    return (
      <p className="muted">
        No candidate to start: a model version needs a PASS safety evaluation and must not be {agentName}’s stable version.
        A finished distillation run, or POST /api/v1/ops/model-versions from a pipeline, adds one.
      </p>
    );
  }

  return (
    <form className={styles.startForm} onSubmit={submit} aria-label={`Start a rollout for ${agentName}`} noValidate>
      <h3>Start a rollout</h3>
      <div className="form-row">
        <div className="field-stack">
          <label className="field">
            Candidate version
            <select name="candidateVersionId" className={styles.candidateSelect} defaultValue={candidates[0].id} aria-describedby={hint} {...start.control("candidateVersionId")}>
              {candidates.map((candidate) => <option key={candidate.id} value={candidate.id}>{describe(candidate)}</option>)}
            </select>
          </label>
          <FieldError state={start} name="candidateVersionId" />
        </div>
        <div className="field-stack">
          <label className="field">
            Window per step (min)
            <input type="number" name="windowMinutes" min={1} step={1} inputMode="numeric" style={{ width: 110 }} defaultValue={defaults.windowMinutes} required {...start.control("windowMinutes")} />
          </label>
          <FieldError state={start} name="windowMinutes" />
        </div>
        <fieldset className={styles.inlineChoice}>
          <legend>On a failed gate</legend>
          <label><input type="radio" name="onFail" value="PAUSE" defaultChecked /> Pause</label>
          <label><input type="radio" name="onFail" value="ROLLBACK" /> Roll back</label>
        </fieldset>
        <label className={styles.checkbox}>
          <input type="checkbox" name="autoPromote" /> Auto-promote when a gate passes
        </label>
        <button className="btn btn-primary" type="submit" disabled={start.pending || starting}>{start.pending || starting ? "Starting…" : "Start rollout"}</button>
      </div>
      <p id={hint} className={styles.hint}>
        Against {stable ? <>stable <span className="mono">{stable}</span></> : versionName(null)}: steps {defaults.steps.map(share).join(" → ")}, each at least{" "}
        {minutes(defaults.windowMinutes)} by default and {whole(defaults.minInteractionsPerArm)} interactions per arm before its gate can pass.
      </p>
      <FormError state={start} fields={FIELDS} />
    </form>
  );
}
