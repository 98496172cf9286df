"use client";

import { useRef, useState, type FormEvent } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FieldError, FormError } from "@/components/ui/form-error";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { useAction } from "@/components/ui/use-action";
import { createTokenAction, revokeTokenAction } from "@/lib/actions/tokens";

export function CreateTokenForm() {
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ name: string; token: string; prefix: string } | null>(null);
  const create = useAction(createTokenAction, {
    onSuccess: (data, input) => {
      form.current?.reset();
      setCreated({ ...data, name: input.name.trim() });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    void create.run({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }

  return (
    <>
      <form ref={form} onSubmit={submit} aria-label="Create access token">
        <div className="form-row">
          <label className="field">
            Token name
            <input name="name" required maxLength={100} autoComplete="off" {...create.control("name")} />
          </label>
          <button className="btn btn-primary" type="submit" disabled={create.pending}>{create.pending ? "Creating…" : "Create token"}</button>
          <span className="faint" style={{ paddingBottom: 6 }}>Name it after what will use it, e.g. release-pipeline.</span>
        </div>
        <FieldError state={create} name="name" />
        <FormError state={create} fields={["name"]} />
      </form>
      {created ? (
        <SecretReveal
          title={`New access token ${created.name}`}
          secret={created.token}
          note={`This is the only time the token is shown. Store it where it will be used now; lists show it only as ${created.prefix}_…`}
          onClose={() => setCreated(null)}
        />
      ) : null}
    </>
  );
}

export function RevokeTokenButton({ tokenId, prefix, name }: { tokenId: string; prefix: string; name: string }) {
  return (
    <ConfirmButton
      label="Revoke"
      title={`Revoke ${name} (${prefix}_…)?`}
      body={<p>Requests with this token get 401 from now on. This cannot be undone; create a new token to restore access.</p>}
      confirmLabel="Revoke token"
      action={revokeTokenAction}
      input={{ tokenId }}
    />
  );
}
