"use client";

import type { FormEvent } from "react";
import { AgentSelect, SelectField } from "@/components/ui/filter-fields";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useErrorState } from "@/components/ui/use-action";
import { optionsOf } from "@/lib/schemas/labels";
import { queueFilterSchema, type QueueFilter } from "@/lib/schemas/review";
import styles from "./review.module.css";

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
  const errors = useErrorState();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const score = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
    const entries = Object.entries({
      patternId: text("patternId"),
      agentId: text("agentId"),
      grade: text("grade"),
      minScore: score("minScore"),
      maxScore: score("maxScore"),
    }).filter(([, v]) => v !== undefined && v !== "");
    // The same schema the server parses the filter with, so what is applied here is what it accepts.
    const parsed = queueFilterSchema.safeParse(Object.fromEntries(entries));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return errors.fail(issue.message, { [String(issue.path[0])]: issue.message });
    }
    errors.clear();
    onChange(parsed.data);
  }

  return (
    <form className={`panel form-row ${styles.filters}`} onSubmit={submit} aria-label="Queue filter">
      <SelectField label="Pattern" name="patternId" value={value.patternId} options={patterns.map((pattern) => ({ value: pattern.id, label: pattern.label }))} anyLabel="Any pattern" />
      <AgentSelect agents={agents} value={value.agentId} name="agentId" />
      <SelectField label="Value" name="grade" value={value.grade} options={optionsOf("grade")} anyLabel="Any value" />
      <label className="field">
        Pre-screen from
        <input name="minScore" type="number" min={0} max={1} step={0.05} defaultValue={value.minScore ?? ""} {...errors.control("minScore")} />
      </label>
      <label className="field">
        to
        <input name="maxScore" type="number" min={0} max={1} step={0.05} defaultValue={value.maxScore ?? ""} {...errors.control("maxScore")} />
      </label>
      <button type="submit" className="btn">Apply</button>
      <FieldError state={errors} name="minScore" />
      <FieldError state={errors} name="maxScore" />
      <FormError state={errors} fields={["minScore", "maxScore"]} />
    </form>
  );
}
