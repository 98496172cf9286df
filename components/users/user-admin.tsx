"use client";

import { useState, useTransition, type FormEvent } from "react";
import { changeRoleAction, inviteUserAction, resetPasswordAction, setDisabledAction } from "@/lib/actions/users";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/domain/roles";

export function InviteUserForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<{ email: string; temporaryPassword: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await inviteUserAction({
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? ""),
        role: String(data.get("role") ?? "") as Role,
      });
      if (result.ok) {
        form.reset();
        setError(null);
        setInvited(result.data);
      } else setError(result.error);
    });
  }

  return (
    <>
      <form onSubmit={submit} className="panel" aria-label="Invite user">
        <h2>Invite someone</h2>
        <div className="form-row">
          <label className="field">
            Email
            <input name="email" type="email" required />
          </label>
          <label className="field">
            Name
            <input name="name" />
          </label>
          <label className="field">
            Role
            <select name="role" defaultValue="REVIEWER">
              {ROLES.map((role) => (
                <option key={role} value={role} title={ROLE_DESCRIPTIONS[role]}>{ROLE_LABELS[role]}</option>
              ))}
            </select>
          </label>
          <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? "Inviting…" : "Invite"}</button>
        </div>
        {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      </form>
      {invited ? (
        <SecretReveal
          title={`Temporary password for ${invited.email}`}
          secret={invited.temporaryPassword}
          note="Give this to them over a channel you trust. It is shown only now; they can change it under Account after signing in."
          onClose={() => setInvited(null)}
        />
      ) : null}
    </>
  );
}

export function RoleSelect({ userId, role, email }: { userId: string; role: Role; email: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [value, setValue] = useState(role);
  return (
    <>
      <select
        aria-label={`Role of ${email}`}
        value={value}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as Role;
          const previous = value;
          setValue(next);
          start(async () => {
            const result = await changeRoleAction({ userId, role: next });
            if (result.ok) setError(null);
            else {
              setValue(previous);
              setError(result.error);
            }
          });
        }}
      >
        {ROLES.map((option) => <option key={option} value={option}>{ROLE_LABELS[option]}</option>)}
      </select>
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </>
  );
}

export function DisableButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  if (disabled) {
    return (
      <ConfirmButton
        label="Enable"
        className="btn btn-small"
        title={`Enable ${email}?`}
        body={<p>They can sign in again with their current password.</p>}
        confirmLabel="Enable account"
        onConfirm={async () => {
          const result = await setDisabledAction({ userId, disabled: false });
          return result.ok ? null : result.error;
        }}
      />
    );
  }
  return (
    <ConfirmButton
      label="Disable"
      title={`Disable ${email}?`}
      body={<p>They are signed out everywhere at once and cannot sign in until an admin enables the account again.</p>}
      confirmLabel="Disable account"
      onConfirm={async () => {
        const result = await setDisabledAction({ userId, disabled: true });
        return result.ok ? null : result.error;
      }}
    />
  );
}

export function ResetPasswordButton({ userId, email }: { userId: string; email: string }) {
  const [reset, setReset] = useState<string | null>(null);
  return (
    <>
      <ConfirmButton
        label="Reset password"
        className="btn btn-small"
        title={`Reset the password of ${email}?`}
        body={<p>Their current password stops working and they are signed out everywhere. You get a new temporary password to hand over.</p>}
        confirmLabel="Reset password"
        onConfirm={async () => {
          const result = await resetPasswordAction({ userId });
          if (!result.ok) return result.error;
          setReset(result.data.temporaryPassword);
          return null;
        }}
      />
      {reset ? (
        <SecretReveal title={`New password for ${email}`} secret={reset} note="Shown only now." onClose={() => setReset(null)} />
      ) : null}
    </>
  );
}
