"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { FieldError } from "@/components/ui/form-error";
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
  const summary = useRef<HTMLDivElement>(null);
  const save = useAction(updateSettingsAction, {
    onSuccess: (data) => setSaved(data.changed.length ? `Saved ${data.changed.length} change(s).` : "Nothing changed."),
  });
  const all = [...fields, ...listFields, ...choiceFields];
  const groups = [...new Set(all.map((field) => field.group))];

  // A refused save puts its summary, at the top, under focus: what was wrong is read first, with a link to each field.
  useEffect(() => {
    if (save.error) summary.current?.focus();
  }, [save.error]);

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

  if (!editable) {
    return (
      <>
        <p className="alert alert-warn" role="note">Read-only: only admins can change settings. These are the values in force.</p>
        {groups.map((group) => (
          <section key={group} className="panel" aria-label={group}>
            <h2>{group}</h2>
            <dl className="settings-grid settings-read">
              {fields.filter((field) => field.group === group).map((field) => (
                <ReadOnlyRow key={field.key} label={field.label} help={field.help} value={`${field.value}${field.unit ? ` ${field.unit}` : ""}`} />
              ))}
              {listFields.filter((field) => field.group === group).map((field) => (
                <ReadOnlyRow key={field.key} label={field.label} help={field.help} value={field.value || "(none)"} />
              ))}
              {choiceFields.filter((field) => field.group === group).map((field) => (
                <ReadOnlyRow key={field.key} label={field.label} help={CHOICE_HELP} value={field.options.find((option) => option.value === field.value)?.label ?? field.value} />
              ))}
            </dl>
          </section>
        ))}
      </>
    );
  }

  const bad = all.filter((field) => save.fieldErrors[field.key]);
  return (
    <form onSubmit={submit} aria-label="Settings" noValidate>
      {save.error ? (
        <div className="alert alert-error error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby="settings-error-summary">
          <h2 id="settings-error-summary">{save.error}</h2>
          {bad.length ? (
            <ul>
              {bad.map((field) => (
                <li key={field.key}>
                  <a href={`#setting-${field.key}`} onClick={(event) => { event.preventDefault(); focusField(field.key); }}>
                    {save.fieldErrors[field.key].startsWith(field.label) ? save.fieldErrors[field.key] : `${field.label}: ${save.fieldErrors[field.key]}`}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {groups.map((group) => (
        <fieldset key={group} className="panel" style={{ border: "1px solid var(--line)" }}>
          <legend style={{ fontWeight: 600, padding: "0 4px" }}>{group}</legend>
          <div className="settings-grid">
            {fields.filter((field) => field.group === group).map((field) => (
              <SettingRow key={field.key} field={field} errors={save} />
            ))}
            {listFields.filter((field) => field.group === group).map((field) => (
              <ListSettingRow key={field.key} field={field} errors={save} />
            ))}
            {choiceFields.filter((field) => field.group === group).map((field) => (
              <ChoiceSettingRow key={field.key} field={field} errors={save} />
            ))}
          </div>
        </fieldset>
      ))}
      {saved ? <div className="alert alert-ok" role="status">{saved}</div> : null}
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={save.pending}>{save.pending ? "Saving…" : "Save settings"}</button>
        <span className="faint">All changes are saved together, or none if one is out of range.</span>
      </div>
    </form>
  );
}

const CHOICE_HELP = "How the PII firewall rewrites this type before anything is stored.";

function focusField(key: string) {
  const control = document.getElementById(`setting-${key}`);
  control?.scrollIntoView({ block: "center" });
  control?.focus();
}

function ReadOnlyRow({ label, value, help }: { label: string; value: string; help: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="setting-value">{value}</dd>
      <dd className="help">{help}</dd>
    </>
  );
}

interface RowProps<F> {
  field: F;
  errors: ErrorState;
}

function SettingRow({ field, errors }: RowProps<SettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>
        {field.label}
        {field.value !== field.defaultValue ? <span className="badge badge-accent" style={{ marginLeft: 6 }}>default {field.defaultValue}</span> : null}
      </label>
      <div>
        <input id={id} name={field.key} type="number" step={field.step} defaultValue={field.value} {...errors.control(field.key)} style={{ width: 110 }} />
        <span className="unit">{field.unit}</span>
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ListSettingRow({ field, errors }: RowProps<ListSettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <input id={id} name={field.key} defaultValue={field.value} {...errors.control(field.key)} style={{ width: "100%", maxWidth: 260 }} />
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">{field.help}</div>
    </>
  );
}

function ChoiceSettingRow({ field, errors }: RowProps<ChoiceSettingField>) {
  const id = `setting-${field.key}`;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <div>
        <select id={id} name={field.key} defaultValue={field.value} {...errors.control(field.key)} style={{ maxWidth: "100%" }}>
          {field.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
        <FieldError state={errors} name={field.key} />
      </div>
      <div className="help">{CHOICE_HELP}</div>
    </>
  );
}
