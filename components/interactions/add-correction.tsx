"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { addCorrectionAction } from "@/lib/actions/review";

/** Writes the correction a failed interaction lacked; it becomes a sample through the gates. */
export function AddCorrection({ interactionId }: { interactionId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const correction = String(new FormData(event.currentTarget).get("correction") ?? "");
    start(async () => {
      const result = await addCorrectionAction({ interactionId, correction });
      if (!result.ok) return setError(result.error);
      setError(null);
      setDone(`Sample created: ${result.data.status.toLowerCase().replace("_", "-")} (${result.data.reason}).`);
      router.refresh();
    });
  }

  if (done) return <div className="alert alert-ok" role="status">{done}</div>;
  return (
    <form onSubmit={submit} className="panel" aria-label="Add correction">
      <h2>Add a correction</h2>
      <p className="muted">What should the agent have done? It becomes a sample for review. Leave personal data out; placeholders like &lt;EMAIL_1&gt; are fine.</p>
      <textarea name="correction" rows={3} style={{ width: "100%" }} aria-label="Correction" />
      {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      <div className="form-actions"><button className="btn btn-primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save correction"}</button></div>
    </form>
  );
}
