import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { RunStatusBadge, SafetyBadge } from "@/components/distillation/badges";
import { Calibration } from "@/components/distillation/calibration";
import { CancelRunButton } from "@/components/distillation/cancel-run-button";
import { ConfusionMatrix } from "@/components/distillation/confusion-matrix";
import { dollars, whole } from "@/components/distillation/format";
import { MetricTiles } from "@/components/distillation/metric-tiles";
import { RunProgress } from "@/components/distillation/run-progress";
import { RunSamples } from "@/components/distillation/run-samples";
import { RunScope } from "@/components/distillation/run-scope";
import { SafetyReport } from "@/components/distillation/safety-report";
import { SandboxReport } from "@/components/distillation/sandbox-report";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";
import { runDetail } from "@/lib/server/distillation";
import { UserError } from "@/lib/server/errors";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Distillation run" };

const SECTIONS = [
  ["figures", "Figures"],
  ["safety", "Safety report"],
  ["sandbox", "Sandbox replay"],
  ["confusion", "Confusion matrix"],
  ["calibration", "Calibration"],
  ["samples", "Samples used"],
] as const;

function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`} style={{ margin: 0 }}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("distillation");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [{ run, samples }, settings] = await Promise.all([
    runDetail(id).catch((error: unknown) => {
      if (error instanceof UserError && error.status === 404) notFound();
      throw error;
    }),
    getSettings(),
  ]);
  const canRun = can(user.role, "distillation:run");
  const live = run.status === "QUEUED" || run.status === "RUNNING";
  const { metrics, modelVersion } = run;
  const succeeded = run.status === "SUCCEEDED" && metrics !== null;
  const datasets = canRun && succeeded ? [
    { format: "openai", label: "OpenAI chat JSONL", help: "One conversation per sample: a system prompt, the failure context as the user turn, the approved correction as the assistant's." },
    { format: "remedy", label: "Remedy JSONL", help: "Each sample as stored: its input, correction, confidence, pattern and split (training or hold-out)." },
  ] : [];

  return (
    <>
      <PageHead
        title={`Run ${run.id.slice(0, 8)} · ${run.agent.name}`}
        description={
          <>
            <RunStatusBadge status={run.status} testId="run-status" />{" "}
            {modelVersion ? <>model version <span className="mono">{modelVersion.version}</span> <SafetyBadge status={modelVersion.safetyStatus} /> · </> : null}
            {run.finishedAt ? <>finished <Time value={run.finishedAt} /></> : <>queued <Time value={run.createdAt} /></>}
          </>
        }
        actions={
          <>
            <Link className="btn" href="/distillation">All runs</Link>
            <Link className="btn" href={`/distillation/compare?a=${run.id}`}>Compare with another run</Link>
            {canRun && live ? <CancelRunButton runId={run.id} status={run.status} /> : null}
          </>
        }
      />

      {live ? (
        <section className="panel" aria-label="Progress">
          <h2>{run.status === "QUEUED" ? "Waiting to start" : "Training"}</h2>
          <RunProgress runId={run.id} initial={{ status: run.status, progress: run.progress, progressNote: run.progressNote, failureReason: run.failureReason }} />
          <p className="faint" style={{ marginTop: 8 }}>The page shows the figures as soon as the run ends; you can leave it and come back.</p>
        </section>
      ) : null}
      {run.status === "FAILED" || run.status === "CANCELLED" ? (
        <div className="alert alert-error run-reason">
          <strong>{run.status === "FAILED" ? "This run failed." : "This run was cancelled."}</strong> {run.failureReason ?? "No reason was recorded."}
          {run.status === "FAILED" && canRun ? <div className="muted" style={{ marginTop: 4 }}>Nothing was stored. Fix the cause, then start a new run from <Link href="/distillation">Distillation</Link>.</div> : null}
        </div>
      ) : null}

      {succeeded ? (
        <>
          <nav className="section-nav" aria-label="Sections">
            {SECTIONS.map(([anchor, label]) => <a key={anchor} href={`#${anchor}`}>{label}</a>)}
            {datasets.length > 0 ? <a href="#dataset">Dataset</a> : null}
          </nav>
          <Section id="figures" title="Figures">
            <MetricTiles metrics={metrics} accuracyTarget={settings["target.distillationAccuracy"]} />
          </Section>
          <div className="grid-2">
            <Section id="safety" title="Safety report">
              {modelVersion ? <SafetyReport report={modelVersion.safetyReport} version={modelVersion.version} /> : <p className="muted">No model version was stored for this run.</p>}
            </Section>
            <div>
              <Section id="sandbox" title="Sandbox replay">
                <SandboxReport sandbox={modelVersion?.sandbox ?? null} />
              </Section>
              <section className="panel" aria-label="Scope">
                <h2>Scope</h2>
                <RunScope run={run} />
              </section>
            </div>
          </div>
          <Section id="confusion" title="Confusion matrix" actions={<span className="faint">{whole(metrics.holdOutCount)} held-out samples; rows actual, columns predicted</span>}>
            <ConfusionMatrix labels={metrics.labels} confusion={metrics.confusion} />
          </Section>
          <Section id="calibration" title="Calibration">
            <Calibration bins={metrics.calibration} ece={metrics.expectedCalibrationError} />
          </Section>
          <Section id="samples" title="Samples used">
            <RunSamples samples={samples} total={run.sampleCount} />
          </Section>
          {datasets.length > 0 ? (
            <Section id="dataset" title="Dataset">
              <p className="muted">The run’s {whole(run.sampleCount)} samples, redacted as they were ingested, for training elsewhere. Each download is recorded in the audit log.</p>
              <ul className="downloads">
                {datasets.map((dataset) => (
                  <li key={dataset.format}>
                    <a className="btn" href={`/api/distillation/${run.id}/dataset?format=${dataset.format}`} download>Download {dataset.label}</a>
                    <span className="muted">{dataset.help}</span>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
        </>
      ) : (
        <section className="panel" aria-label="Scope">
          <h2>Scope</h2>
          <RunScope run={run} />
          <p className="faint" style={{ marginTop: 8 }}>Estimated cost when it started: {dollars(run.estimatedCost)}.</p>
        </section>
      )}
    </>
  );
}
