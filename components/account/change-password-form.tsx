"use client";

import { useState, useTransition, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/lib/actions/users";

export function ChangePasswordForm() {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await changeOwnPasswordAction({
        current: String(data.get("current") ?? ""),
        next: String(data.get("next") ?? ""),
        confirm: String(data.get("confirm") ?? ""),
      });
      if (result.ok) {
        form.reset();
        setErrors({});
        setDone(true);
      } else {
        setDone(false);
        setErrors({ form: result.error, ...result.fieldErrors });
      }
    });
  }

  return (
    <form onSubmit={submit} className="panel" aria-label="Change password" style={{ maxWidth: 420 }}>
      <h2>Change password</h2>
      {(["current", "next", "confirm"] as const).map((name) => (
        <label key={name} className="field" style={{ marginBottom: 10 }}>
          {name === "current" ? "Current password" : name === "next" ? "New password (10+ characters)" : "New password again"}
          <input name={name} type="password" autoComplete={name === "current" ? "current-password" : "new-password"} aria-invalid={Boolean(errors[name])} />
          {errors[name] ? <span className="field-error">{errors[name]}</span> : null}
        </label>
      ))}
      {errors.form && !errors.current && !errors.next && !errors.confirm ? <div className="alert alert-error" role="alert">{errors.form}</div> : null}
      {done ? <div className="alert alert-ok" role="status">Password changed.</div> : null}
      <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Change password"}</button>
    </form>
  );
}
