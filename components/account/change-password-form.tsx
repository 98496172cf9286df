"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { changeOwnPasswordAction } from "@/lib/actions/users";

const FIELDS = [
  { name: "current", label: "Current password", autoComplete: "current-password" },
  { name: "next", label: "New password (10+ characters)", autoComplete: "new-password" },
  { name: "confirm", label: "New password again", autoComplete: "new-password" },
] as const;

/**
 * A user's own new password. With `oneTime`, it replaces the one-time password an admin
 * issued, and the console opens at `callbackUrl` afterwards.
 */
export function ChangePasswordForm({ oneTime }: { oneTime?: { callbackUrl: string } }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [done, setDone] = useState<{ endedSessions: number } | null>(null);
  const change = useAction(changeOwnPasswordAction, {
    onSuccess: (result) => {
      form.current?.reset();
      setDone(result);
      if (oneTime) {
        router.replace(oneTime.callbackUrl);
        router.refresh();
      }
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setDone(null);
    void change.run({ current: String(data.get("current") ?? ""), next: String(data.get("next") ?? ""), confirm: String(data.get("confirm") ?? "") });
  }

  return (
    <form ref={form} onSubmit={submit} className={oneTime ? undefined : "panel"} aria-label="Change password" style={{ maxWidth: 420 }}>
      {oneTime ? null : <h2>Change password</h2>}
      {FIELDS.map((field) => (
        <div key={field.name} className="field-stack" style={{ marginBottom: 10 }}>
          <label className="field">
            {oneTime && field.name === "current" ? "One-time password" : field.label}
            <input name={field.name} type="password" autoComplete={field.autoComplete} {...change.control(field.name)} />
          </label>
          <FieldError state={change} name={field.name} />
        </div>
      ))}
      <FormError state={change} fields={FIELDS.map((field) => field.name)} />
      {done ? (
        <div className="alert alert-ok" role="status">
          Password changed.{done.endedSessions > 0 ? ` Signed out of ${done.endedSessions} other ${done.endedSessions === 1 ? "session" : "sessions"}.` : ""}
        </div>
      ) : null}
      <button className="btn btn-primary" type="submit" disabled={change.pending}>{change.pending ? "Saving…" : "Change password"}</button>
    </form>
  );
}
