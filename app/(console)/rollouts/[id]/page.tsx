import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { ArmCharts } from "@/components/rollouts/arm-charts";
import { stepFiguresOf } from "@/components/rollouts/arm-figures";
import { FiguresTable } from "@/components/rollouts/figures-table";
import { isLive, share, versionName } from "@/components/rollouts/format";
import { GateTimeline } from "@/components/rollouts/gate-timeline";
import { LiveRefresh } from "@/components/rollouts/live-refresh";
import { readExperimentSummary, readGateResult, readSnapshotState } from "@/components/rollouts/records";
import { RolloutActions } from "@/components/rollouts/rollout-actions";
import { RolloutFacts } from "@/components/rollouts/rollout-facts";
import { SnapshotList } from "@/components/rollouts/snapshot-list";
import { PageHead } from "@/components/ui/page-head";
import { can } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";
import { UserError } from "@/lib/server/errors";
import { listRollouts, rollbackPreview, rolloutDetail } from "@/lib/server/rollouts";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Rollout" };

function Section({ id, title, children, note }: { id: string; title: string; children: ReactNode; note?: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`} style={{ margin: 0 }}>{title}</h2>
        {note ? <span className="faint">{note}</span> : null}
      </div>
      {children}
    </section>
  );
}

export default async function RolloutPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("rollouts");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { rollout, gates, counts, snapshots } = await rolloutDetail(id).catch((error: unknown) => {
    if (error instanceof UserError && error.status === 404) notFound();
    throw error;
  });
  const [{ rollouts, agents }, settings, preview] = await Promise.all([listRollouts(rollout.agentId), getSettings(), rollbackPreview(rollout.agentId)]);
  const agent = agents.find((entry) => entry.id === rollout.agentId);
  const named = rollouts.find((entry) => entry.id === rollout.id);
  const view = { ...rollout, candidate: named?.candidate ?? rollout.candidateVersionId.slice(0, 8), baseline: named ? named.baseline : rollout.baselineVersionId?.slice(0, 8) ?? null };
  const agentName = agent?.name ?? "this agent";
  const live = isLive(rollout.status);
  const experiment = rollout.kind === "EXPERIMENT";
  const manage = can(user.role, "rollouts:manage");

  const figures = stepFiguresOf(rollout.steps, counts);
  const limits = {
    minInteractionsPerArm: settings["canary.minInteractionsPerArm"],
    minErrorReduction: settings["canary.minErrorReduction"],
    maxLatencyIncreaseMs: settings["canary.maxLatencyIncreaseMs"],
    maxCorrectionFailureRate: settings["breaker.correctionFailureRate"],
  };
  const gateEntries = gates.map((gate) => ({ id: gate.id, step: gate.step, percent: gate.percent, decision: gate.decision, action: gate.action, at: gate.at, result: readGateResult(gate.result), summary: readExperimentSummary(gate.result) }));
  const stepGate = gateEntries.find((gate) => gate.step === rollout.stepIndex)?.decision ?? null;
  const snapshotEntries = snapshots.map((snapshot) => ({ id: snapshot.id, reason: snapshot.reason, takenAt: snapshot.takenAt, restoredAt: snapshot.restoredAt, state: readSnapshotState(snapshot.state) }));
  // A rollback returns to the newest snapshot not yet restored; the preview holds today's state against it.
  const target = preview ? snapshotEntries.find((snapshot) => snapshot.restoredAt === null && snapshot.takenAt.getTime() === preview.takenAt.getTime()) ?? null : null;
  const now = {
    servingVersion: preview ? preview.servingVersion.now : agent?.stable ?? null,
    activeKnowledge: preview && target?.state ? target.state.enabledKnowledgeIds.length - preview.knowledgeOn + preview.knowledgeOff : null,
  };
  // From an ended rollout, a rollback only makes sense while it is the agent's latest.
  const canRollback = live || (rollout.status === "PROMOTED" && rollouts[0]?.id === rollout.id);

  return (
    <>
      <PageHead
        title={`${view.candidate} · ${agentName}`}
        description={<>{experiment ? "A/B experiment" : "Rollout"} of <span className="mono">{view.candidate}</span> against <span className="mono">{versionName(view.baseline)}</span>, {share(rollout.percent)} of traffic now.</>}
        actions={<Link className="btn" href="/rollouts">All rollouts</Link>}
      />
      <LiveRefresh scope={rollout.id} live={live} />
      <section className="panel" aria-label="Rollout status">
        <RolloutFacts rollout={view} showRevision />
        {manage && (live || canRollback) ? (
          <div style={{ marginTop: 12 }}>
            <RolloutActions
              rollout={{ id: rollout.id, agentId: rollout.agentId, kind: rollout.kind, status: rollout.status, percent: rollout.percent, steps: rollout.steps, stepIndex: rollout.stepIndex, revision: rollout.revision, candidate: view.candidate }}
              agentName={agentName}
              canRollback={canRollback}
              stepGate={stepGate}
            />
          </div>
        ) : null}
      </section>

      <Section id="arms" title="Arms" note={`Each arm needs ${limits.minInteractionsPerArm.toLocaleString("en-US")} interactions before ${experiment ? "the experiment's verdict can be more than insufficient data" : "a step's gate can pass"}.`}>
        {figures.length === 0 ? (
          <p className="muted">
            No interactions counted yet. Each interaction {agentName} sends to POST /api/v1/interactions while this rollout is live is counted for the arm
            whose version it names: the candidate&apos;s or the baseline&apos;s.
          </p>
        ) : (
          <>
            <ArmCharts figures={figures} limits={limits} gated={!experiment} currentStep={rollout.stepIndex} />
            <div style={{ marginTop: 12 }}>
              <FiguresTable figures={figures} />
            </div>
          </>
        )}
      </Section>

      <Section id="gates" title={experiment ? "Verdict" : "Gate decisions"} note="Newest first">
        {gateEntries.length === 0 ? (
          <p className="muted">
            {experiment
              ? "No verdict yet. The experiment concludes at its end with each arm's error rate, 95% intervals and a two-sided test."
              : `No gate judged yet. Each step's gate runs at the end of its ${rollout.windowMinutes} min window and decides: pass, fail, or wait for more data.`}
          </p>
        ) : (
          <GateTimeline gates={gateEntries} />
        )}
      </Section>

      <Section id="snapshots" title={`Snapshots of ${agentName}`} note="Taken before each start and promotion; a rollback restores the newest one not yet restored">
        {snapshotEntries.length === 0 ? (
          <p className="muted">No snapshots yet. One is taken when a rollout starts and before each promotion.</p>
        ) : (
          <SnapshotList snapshots={snapshotEntries} now={now} rollbackTarget={target?.id ?? null} />
        )}
      </Section>
    </>
  );
}
