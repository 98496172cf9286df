"use client";

import { useRef, useState, type FormEvent } from "react";
import { createAgentAction, issueKeyAction, revokeKeyAction } from "@/lib/actions/agents";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FieldError, FormError } from "@/components/ui/form-error";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { useAction } from "@/components/ui/use-action";

export function CreateAgentForm() {
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(createAgentAction, {
    onSuccess: (agent) => {
      form.current?.reset();
      setCreated(agent.name);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setCreated(null);
    void create.run({ name: String(data.get("name") ?? ""), description: String(data.get("description") ?? "") });
  }

  return (
    <form ref={form} onSubmit={submit} className="panel" aria-label="Create agent">
      <h2>New agent</h2>
      <div className="form-row">
        <label className="field">
          Name
          <input name="name" required placeholder="checkout-assistant" {...create.control("name")} />
        </label>
        <label className="field" style={{ flex: 1, minWidth: 240 }}>
          Description
          <input name="description" placeholder="What the agent does" {...create.control("description")} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={create.pending}>{create.pending ? "Creating…" : "Create agent"}</button>
      </div>
      {/* Below the row rather than under each field, so the inputs stay aligned. */}
      <FieldError state={create} name="name" />
      <FieldError state={create} name="description" />
      <FormError state={create} fields={["name", "description"]} />
      {created ? <div className="alert alert-ok" role="status">Agent {created} created. Issue it a key below.</div> : null}
    </form>
  );
}

export function IssueKeyButton({ agentId, agentName }: { agentId: string; agentName: string }) {
  const [issued, setIssued] = useState<{ key: string; prefix: string } | null>(null);
  const issue = useAction(issueKeyAction, { onSuccess: (data) => setIssued({ key: data.key, prefix: data.prefix }) });

  return (
    <>
      <button type="button" className="btn btn-small" disabled={issue.pending} onClick={() => void issue.run({ agentId, label: "" })}>
        {issue.pending ? "Issuing…" : "Issue API key"}
      </button>
      <FormError state={issue} />
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
      action={revokeKeyAction}
      input={{ prefix }}
    />
  );
}
