"use client";

import { useState, type FormEvent } from "react";
import { AgentSelect } from "@/components/ui/filter-fields";
import type { QueueFilter } from "@/lib/schemas/review";

/** Narrows the queue (and a bulk decision) to a pattern, agent, grade or pre-screen score range. */
export function QueueFilters({
  patterns,
  agents,
  value,
  onChange,
}: {
  patterns: Array<{ id: string; label: string }>;
  agents: Array<{ id: string; name: string }>;
  value: QueueFilter;
  onChange: (filter: QueueFilter) => void;
}) {
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const score = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
    const next: QueueFilter = {
      patternId: text("patternId") || undefined,
      agentId: text("agentId") || undefined,
      grade: (text("grade") || undefined) as QueueFilter["grade"],
      minScore: score("minScore"),
      maxScore: score("maxScore"),
    };
    for (const bound of [next.minScore, next.maxScore]) {
      if (bound !== undefined && (Number.isNaN(bound) || bound < 0 || bound > 1)) {
        setError("Pre-screen scores run from 0 to 1.");
        return;
      }
    }
    setError(null);
    onChange(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as QueueFilter);
  }

  return (
    <form className="panel form-row" onSubmit={submit} aria-label="Queue filter">
      <label className="field">
        Pattern
        <select name="patternId" defaultValue={value.patternId ?? ""} style={{ maxWidth: 200 }}>
          <option value="">Any pattern</option>
          {patterns.map((pattern) => <option key={pattern.id} value={pattern.id}>{pattern.label}</option>)}
        </select>
      </label>
      <AgentSelect agents={agents} value={value.agentId} name="agentId" />
      <label className="field">
        Value
        <select name="grade" defaultValue={value.grade ?? ""}>
          <option value="">Any value</option>
          <option value="HIGH">High</option>
          <option value="LOW">Low</option>
        </select>
      </label>
      <label className="field">
        Pre-screen from
        <input name="minScore" type="number" min={0} max={1} step={0.05} defaultValue={value.minScore ?? ""} style={{ width: 64 }} />
      </label>
      <label className="field">
        to
        <input name="maxScore" type="number" min={0} max={1} step={0.05} defaultValue={value.maxScore ?? ""} style={{ width: 64 }} />
      </label>
      <button type="submit" className="btn">Apply</button>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </form>
  );
}
