"use client";

import Link from "next/link";
import type { Ref, RefObject } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { FieldError } from "@/components/ui/form-error";
import { RedactedText } from "@/components/ui/redacted-text";
import { labelOf } from "@/lib/schemas/labels";
import { REJECT_REASONS, type RejectReason, type SampleInput, type SampleView } from "@/lib/schemas/review";
import type { Decision } from "./use-decision";

/** The sample under review: what failed, its correction, the decision controls, and why it is here. */
export function SampleCard({ sample, position, decision, ref, reasonSelect }: {
  sample: SampleView;
  position: string;
  decision: Decision;
  ref: Ref<HTMLElement>;
  reasonSelect: RefObject<HTMLSelectElement | null>;
}) {
  return (
    <section ref={ref} tabIndex={-1} className="panel sample-card" aria-label="Sample under review" data-sample-id={sample.id}>
      <SampleHeader sample={sample} position={position} />
      <div className="sample-grid">
        <div>
          <Failure input={sample.input} />
          <h3>Correction {sample.edited ? <span className="badge">edited</span> : null}</h3>
          {decision.mode === "edit" ? <CorrectionEditor decision={decision} /> : <p className="correction" data-testid="correction"><RedactedText text={sample.output} /></p>}
          {decision.mode === "reject" ? <RejectFields decision={decision} selectRef={reasonSelect} /> : null}
          <DecisionButtons decision={decision} />
        </div>
        <div className="sample-side">
          {sample.pattern ? <PatternSummary pattern={sample.pattern} trend={sample.trend} /> : null}
          <WhyHere sample={sample} />
        </div>
      </div>
    </section>
  );
}

function SampleHeader({ sample, position }: { sample: SampleView; position: string }) {
  return (
    <div className="panel-head">
      <div className="form-row" style={{ alignItems: "center" }}>
        <span className={`badge ${sample.grade === "HIGH" ? "badge-accent" : ""}`} title={sample.gradeReason}>{labelOf("grade", sample.grade)} value</span>
        <span className="badge badge-danger">{sample.errorCategory}</span>
        <span className="muted">{sample.agent.name}</span>
        <span className="muted">confidence {sample.confidence.toFixed(2)}</span>
        {sample.prescreenScore !== null ? <span className="muted" title="Pre-screen model's probability that a reviewer approves">pre-screen {sample.prescreenScore.toFixed(2)}</span> : null}
      </div>
      <span className="faint">{position}</span>
    </div>
  );
}

function Failure({ input }: { input: SampleInput }) {
  return (
    <>
      <h3>Failure</h3>
      <dl className="kv">
        <dt>User intent</dt><dd><RedactedText text={input.user_intent} /></dd>
        <dt>Agent action</dt><dd className="template"><RedactedText text={input.agent_action} /></dd>
        <dt>API response</dt><dd><pre className="code-block"><RedactedText text={JSON.stringify(input.api_response, null, 2)} /></pre></dd>
      </dl>
    </>
  );
}

function CorrectionEditor({ decision }: { decision: Decision }) {
  const { feedback } = decision;
  return (
    <div className="field-stack">
      <label className="field">
        Edit the correction, then press Ctrl+Enter to approve it (Esc cancels)
        <textarea value={decision.text} onChange={(event) => decision.setText(event.target.value)} rows={5} aria-label="Correction" autoFocus {...feedback.control("output")} />
      </label>
      <FieldError state={feedback} name="output" />
    </div>
  );
}

function RejectFields({ decision, selectRef }: { decision: Decision; selectRef: Ref<HTMLSelectElement> }) {
  const { feedback } = decision;
  return (
    <div className="form-row" role="group" aria-label="Reject reason">
      <div className="field-stack">
        <label className="field">
          Reason (1–{REJECT_REASONS.length})
          <select ref={selectRef} value={decision.reason} onChange={(event) => decision.setReason(event.target.value as RejectReason | "")} autoFocus {...feedback.control("reason")}>
            <option value="">Choose a reason…</option>
            {REJECT_REASONS.map((value, i) => <option key={value} value={value}>{i + 1}. {labelOf("rejectReason", value)}</option>)}
          </select>
        </label>
        <FieldError state={feedback} name="reason" />
      </div>
      <div className="field-stack" style={{ flex: 1 }}>
        <label className="field">
          Note {decision.reason === "OTHER" ? "(required)" : "(optional)"}
          <input value={decision.note} onChange={(event) => decision.setNote(event.target.value)} maxLength={1000} {...feedback.control("note")} />
        </label>
        <FieldError state={feedback} name="note" />
      </div>
    </div>
  );
}

function DecisionButtons({ decision }: { decision: Decision }) {
  if (decision.mode === "reject") {
    return (
      <div className="form-actions">
        <button type="button" className="btn btn-danger" onClick={decision.reject}>Reject <kbd>Enter</kbd></button>
        <button type="button" className="btn" onClick={decision.cancel}>Cancel <kbd>Esc</kbd></button>
      </div>
    );
  }
  if (decision.mode === "edit") {
    return (
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={decision.approve}>Approve edited <kbd>Ctrl+Enter</kbd></button>
        <button type="button" className="btn" onClick={decision.cancel}>Cancel <kbd>Esc</kbd></button>
      </div>
    );
  }
  return (
    <div className="form-actions">
      <button type="button" className="btn btn-primary" onClick={decision.approve}>Approve <kbd>a</kbd></button>
      <button type="button" className="btn btn-danger" onClick={decision.startReject}>Reject <kbd>r</kbd></button>
      <button type="button" className="btn" onClick={decision.startEdit}>Edit <kbd>e</kbd></button>
      <button type="button" className="btn" onClick={decision.skip}>Skip <kbd>s</kbd></button>
    </div>
  );
}

function PatternSummary({ pattern, trend }: { pattern: NonNullable<SampleView["pattern"]>; trend: number[] }) {
  return (
    <section aria-label="Pattern">
      <h3>Pattern</h3>
      <Link href={`/patterns/${pattern.id}`} className="template">{pattern.actionTemplate}</Link>
      <div className="template faint">{pattern.errorTemplate}</div>
      <p style={{ marginTop: 6 }}><strong>{pattern.count.toLocaleString("en-US")}</strong> failures so far</p>
      <Sparkline values={trend} width={180} height={34} label="Failures per day, last 14 days" />
      <div className="faint">failures per day, 14 days</div>
    </section>
  );
}

function WhyHere({ sample }: { sample: SampleView }) {
  return (
    <section aria-label="Why this sample is here" style={{ marginTop: 12 }}>
      <h3>Why it is here</h3>
      <p className="muted">{sample.statusReason}</p>
      <p className="muted">{sample.gradeReason}</p>
      {sample.prescreenFactors.length > 0 ? (
        <>
          <h3>Pre-screen factors</h3>
          <ul className="factors">
            {sample.prescreenFactors.map((factor) => (
              <li key={factor.feature}><span>{factor.feature}</span><span className={factor.contribution >= 0 ? "pos" : "neg"}>{factor.contribution >= 0 ? "toward approve" : "toward reject"}</span></li>
            ))}
          </ul>
        </>
      ) : null}
      <p><Link href={`/interactions/${sample.interactionId}`}>Open the interaction</Link></p>
    </section>
  );
}
