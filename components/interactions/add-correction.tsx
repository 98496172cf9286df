"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { addCorrectionAction } from "@/lib/actions/review";
import { numberedPlaceholder } from "@/lib/domain/pii/placeholder";
import { labelOf } from "@/lib/schemas/labels";

/** Writes the correction a failed interaction lacked; it becomes a sample through the gates. */
export function AddCorrection({ interactionId }: { interactionId: string }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const add = useAction(addCorrectionAction, {
    onSuccess: (sample) => {
      setDone(`Sample created: ${labelOf("sampleStatus", sample.status).toLowerCase()} (${sample.reason}).`);
      router.refresh();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void add.run({ interactionId, correction: String(new FormData(event.currentTarget).get("correction") ?? "") });
  }

  if (done) return <div className="alert alert-ok" role="status">{done}</div>;
  return (
    <form onSubmit={submit} className="panel" aria-label="Add correction">
      <h2>Add a correction</h2>
      <p className="muted">What should the agent have done? It becomes a sample for review. Leave personal data out; placeholders like {numberedPlaceholder("EMAIL", 1)} are fine.</p>
      <textarea name="correction" rows={3} style={{ width: "100%" }} aria-label="Correction" {...add.control("correction")} />
      <FieldError state={add} name="correction" />
      <FormError state={add} fields={["correction"]} />
      <div className="form-actions"><button className="btn btn-primary" type="submit" disabled={add.pending}>{add.pending ? "Saving…" : "Save correction"}</button></div>
    </form>
  );
}
