"use client";

import Link from "next/link";
import { useState, type ReactNode, type Ref, type RefObject } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { FieldError } from "@/components/ui/form-error";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { OTHER_FACTORS, scoreOfFactors, TYPICAL_SAMPLE } from "@/lib/domain/prescreen";
import { labelOf } from "@/lib/schemas/labels";
import { REJECT_REASONS, type PossiblePii, type RejectReason, type SampleInput, type SampleView } from "@/lib/schemas/review";
import styles from "./review.module.css";
import type { Decision } from "./use-decision";

/** Beyond this many characters or lines a field is shown clipped, with "show all". */
const LONG_CHARS = 600;
const LONG_LINES = 8;

/** The sample under review: what failed, its correction, the decision controls, and why it is here. */
export function SampleCard({ sample, position, decision, ref, reasonSelect }: {
  sample: SampleView;
  position: string;
  decision: Decision;
  ref: Ref<HTMLElement>;
  reasonSelect: RefObject<HTMLSelectElement | null>;
}) {
  return (
    <section ref={ref} tabIndex={-1} className={`panel sample-card ${styles.card}`} aria-label="Sample under review" data-sample-id={sample.id}>
      <SampleHeader sample={sample} position={position} />
      {sample.possiblePii.length > 0 ? <PossiblePiiWarning findings={sample.possiblePii} /> : null}
      <div className={styles.grid}>
        <div>
          <Failure sample={sample} />
          <h3>Correction {sample.edited ? <span className="badge">edited</span> : null}</h3>
          {decision.mode === "edit" ? (
            <CorrectionEditor decision={decision} />
          ) : (
            <Collapsible text={sample.output} label="correction">
              <p className="correction" data-testid="correction"><RedactedText text={sample.output} /></p>
            </Collapsible>
          )}
          {decision.mode === "reject" ? <RejectFields decision={decision} selectRef={reasonSelect} /> : null}
        </div>
        <div className={styles.side}>
          {sample.pattern ? <PatternSummary pattern={sample.pattern} trend={sample.trend} /> : null}
          <WhyHere sample={sample} />
        </div>
      </div>
      <DecisionButtons decision={decision} />
    </section>
  );
}

function SampleHeader({ sample, position }: { sample: SampleView; position: string }) {
  return (
    <div className={styles.head}>
      <div className={styles.badges}>
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

/** A warning, never the text: the firewall left these in place because it was not sure enough. */
function PossiblePiiWarning({ findings }: { findings: PossiblePii[] }) {
  return (
    <div className="alert alert-warn" role="note" aria-label="Possible personal data" data-testid="possible-pii">
      <strong>Possible personal data.</strong> The firewall scored{" "}
      {findings.map((finding, i) => (
        <span key={`${finding.field}-${finding.type}`}>
          {i > 0 ? (i === findings.length - 1 ? " and " : ", ") : null}
          {labelOf("piiType", finding.type)} in the {finding.field} at {finding.score.toFixed(2)}
        </span>
      ))}
      , below the redaction threshold, so it was kept. Check before approving; reject with &ldquo;personal data&rdquo; if it is.
    </div>
  );
}

/** Long text clipped to a few lines, with a button to show all of it. */
function Collapsible({ text, label, children }: { text: string; label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const long = text.length > LONG_CHARS || text.split("\n").length > LONG_LINES;
  if (!long) return <>{children}</>;
  return (
    <div>
      <div className={open ? undefined : styles.clipped} data-testid={`clip-${label}`}>{children}</div>
      <button type="button" className={styles.more} aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `Show less of the ${label}` : `Show all of the ${label} (${text.length.toLocaleString("en-US")} characters)`}
      </button>
    </div>
  );
}

function Failure({ sample }: { sample: SampleView }) {
  const input: SampleInput = sample.input;
  const response = JSON.stringify(input.api_response, null, 2) ?? "";
  return (
    <>
      <h3>Failure</h3>
      <dl className={styles.kv}>
        <dt>User intent</dt>
        <dd><Collapsible text={input.user_intent} label="user intent"><RedactedText text={input.user_intent} /></Collapsible></dd>
        <dt>Agent action</dt>
        <dd className="template"><Collapsible text={input.agent_action} label="agent action"><RedactedText text={input.agent_action} /></Collapsible></dd>
        <dt>API response</dt>
        <dd><Collapsible text={response} label="API response"><pre className={styles.pre}><RedactedText text={response} /></pre></Collapsible></dd>
        <dt>Retry strategy</dt><dd data-testid="retry-strategy">{sample.retryStrategy ?? <span className="faint">none</span>}</dd>
        <dt>Final outcome</dt><dd data-testid="final-outcome">{sample.finalOutcome}</dd>
        <dt>Model version</dt><dd data-testid="model-version">{sample.modelVersion || <span className="faint">not reported</span>}</dd>
        <dt>Happened</dt><dd><Time value={sample.occurredAt} /></dd>
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
      <div className={styles.actions} role="group" aria-label="Decision">
        <button type="button" className="btn btn-danger" onClick={decision.reject}>Reject <kbd>Enter</kbd></button>
        <button type="button" className="btn" onClick={decision.cancel}>Cancel <kbd>Esc</kbd></button>
      </div>
    );
  }
  if (decision.mode === "edit") {
    return (
      <div className={styles.actions} role="group" aria-label="Decision">
        <button type="button" className="btn btn-primary" onClick={decision.approve}>Approve edited <kbd>Ctrl+Enter</kbd></button>
        <button type="button" className="btn" onClick={decision.cancel}>Cancel <kbd>Esc</kbd></button>
      </div>
    );
  }
  return (
    <div className={styles.actions} role="group" aria-label="Decision">
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
      {sample.prescreenFactors.length > 0 && sample.prescreenScore !== null ? <PrescreenFactors factors={sample.prescreenFactors} score={sample.prescreenScore} /> : null}
      <p><Link href={`/interactions/${sample.interactionId}`}>Open the interaction</Link></p>
    </section>
  );
}

const signed = (value: number) => `${value >= 0 ? "+" : "\u2212"}${Math.abs(value).toFixed(2)}`;

/**
 * The pre-screen's score taken apart: additive log-odds from the typical sample, each
 * factor's signed contribution, and the total they come to, which is the score shown.
 */
function PrescreenFactors({ factors, score }: { factors: SampleView["prescreenFactors"]; score: number }) {
  // Explanations stored before contributions were additive list only the strongest few.
  const additive = factors[0]?.feature === TYPICAL_SAMPLE;
  const total = factors.reduce((sum, factor) => sum + factor.contribution, 0);
  return (
    <section aria-label="Pre-screen factors">
      <h3>Pre-screen {score.toFixed(2)}</h3>
      <p className="faint">Contributions in log-odds: positive toward approve, negative toward reject.</p>
      <ul className={styles.factors} data-testid="prescreen-factors">
        {factors.map((factor) => (
          <li key={factor.feature}>
            <span>{factor.feature === TYPICAL_SAMPLE ? "typical sample (start)" : factor.feature === OTHER_FACTORS ? "all other factors" : factor.feature}</span>
            <span className={`${styles.value} ${factor.contribution >= 0 ? styles.pos : styles.neg}`}>{signed(factor.contribution)}</span>
          </li>
        ))}
        {additive ? (
          <li className={styles.total} data-testid="prescreen-total">
            <span>total {signed(total)}</span>
            <span className={styles.value}>= score {scoreOfFactors(factors).toFixed(2)}</span>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
