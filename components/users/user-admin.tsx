"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { changeRoleAction, inviteUserAction, resetPasswordAction, setDisabledAction } from "@/lib/actions/users";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FieldError, FormError } from "@/components/ui/form-error";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { useAction } from "@/components/ui/use-action";
import { ROLES, type Role } from "@/lib/domain/roles";
import { descriptionOf, labelOf } from "@/lib/schemas/labels";

const INVITE_FIELDS = ["email", "name", "role"] as const;

export function InviteUserForm() {
  const form = useRef<HTMLFormElement>(null);
  const [invited, setInvited] = useState<{ email: string; temporaryPassword: string } | null>(null);
  const invite = useAction(inviteUserAction, {
    onSuccess: (data) => {
      form.current?.reset();
      setInvited(data);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    void invite.run({
      email: String(data.get("email") ?? ""),
      name: String(data.get("name") ?? ""),
      role: String(data.get("role") ?? "") as Role,
    });
  }

  return (
    <>
      <form ref={form} onSubmit={submit} className="panel" aria-label="Invite user">
        <h2>Invite someone</h2>
        <div className="form-row">
          <label className="field">
            Email
            <input name="email" type="email" required {...invite.control("email")} />
          </label>
          <label className="field">
            Name
            <input name="name" {...invite.control("name")} />
          </label>
          <label className="field">
            Role
            <select name="role" defaultValue="REVIEWER" {...invite.control("role")}>
              {ROLES.map((role) => (
                <option key={role} value={role} title={descriptionOf("role", role)}>{labelOf("role", role)}</option>
              ))}
            </select>
          </label>
          <button className="btn btn-primary" type="submit" disabled={invite.pending}>{invite.pending ? "Inviting…" : "Invite"}</button>
        </div>
        {INVITE_FIELDS.map((name) => <FieldError key={name} state={invite} name={name} />)}
        <FormError state={invite} fields={INVITE_FIELDS} />
      </form>
      {invited ? (
        <SecretReveal
          title={`Temporary password for ${invited.email}`}
          secret={invited.temporaryPassword}
          note="Give this to them over a channel you trust. It is shown only now. When they first sign in with it, they must choose a password of their own."
          onClose={() => setInvited(null)}
        />
      ) : null}
    </>
  );
}

/**
 * A user's role. Choosing another one asks first, in a dialog that names the change, and says
 * what happened afterwards; cancelling puts the select back.
 */
export function RoleSelect({ userId, role, email }: { userId: string; role: Role; email: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const [value, setValue] = useState(role);
  const [chosen, setChosen] = useState<Role | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const change = useAction(changeRoleAction, {
    onSuccess: (data) => {
      setValue(data.role);
      setChanged(`${data.email} is now ${labelOf("role", data.role).toLowerCase()}.`);
      dialog.current?.close();
    },
  });

  function ask(next: Role) {
    if (next === value) return;
    change.clear();
    setChanged(null);
    setChosen(next);
    dialog.current?.showModal();
    cancel.current?.focus();
  }

  return (
    <>
      <select aria-label={`Role of ${email}`} value={chosen ?? value} disabled={change.pending} onChange={(event) => ask(event.target.value as Role)}>
        {ROLES.map((option) => <option key={option} value={option}>{labelOf("role", option)}</option>)}
      </select>
      <span role="status" className="field-note">{changed}</span>
      <dialog ref={dialog} className="modal" aria-labelledby={titleId} aria-describedby={bodyId} onClose={() => setChosen(null)}>
        <h2 id={titleId}>Change the role of {email}?</h2>
        <div className="muted" id={bodyId}>
          {chosen ? (
            <p>
              From {labelOf("role", value).toLowerCase()} to {labelOf("role", chosen).toLowerCase()}: {descriptionOf("role", chosen)} It applies to their
              open sessions at once.
            </p>
          ) : null}
        </div>
        <FormError state={change} />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={change.pending || !chosen} onClick={() => chosen && void change.run({ userId, role: chosen })}>
            {change.pending ? "Changing…" : "Change role"}
          </button>
          <button ref={cancel} type="button" className="btn" onClick={() => dialog.current?.close()}>Cancel</button>
        </div>
      </dialog>
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
        action={setDisabledAction}
        input={{ userId, disabled: false }}
      />
    );
  }
  return (
    <ConfirmButton
      label="Disable"
      title={`Disable ${email}?`}
      body={<p>They are signed out everywhere at once and cannot sign in until an admin enables the account again.</p>}
      confirmLabel="Disable account"
      action={setDisabledAction}
      input={{ userId, disabled: true }}
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
        action={resetPasswordAction}
        input={{ userId }}
        onSuccess={(data) => setReset(data.temporaryPassword)}
      />
      {reset ? (
        <SecretReveal title={`New password for ${email}`} secret={reset} note="Shown only now. When they sign in with it, they must choose a password of their own." onClose={() => setReset(null)} />
      ) : null}
    </>
  );
}
