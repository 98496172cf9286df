"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { FieldError, FormError } from "@/components/ui/form-error";
import { useAction, type ErrorState } from "@/components/ui/use-action";
import { exportPackAction, importPackAction } from "@/lib/actions/knowledge";
import { hrefOf } from "@/lib/schemas/search-params";

type Agent = { id: string; name: string };

/**
 * Server actions take at most 1 MB (Next's default body limit); the pack travels as JSON
 * text inside the action's arguments, which escapes its quotes, so leave headroom.
 */
const LARGEST_PACK_BYTES = 700 * 1024;

/** Export and import of signed knowledge packs, for people who manage knowledge. */
export function KnowledgePacks({ agents }: { agents: Agent[] }) {
  return (
    <section className="panel" aria-label="Knowledge packs">
      <h2>Knowledge packs</h2>
      <p className="muted">
        A pack is a signed JSON file of one agent&apos;s active entries: pattern templates, corrections and confidence, never a
        sample, an interaction or a reviewer. Imported entries arrive deactivated and answer nothing until someone approves them.
      </p>
      {agents.length === 0 ? (
        <p className="faint">Packs need an agent to export from or import into; create one on the Agents page.</p>
      ) : (
        <div className="grid-2">
          <ExportPackForm agents={agents} />
          <ImportPackForm agents={agents} />
        </div>
      )}
    </section>
  );
}

function AgentChoice({ agents, name, control }: { agents: Agent[]; name: string; control: ReturnType<ErrorState["control"]> }) {
  return (
    <label className="field">
      Agent
      <select name={name} required defaultValue="" {...control}>
        <option value="" disabled>Choose an agent</option>
        {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
      </select>
    </label>
  );
}

/** Saves text as a file the way a download link would. */
function saveFile(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ExportPackForm({ agents }: { agents: Agent[] }) {
  const [done, setDone] = useState<{ fileName: string; entries: number } | null>(null);
  const exporter = useAction(exportPackAction, {
    onSuccess: ({ text, fileName, entries }) => {
      saveFile(text, fileName);
      setDone({ fileName, entries });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    void exporter.run({ agentId: String(new FormData(event.currentTarget).get("agentId") ?? "") });
  }

  return (
    <form onSubmit={submit} aria-label="Export knowledge pack">
      <h3 className="subhead">Export</h3>
      <div className="form-row">
        <AgentChoice agents={agents} name="agentId" control={exporter.control("agentId")} />
        <button className="btn" type="submit" disabled={exporter.pending}>{exporter.pending ? "Signing…" : "Download pack"}</button>
      </div>
      <FieldError state={exporter} name="agentId" />
      <FormError state={exporter} fields={["agentId"]} />
      {done ? (
        <div className="alert alert-ok" role="status">
          {done.entries === 0
            ? <>Saved <code>{done.fileName}</code> with no entries: only active entries are exported, and this agent has none.</>
            : <>Saved <code>{done.fileName}</code> with {done.entries} active {done.entries === 1 ? "entry" : "entries"}.</>}
        </div>
      ) : null}
    </form>
  );
}

type Imported = { agentId: string; imported: number; known: number; personal: number; source: { agent: string; installation: string } };

function ImportPackForm({ agents }: { agents: Agent[] }) {
  const form = useRef<HTMLFormElement>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const importer = useAction(importPackAction, {
    onSuccess: (data, input) => {
      form.current?.reset();
      setResult({ ...data, agentId: input.agentId });
    },
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    const data = new FormData(event.currentTarget);
    const file = data.get("pack");
    if (!(file instanceof File) || file.size === 0) return importer.fail("Choose a pack file.", { pack: "Choose a pack file." });
    if (file.size > LARGEST_PACK_BYTES) {
      const message = `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the console imports packs up to ${LARGEST_PACK_BYTES / 1024} KB. Import larger packs with an access token: POST /api/v1/ops/knowledge-packs.`;
      return importer.fail(message, { pack: "Too large for the console" });
    }
    await importer.run({ agentId: String(data.get("agentId") ?? ""), pack: await file.text() });
  }

  return (
    <form ref={form} onSubmit={(event) => void submit(event)} aria-label="Import knowledge pack">
      <h3 className="subhead">Import</h3>
      <div className="form-row">
        <AgentChoice agents={agents} name="agentId" control={importer.control("agentId")} />
        <label className="field">
          Pack file (.json)
          <input name="pack" type="file" accept=".json,application/json" required style={{ width: 230 }} {...importer.control("pack")} />
        </label>
        <button className="btn" type="submit" disabled={importer.pending}>{importer.pending ? "Importing…" : "Import pack"}</button>
      </div>
      <FieldError state={importer} name="agentId" />
      <FieldError state={importer} name="pack" />
      <FormError state={importer} fields={["agentId", "pack"]} />
      {result ? (
        <div className="alert alert-ok" role="status">
          {result.imported} imported (awaiting review), {result.known} already known, {result.personal} refused for personal data.{" "}
          <span className="muted">From {result.source.agent} at installation <code>{result.source.installation}</code>.</span>{" "}
          {result.imported > 0 ? <Link href={hrefOf("/knowledge", { agent: result.agentId, state: "awaiting_review" })}>Review them</Link> : null}
        </div>
      ) : null}
    </form>
  );
}
