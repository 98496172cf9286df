"use client";

import { useState, useTransition, type FormEvent } from "react";
import { updateSettingsAction } from "@/lib/actions/settings";

export interface SettingField {
  key: string;
  group: string;
  label: string;
  help: string;
  unit: string;
  step: number;
  value: number;
  defaultValue: number;
}

export interface ListSettingField {
  key: string;
  group: string;
  label: string;
  help: string;
  value: string;
}

export interface ChoiceSettingField {
  key: string;
  group: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value: string;
}

export function SettingsForm({ fields, listFields, choiceFields, editable }: { fields: SettingField[]; listFields: ListSettingField[]; choiceFields: ChoiceSettingField[]; editable: boolean }) {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const groups = [...new Set([...fields, ...listFields, ...choiceFields].map((field) => field.group))];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Record<string, string> = {};
    for (const field of fields) {
      const raw = String(data.get(field.key) ?? "");
      if (raw.trim() === "" || Number(raw) !== field.value) changes[field.key] = raw;
    }
    for (const field of [...listFields, ...choiceFields]) {
      const raw = String(data.get(field.key) ?? "");
      if (raw !== field.value) changes[field.key] = raw;
    }
    start(async () => {
      const result = await updateSettingsAction(changes);
      if (result.ok) {
        setErrors({});
        setMessage({ kind: "ok", text: result.data.changed.length ? `Saved ${result.data.changed.length} change(s).` : "Nothing changed." });
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage({ kind: "error", text: result.error });
      }
    });
  }

  return (
    <form onSubmit={submit} aria-label="Settings">
      {groups.map((group) => (
        <fieldset key={group} className="panel" style={{ border: "1px solid var(--line)" }}>
          <legend style={{ fontWeight: 600, padding: "0 4px" }}>{group}</legend>
          <div className="settings-grid">
            {fields.filter((field) => field.group === group).map((field) => (
              <SettingRow key={field.key} field={field} error={errors[field.key]} editable={editable} />
            ))}
            {listFields.filter((field) => field.group === group).map((field) => (
              <ListSettingRow key={field.key} field={field} error={errors[field.key]} editable={editable} />
            ))}
            {choiceFields.filter((field) => field.group === group).map((field) => (
              <ChoiceSettingRow key={field.key} field={field} error={errors[field.key]} editable={editable} />
            ))}
          </div>
        </fieldset>
      ))}
      {message ? <div className={`alert ${message.kind === "ok" ? "alert-ok" : "alert-error"}`} role={message.kind === "ok" ? "status" : "alert"}>{message.text}</div> : null}
      {editable ? (
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</button>
          <span className="faint">All changes are saved together, or none if one is out of range.</span>
        </div>
      ) : (
        <p className="muted">Only admins can change settings.</p>
      )}
    </form>
  );
}

function SettingRow({ field, error, editable }: { field: SettingField; error?: string; editable: boolean }) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>
        {field.label}
        {field.value !== field.defaultValue ? <span className="badge badge-accent" style={{ marginLeft: 6 }}>default {field.defaultValue}</span> : null}
      </label>
      <div>
        <input
          id={id}
          name={field.key}
          type="number"
          step={field.step}
          defaultValue={field.value}
          readOnly={!editable}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          style={{ width: 110 }}
        />
        <span className="unit">{field.unit}</span>
        {error ? <div className="field-error" id={`${id}-error`} role="alert">{error}</div> : null}
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ListSettingRow({ field, error, editable }: { field: ListSettingField; error?: string; editable: boolean }) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <input id={id} name={field.key} defaultValue={field.value} readOnly={!editable} aria-invalid={Boolean(error)} style={{ width: 210 }} />
        {error ? <div className="field-error" role="alert">{error}</div> : null}
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ChoiceSettingRow({ field, error, editable }: { field: ChoiceSettingField; error?: string; editable: boolean }) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <select id={id} name={field.key} defaultValue={field.value} disabled={!editable} aria-invalid={Boolean(error)} style={{ width: 210 }}>
          {field.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
        {error ? <div className="field-error" role="alert">{error}</div> : null}
      </div>
      <div className="help">How the PII firewall rewrites this type before anything is stored.</div>
    </>
  );
}
