"use client";

import { useState, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction, type ErrorState } from "@/components/ui/use-action";
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
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(updateSettingsAction, {
    onSuccess: (data) => setSaved(data.changed.length ? `Saved ${data.changed.length} change(s).` : "Nothing changed."),
  });
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
    setSaved(null);
    void save.run(changes);
  }

  return (
    <form onSubmit={submit} aria-label="Settings">
      {groups.map((group) => (
        <fieldset key={group} className="panel" style={{ border: "1px solid var(--line)" }}>
          <legend style={{ fontWeight: 600, padding: "0 4px" }}>{group}</legend>
          <div className="settings-grid">
            {fields.filter((field) => field.group === group).map((field) => (
              <SettingRow key={field.key} field={field} errors={save} editable={editable} />
            ))}
            {listFields.filter((field) => field.group === group).map((field) => (
              <ListSettingRow key={field.key} field={field} errors={save} editable={editable} />
            ))}
            {choiceFields.filter((field) => field.group === group).map((field) => (
              <ChoiceSettingRow key={field.key} field={field} errors={save} editable={editable} />
            ))}
          </div>
        </fieldset>
      ))}
      <FormError state={save} fields={[...fields, ...listFields, ...choiceFields].map((field) => field.key)} />
      {saved ? <div className="alert alert-ok" role="status">{saved}</div> : null}
      {editable ? (
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={save.pending}>{save.pending ? "Saving…" : "Save settings"}</button>
          <span className="faint">All changes are saved together, or none if one is out of range.</span>
        </div>
      ) : (
        <p className="muted">Only admins can change settings.</p>
      )}
    </form>
  );
}

interface RowProps<F> {
  field: F;
  errors: ErrorState;
  editable: boolean;
}

function SettingRow({ field, errors, editable }: RowProps<SettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>
        {field.label}
        {field.value !== field.defaultValue ? <span className="badge badge-accent" style={{ marginLeft: 6 }}>default {field.defaultValue}</span> : null}
      </label>
      <div>
        <input id={id} name={field.key} type="number" step={field.step} defaultValue={field.value} readOnly={!editable} {...errors.control(field.key)} style={{ width: 110 }} />
        <span className="unit">{field.unit}</span>
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ListSettingRow({ field, errors, editable }: RowProps<ListSettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <input id={id} name={field.key} defaultValue={field.value} readOnly={!editable} {...errors.control(field.key)} style={{ width: 210 }} />
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ChoiceSettingRow({ field, errors, editable }: RowProps<ChoiceSettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <select id={id} name={field.key} defaultValue={field.value} disabled={!editable} {...errors.control(field.key)} style={{ width: 210 }}>
          {field.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">How the PII firewall rewrites this type before anything is stored.</div>
    </>
  );
}
