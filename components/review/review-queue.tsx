"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { claimAction, decideAction, statsAction, trainPrescreenAction } from "@/lib/actions/review";
import { Sparkline } from "@/components/charts/sparkline";
import { RedactedText } from "@/components/ui/redacted-text";
import { REJECT_REASON_LABELS, REJECT_REASONS, type QueueFilter, type RejectReason } from "@/lib/schemas/review";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { QueueStats, SampleView } from "@/lib/schemas/review";
import { BulkPanel } from "./bulk-panel";
import { QueueFilters } from "./queue-filters";

async function unwrap<T>(promise: Promise<ActionResult<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

type Mode = "view" | "reject" | "edit";

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);

export function ReviewQueue({ patterns, agents }: { patterns: Array<{ id: string; label: string }>; agents: Array<{ id: string; name: string }> }) {
  const client = useQueryClient();
  const [filter, setFilter] = useState<QueueFilter>({});
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<Mode>("view");
  const [reason, setReason] = useState<RejectReason | "">("");
  const [note, setNote] = useState("");
  const [draft, setDraft] = useState("");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [help, setHelp] = useState(false);
  const card = useRef<HTMLElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);

  const claimKey = ["review", "claim", filter] as const;
  // Claiming renews the reviewer's leases; refetching every 4 minutes keeps them alive while the page is open.
  const claim = useQuery({ queryKey: claimKey, queryFn: () => unwrap(claimAction(filter)), refetchInterval: 4 * 60_000, refetchOnWindowFocus: false });
  const stats = useQuery({ queryKey: ["review", "stats"], queryFn: () => unwrap(statsAction({})), refetchInterval: 30_000 });
  const samples = claim.data ?? [];
  const current: SampleView | undefined = samples[Math.min(index, Math.max(0, samples.length - 1))];

  const decide = useMutation({
    mutationFn: (input: Parameters<typeof decideAction>[0]) => unwrap(decideAction(input)),
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: claimKey });
      const previous = client.getQueryData<SampleView[]>(claimKey);
      const previousStats = client.getQueryData<QueueStats>(["review", "stats"]);
      client.setQueryData<SampleView[]>(claimKey, (old) => (old ?? []).filter((sample) => sample.id !== input.sampleId));
      if (input.decision !== "skip") {
        client.setQueryData<QueueStats>(["review", "stats"], (old) => (old ? { ...old, pending: Math.max(0, old.pending - 1), doneToday: old.doneToday + 1 } : old));
      }
      return { previous, previousStats };
    },
    onError: (error, _input, context) => {
      if (context?.previous) client.setQueryData(claimKey, context.previous);
      if (context?.previousStats) client.setQueryData(["review", "stats"], context.previousStats);
      setMessage({ kind: "error", text: error.message });
    },
    onSuccess: (_data, input) => {
      setMessage({ kind: "ok", text: input.decision === "approve" ? "Approved." : input.decision === "reject" ? "Rejected." : "Skipped." });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ["review"] });
    },
  });

  const reset = useCallback(() => {
    setMode("view");
    setReason("");
    setNote("");
    setIndex(0);
    card.current?.focus();
  }, []);

  const approve = useCallback(() => {
    if (!current) return;
    const edited = mode === "edit" ? draft.trim() : undefined;
    if (mode === "edit" && !edited) {
      setMessage({ kind: "error", text: "The correction cannot be empty." });
      return;
    }
    decide.mutate({ decision: "approve", sampleId: current.id, ...(edited !== undefined && edited !== current.output ? { output: edited } : {}) });
    reset();
  }, [current, decide, draft, mode, reset]);

  const reject = useCallback(() => {
    if (!current) return;
    if (!reason) {
      setMessage({ kind: "error", text: "Choose a reason to reject (1–6), then press Enter." });
      reasonSelect.current?.focus();
      return;
    }
    if (reason === "OTHER" && !note.trim()) {
      setMessage({ kind: "error", text: "Say why when the reason is Other." });
      return;
    }
    decide.mutate({ decision: "reject", sampleId: current.id, reason, note: note.trim() || undefined });
    reset();
  }, [current, decide, note, reason, reset]);

  const skip = useCallback(() => {
    if (!current) return;
    decide.mutate({ decision: "skip", sampleId: current.id });
    reset();
  }, [current, decide, reset]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.altKey) return;
      if (event.key === "?" && !isTyping(event.target)) {
        event.preventDefault();
        setHelp((open) => !open);
        return;
      }
      if (event.key === "Escape") {
        if (help) setHelp(false);
        else if (mode !== "view") reset();
        return;
      }
      if (mode === "edit") {
        if (event.key === "Enter" && event.ctrlKey) {
          event.preventDefault();
          approve();
        }
        return;
      }
      if (mode === "reject") {
        const digit = Number(event.key);
        if (!isTyping(event.target) || event.target === reasonSelect.current) {
          if (Number.isInteger(digit) && digit >= 1 && digit <= REJECT_REASONS.length) {
            event.preventDefault();
            setReason(REJECT_REASONS[digit - 1]);
            return;
          }
        }
        if (event.key === "Enter") {
          event.preventDefault();
          reject();
        }
        return;
      }
      if (isTyping(event.target) || event.ctrlKey) return;
      switch (event.key) {
        case "a": event.preventDefault(); approve(); break;
        case "r": event.preventDefault(); setMode("reject"); setMessage(null); break;
        case "e":
          if (!current) break;
          event.preventDefault();
          setDraft(current.output);
          setMode("edit");
          setMessage(null);
          break;
        case "s": event.preventDefault(); skip(); break;
        case "j": case "ArrowDown": case "ArrowRight":
          event.preventDefault(); setIndex((i) => Math.min(i + 1, Math.max(0, samples.length - 1))); break;
        case "k": case "ArrowUp": case "ArrowLeft":
          event.preventDefault(); setIndex((i) => Math.max(0, i - 1)); break;
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [approve, current, help, mode, reject, reset, samples.length, skip]);

  useEffect(() => {
    if (mode === "edit") editor.current?.focus();
    if (mode === "reject") reasonSelect.current?.focus();
  }, [mode]);

  return (
    <div className="review-layout">
      <div>
        <QueueFilters patterns={patterns} agents={agents} value={filter} onChange={(next) => { setFilter(next); setIndex(0); }} />
        {message ? <div className={`alert ${message.kind === "ok" ? "alert-ok" : "alert-error"}`} role={message.kind === "ok" ? "status" : "alert"}>{message.text}</div> : null}
        {claim.isPending ? (
          <div className="panel" aria-busy="true">Claiming the next sample…</div>
        ) : claim.isError ? (
          <div className="alert alert-error" role="alert">{claim.error.message} <button className="btn btn-small" onClick={() => claim.refetch()}>Try again</button></div>
        ) : !current ? (
          <section className="empty" aria-label="Queue empty">
            <h2>Nothing to review right now</h2>
            <p>Every pending sample{Object.keys(filter).length ? " matching this filter" : ""} is decided or held by another reviewer. New samples arrive as agents report failures with corrections.</p>
          </section>
        ) : (
          <SampleCard
            ref={card}
            sample={current}
            position={`${Math.min(index, samples.length - 1) + 1} of ${samples.length} held`}
            mode={mode}
            draft={draft}
            setDraft={setDraft}
            editor={editor}
            reason={reason}
            setReason={setReason}
            note={note}
            setNote={setNote}
            reasonSelect={reasonSelect}
            onApprove={approve}
            onReject={() => (mode === "reject" ? reject() : setMode("reject"))}
            onEdit={() => { setDraft(current.output); setMode("edit"); }}
            onSkip={skip}
            onCancel={reset}
            busy={decide.isPending}
          />
        )}
        <p className="faint" style={{ marginTop: 8 }}>Press <kbd>?</kbd> for keyboard shortcuts.</p>
      </div>
      <aside>
        <ReviewerPanel stats={stats.data} onRetrained={() => client.invalidateQueries({ queryKey: ["review"] })} />
        <BulkPanel filter={filter} onDone={() => client.invalidateQueries({ queryKey: ["review"] })} />
      </aside>
      {help ? <Cheatsheet onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

interface CardProps {
  sample: SampleView;
  position: string;
  mode: Mode;
  draft: string;
  setDraft: (value: string) => void;
  editor: React.RefObject<HTMLTextAreaElement | null>;
  reason: RejectReason | "";
  setReason: (value: RejectReason | "") => void;
  note: string;
  setNote: (value: string) => void;
  reasonSelect: React.RefObject<HTMLSelectElement | null>;
  onApprove: () => void;
  onReject: () => void;
  onEdit: () => void;
  onSkip: () => void;
  onCancel: () => void;
  busy: boolean;
  ref: React.RefObject<HTMLElement | null>;
}

function SampleCard({ sample, position, mode, draft, setDraft, editor, reason, setReason, note, setNote, reasonSelect, onApprove, onReject, onEdit, onSkip, onCancel, ref }: CardProps) {
  const input = sample.input;
  const factors = sample.prescreenFactors;
  return (
    <section ref={ref} tabIndex={-1} className="panel sample-card" aria-label="Sample under review" data-sample-id={sample.id}>
      <div className="panel-head">
        <div className="form-row" style={{ alignItems: "center" }}>
          <span className={`badge ${sample.grade === "HIGH" ? "badge-accent" : ""}`} title={sample.gradeReason}>{sample.grade === "HIGH" ? "High value" : "Low value"}</span>
          <span className="badge badge-danger">{sample.errorCategory}</span>
          <span className="muted">{sample.agent.name}</span>
          <span className="muted">confidence {sample.confidence.toFixed(2)}</span>
          {sample.prescreenScore !== null ? <span className="muted" title="Pre-screen model's probability that a reviewer approves">pre-screen {sample.prescreenScore.toFixed(2)}</span> : null}
        </div>
        <span className="faint">{position}</span>
      </div>
      <div className="sample-grid">
        <div>
          <h3>Failure</h3>
          <dl className="kv">
            <dt>User intent</dt><dd><RedactedText text={input.user_intent} /></dd>
            <dt>Agent action</dt><dd className="template"><RedactedText text={input.agent_action} /></dd>
            <dt>API response</dt><dd><pre className="code-block"><RedactedText text={JSON.stringify(input.api_response, null, 2)} /></pre></dd>
          </dl>
          <h3>Correction {sample.edited ? <span className="badge">edited</span> : null}</h3>
          {mode === "edit" ? (
            <label className="field">
              Edit the correction, then press Ctrl+Enter to approve it (Esc cancels)
              <textarea ref={editor} value={draft} onChange={(event) => setDraft(event.target.value)} rows={5} aria-label="Correction" />
            </label>
          ) : (
            <p className="correction" data-testid="correction"><RedactedText text={sample.output} /></p>
          )}
          {mode === "reject" ? (
            <div className="form-row" role="group" aria-label="Reject reason">
              <label className="field">
                Reason (1–6)
                <select ref={reasonSelect} value={reason} onChange={(event) => setReason(event.target.value as RejectReason | "")}>
                  <option value="">Choose a reason…</option>
                  {REJECT_REASONS.map((value, i) => <option key={value} value={value}>{i + 1}. {REJECT_REASON_LABELS[value]}</option>)}
                </select>
              </label>
              <label className="field" style={{ flex: 1 }}>
                Note {reason === "OTHER" ? "(required)" : "(optional)"}
                <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={1000} />
              </label>
            </div>
          ) : null}
          <div className="form-actions">
            {mode === "reject" ? (
              <>
                <button type="button" className="btn btn-danger" onClick={onReject}>Reject <kbd>Enter</kbd></button>
                <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
              </>
            ) : mode === "edit" ? (
              <>
                <button type="button" className="btn btn-primary" onClick={onApprove}>Approve edited <kbd>Ctrl+Enter</kbd></button>
                <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
              </>
            ) : (
              <>
                <button type="button" className="btn btn-primary" onClick={onApprove}>Approve <kbd>a</kbd></button>
                <button type="button" className="btn btn-danger" onClick={onReject}>Reject <kbd>r</kbd></button>
                <button type="button" className="btn" onClick={onEdit}>Edit <kbd>e</kbd></button>
                <button type="button" className="btn" onClick={onSkip}>Skip <kbd>s</kbd></button>
              </>
            )}
          </div>
        </div>
        <div className="sample-side">
          {sample.pattern ? (
            <section aria-label="Pattern">
              <h3>Pattern</h3>
              <Link href={`/patterns/${sample.pattern.id}`} className="template">{sample.pattern.actionTemplate}</Link>
              <div className="template faint">{sample.pattern.errorTemplate}</div>
              <p style={{ marginTop: 6 }}><strong>{sample.pattern.count.toLocaleString("en-US")}</strong> failures so far</p>
              <Sparkline values={sample.trend} width={180} height={34} label="Failures per day, last 14 days" />
              <div className="faint">failures per day, 14 days</div>
            </section>
          ) : null}
          <section aria-label="Why this sample is here" style={{ marginTop: 12 }}>
            <h3>Why it is here</h3>
            <p className="muted">{sample.statusReason}</p>
            <p className="muted">{sample.gradeReason}</p>
            {factors.length > 0 ? (
              <>
                <h3>Pre-screen factors</h3>
                <ul className="factors">
                  {factors.map((factor) => (
                    <li key={factor.feature}><span>{factor.feature}</span><span className={factor.contribution >= 0 ? "pos" : "neg"}>{factor.contribution >= 0 ? "toward approve" : "toward reject"}</span></li>
                  ))}
                </ul>
              </>
            ) : null}
            <p><Link href={`/interactions/${sample.interactionId}`}>Open the interaction</Link></p>
          </section>
        </div>
      </div>
    </section>
  );
}

function ReviewerPanel({ stats, onRetrained }: { stats: QueueStats | undefined; onRetrained: () => void }) {
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!stats) return <section className="panel" aria-busy="true">Loading your numbers…</section>;
  return (
    <section className="panel" aria-label="Reviewer panel">
      <h2>Queue</h2>
      <dl className="stats">
        <dt>Pending</dt><dd data-testid="pending-count">{stats.pending.toLocaleString("en-US")}</dd>
        <dt>High value</dt><dd>{stats.pendingHigh.toLocaleString("en-US")}</dd>
        <dt>You, today</dt><dd data-testid="done-today">{stats.doneToday}</dd>
        <dt>Median per sample</dt><dd>{stats.medianSeconds === null ? "—" : `${stats.medianSeconds.toFixed(1)} s`}</dd>
        <dt>Agreement with pre-screen</dt><dd>{stats.agreement ? `${Math.round((stats.agreement.agreed / stats.agreement.compared) * 100)}% of ${stats.agreement.compared}` : "—"}</dd>
      </dl>
      <h2 style={{ marginTop: 12 }}>Pre-screen model</h2>
      {stats.prescreen ? (
        <p className="muted">
          Hold-out accuracy {stats.prescreen.accuracy === null ? "not measured (too few or one-sided decisions)" : `${(stats.prescreen.accuracy * 100).toFixed(1)}%`} on {stats.prescreen.holdOut} held-out of {stats.prescreen.decisions} decisions.
        </p>
      ) : (
        <p className="muted">Not trained yet. It learns from your approve and reject decisions; auto-approval needs 200 decisions and 95% accuracy.</p>
      )}
      {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      <button
        type="button"
        className="btn btn-small"
        disabled={training}
        onClick={async () => {
          setTraining(true);
          const result = await trainPrescreenAction({});
          setTraining(false);
          if (result.ok) { setError(null); onRetrained(); } else setError(result.error);
        }}
      >
        {training ? "Training…" : "Retrain now"}
      </button>
    </section>
  );
}

function Cheatsheet({ onClose }: { onClose: () => void }) {
  const rows: Array<[string, string]> = [
    ["a", "approve"], ["r", "reject: then 1–6 picks the reason, Enter commits"], ["e", "edit the correction; Ctrl+Enter approves the edit"],
    ["s", "skip (you won't see it again for an hour)"], ["j / k, arrows", "move between the samples you hold"], ["Esc", "cancel"], ["?", "this sheet"],
  ];
  return (
    <div className="cheatsheet" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="panel">
        <h2>Keyboard shortcuts</h2>
        <table className="data">
          <tbody>{rows.map(([key, text]) => <tr key={key}><td><kbd>{key}</kbd></td><td>{text}</td></tr>)}</tbody>
        </table>
        <div className="form-actions"><button type="button" className="btn" onClick={onClose} autoFocus>Close <kbd>Esc</kbd></button></div>
      </div>
    </div>
  );
}
