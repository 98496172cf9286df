"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { editKnowledgeAction, setKnowledgeEnabledAction } from "@/lib/actions/knowledge";
import type { KnowledgeState } from "@/lib/schemas/knowledge";

/** Rewrites an entry's correction; each save is a new version, with a new remedy id. */
export function EditCorrectionForm({ entryId, correction }: { entryId: string; correction: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState<number | null>(null);
  const edit = useAction(editKnowledgeAction, {
    onSuccess: ({ version }) => {
      setSaved(version);
      router.refresh();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    void edit.run({ entryId, correction: String(new FormData(event.currentTarget).get("correction") ?? "") });
  }

  function saveOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form onSubmit={submit} className="panel" aria-label="Edit correction">
      <h2>Edit the correction</h2>
      <p className="muted">Saving makes a new version that agents receive within a second. Personal data is refused, as everywhere else.</p>
      <div className="field-stack">
        <label className="field">
          Correction
          <textarea name="correction" rows={4} defaultValue={correction} onKeyDown={saveOnCtrlEnter} {...edit.control("correction")} />
        </label>
        <FieldError state={edit} name="correction" />
      </div>
      <FormError state={edit} fields={["correction"]} />
      {saved !== null ? <div className="alert alert-ok" role="status">Saved as version {saved}.</div> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={edit.pending}>{edit.pending ? "Saving…" : "Save"} <kbd>Ctrl+Enter</kbd></button>
      </div>
    </form>
  );
}

/** Deactivate behind a confirmation; reactivating, or approving an imported entry, is one click. */
export function EntrySwitch({ entryId, state }: { entryId: string; state: KnowledgeState }) {
  const router = useRouter();
  if (state === "active" || state === "below_threshold") {
    return (
      <ConfirmButton
        label="Deactivate"
        title="Deactivate this entry?"
        body={<p>Agents stop receiving this correction within a second. You can reactivate it here at any time.</p>}
        confirmLabel="Deactivate"
        dismissLabel="Keep it active"
        action={setKnowledgeEnabledAction}
        input={{ entryId, enabled: false }}
        onSuccess={() => router.refresh()}
        className="btn btn-danger"
      />
    );
  }
  return <ActivateButton entryId={entryId} label={state === "awaiting_review" ? "Approve import and activate" : "Reactivate"} />;
}

function ActivateButton({ entryId, label }: { entryId: string; label: string }) {
  const router = useRouter();
  const activate = useAction(setKnowledgeEnabledAction, { onSuccess: () => router.refresh() });
  return (
    <>
      <button type="button" className="btn btn-primary" disabled={activate.pending} onClick={() => void activate.run({ entryId, enabled: true })}>
        {activate.pending ? "Working…" : label}
      </button>
      <FormError state={activate} />
    </>
  );
}
