"use client";

import { useState, useTransition, type FormEvent } from "react";
import { createAgentAction, issueKeyAction, revokeKeyAction } from "@/lib/actions/agents";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SecretReveal } from "@/components/ui/secret-reveal";

export function CreateAgentForm() {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await createAgentAction({ name: String(data.get("name") ?? ""), description: String(data.get("description") ?? "") });
      if (result.ok) {
        form.reset();
        setErrors({});
        setMessage(`Agent ${result.data.name} created. Issue it a key below.`);
      } else {
        setMessage(null);
        setErrors({ form: result.error, ...result.fieldErrors });
      }
    });
  }

  return (
    <form onSubmit={submit} className="panel" aria-label="Create agent">
      <h2>New agent</h2>
      <div className="form-row">
        <label className="field">
          Name
          <input name="name" required placeholder="checkout-assistant" aria-invalid={Boolean(errors.name)} />
        </label>
        <label className="field" style={{ flex: 1, minWidth: 240 }}>
          Description
          <input name="description" placeholder="What the agent does" />
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? "Creating…" : "Create agent"}</button>
      </div>
      {errors.form ? <div className="alert alert-error" role="alert">{errors.name ?? errors.form}</div> : null}
      {message ? <div className="alert alert-ok" role="status">{message}</div> : null}
    </form>
  );
}

export function IssueKeyButton({ agentId, agentName }: { agentId: string; agentName: string }) {
  const [pending, start] = useTransition();
  const [issued, setIssued] = useState<{ key: string; prefix: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await issueKeyAction({ agentId, label: "" });
            if (result.ok) {
              setError(null);
              setIssued({ key: result.data.key, prefix: result.data.prefix });
            } else setError(result.error);
          })
        }
      >
        {pending ? "Issuing…" : "Issue API key"}
      </button>
      {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      {issued ? (
        <SecretReveal
          title={`New API key for ${agentName}`}
          secret={issued.key}
          note={`This is the only time the key is shown. Store it in the agent's secret store now; lists show it only as ${issued.prefix}.`}
          onClose={() => setIssued(null)}
        />
      ) : null}
    </>
  );
}

export function RevokeKeyButton({ prefix, agentName }: { prefix: string; agentName: string }) {
  return (
    <ConfirmButton
      label="Revoke"
      title={`Revoke ${prefix}?`}
      body={<p>{agentName} will get 401 on its next request with this key. This cannot be undone; issue a new key to restore access.</p>}
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const result = await revokeKeyAction({ prefix });
        return result.ok ? null : result.error;
      }}
    />
  );
}
