import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRouteHandler } from "@/app/api/v1/route/route";
import type { Database } from "@/lib/db/client";
import { insertModelVersion, setServingModel } from "@/lib/db/models";
import { bumpServingVersion } from "@/lib/db/serving";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { routeFor } from "@/lib/server/remedy";
import { concludeExperiment, startExperiment } from "@/lib/server/rollouts/experiments";
import { evaluateRolloutGate } from "@/lib/server/rollouts/gate";
import { pauseRollout, promoteRollout, resumeRollout, rollbackAgent, rolloutDetail, startRollout } from "@/lib/server/rollouts";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { within } from "../helpers/agent-api";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const operator: RequestContext = { actor: { type: "USER", id: "00000000-0000-4000-8000-0000000000aa", email: "ops@example.com", role: "OPERATOR" } };
const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };
const KEYS = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);
/**
 * How far a share over 10,000 hashed keys may stray from its percentage: four
 * standard deviations of a binomial share (0.87 points at 5%, 2 at 50%). Each
 * rollout has a random id, so each run draws a fresh assignment.
 */
const tolerance = (percent: number) => 4 * Math.sqrt((percent / 100) * (1 - percent / 100) / KEYS.length) * 100;

describe.each(BACKENDS)("progressive rollout on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let agentId: string;
  let key: string;
  const versions: Record<string, string> = {};

  async function version(name: string, safety: "PASS" | "FAIL" = "PASS") {
    const row = await database.prisma.$transaction((tx) => insertModelVersion(tx, {
      agentId, version: name, kind: "EXTERNAL", artifactUri: `s3://models/${name}`, metrics: {}, holdOutAccuracy: 0.95, safetyStatus: safety, safetyReport: {},
    }));
    versions[name] = row.id;
    return row.id;
  }

  /** n interactions of one version, `failed` of them failing, each `latency` ms; `remedy` applied on the first `applied`. */
  async function traffic(modelVersion: string, n: number, failed: number, options: { latency?: number; remedy?: string; applied?: number } = {}) {
    const items = Array.from({ length: n }, (_, i) => interaction({
      model_version: modelVersion,
      error_category: i < failed ? "timeout" : null,
      api_response: i < failed ? { error: "upstream timeout" } : { ok: true },
      latency_ms: options.latency ?? 100,
      correction: null,
      ...(options.remedy && i < (options.applied ?? 0) ? { remedy_id: options.remedy } : {}),
    }));
    for (let i = 0; i < items.length; i += 1000) expect((await postInteractions(key, { interactions: items.slice(i, i + 1000) })).json.accepted).toBe(Math.min(1000, items.length - i));
  }

  const candidateShare = async () => {
    let candidates = 0;
    for (const k of KEYS) if ((await routeFor(agentId, k)).arm === "candidate") candidates += 1;
    return (candidates / KEYS.length) * 100;
  };

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 2, "canary.minInteractionsPerArm": 300, "canary.windowMinutes": 30 });
    invalidateSettingsCache();
    agentId = (await createAgent(system, { name: `rolled-${backend}`, description: "" })).id;
    key = (await issueApiKey(system, { agentId, label: "" })).key;
    await version("v1");
    await database.prisma.$transaction(async (tx) => {
      await setServingModel(tx, agentId, versions.v1);
      await bumpServingVersion(tx);
    });
  });
  afterAll(() => close());

  it("refuses a candidate that failed safety", async () => {
    await expect(startRollout(operator, { candidateVersionId: await version("unsafe", "FAIL"), autoPromote: true, onFail: "PAUSE" })).rejects.toThrow(/did not pass its safety evaluation/);
  });

  it("a better candidate passes each step's gate and is promoted to stable; keys keep their arm", async () => {
    const rollout = await startRollout(operator, { candidateVersionId: await version("v2"), autoPromote: true, onFail: "ROLLBACK" });
    expect(rollout).toMatchObject({ percent: 5, steps: [5, 25, 50, 100], status: "RUNNING" });
    const gate = await database.prisma.job.findFirstOrThrow({ where: { kind: "rollout.gate", status: "QUEUED" } });
    expect(gate.runAt.getTime() - gate.createdAt.getTime()).toBeGreaterThan(29 * 60_000);

    await within(1_000, () => routeFor(agentId, "x"), (r) => r.rollout_id === rollout.id);
    const share5 = await candidateShare();
    expect(Math.abs(share5 - 5)).toBeLessThanOrEqual(tolerance(5));
    const early = KEYS.filter((_, i) => i < 2000);
    const earlyCandidates: string[] = [];
    for (const k of early) if ((await routeFor(agentId, k)).arm === "candidate") earlyCandidates.push(k);
    const viaHttp = await getRouteHandler(new NextRequest(`http://localhost/api/v1/route?key=${earlyCandidates[0]}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
    expect(await viaHttp.json()).toEqual({ version: "v2", arm: "candidate", rollout_id: rollout.id });

    for (const [step, next] of [[0, 25], [1, 50], [2, null]] as const) {
      // Baseline 10% errors, candidate 5%: half the errors, significant, same latency.
      await traffic("v1", 1000, 100);
      await traffic("v2", 1000, 50);
      const current = (await rolloutDetail(rollout.id)).rollout;
      expect(current.stepIndex).toBe(step);
      const result = await evaluateRolloutGate(system, { rolloutId: rollout.id, stepIndex: step, revision: current.revision });
      expect(result).toMatchObject({ decision: "PASS" });
      if (next !== null) {
        // Every process's index follows within a second.
        await within(1_000, candidateShare, (share) => Math.abs(share - next) <= tolerance(next));
        for (const k of earlyCandidates) expect((await routeFor(agentId, k)).arm).toBe("candidate");
      }
    }
    const done = await rolloutDetail(rollout.id);
    expect(done.rollout.status).toBe("PROMOTED");
    expect(done.gates.map((g) => [g.decision, g.action])).toEqual([["PASS", "promoted to stable"], ["PASS", "promoted to 50%"], ["PASS", "promoted to 25%"]]);
    expect(done.counts.filter((row) => row.step === 0).map((row) => [row.arm, row.outcome.interactions, row.outcome.failures])).toEqual([["baseline", 1000, 100], ["candidate", 1000, 50]]);
    const route = await within(1_000, () => routeFor(agentId, "anyone"), (r) => r.version === "v2" && r.rollout_id === null);
    expect(route.value.arm).toBe("baseline");

    // Rollback even after the full promotion: v1 serves again, within a second.
    const restored = await rollbackAgent(operator, { agentId });
    expect(restored.servingVersion).toBe("v1");
    const back = await within(1_000, () => routeFor(agentId, "anyone"), (r) => r.version === "v1");
    expect(back.ms).toBeLessThan(1_000);
    expect((await rolloutDetail(rollout.id)).rollout.status).toBe("ROLLED_BACK");
  });

  it("a worse candidate fails its gate and is rolled back; too little data extends the window", async () => {
    const rollout = await startRollout(operator, { candidateVersionId: await version("v3"), autoPromote: true, onFail: "ROLLBACK" });
    // Ingestion counts arms once its process's index holds the rollout (within a second).
    await within(1_000, () => routeFor(agentId, "k"), (r) => r.rollout_id === rollout.id);
    await traffic("v1", 100, 10);
    await traffic("v3", 100, 30);
    const thin = await evaluateRolloutGate(system, { rolloutId: rollout.id, stepIndex: 0, revision: rollout.revision });
    expect(thin).toEqual({ decision: "INSUFFICIENT_DATA", action: "window extended" });
    const extended = (await rolloutDetail(rollout.id)).rollout;
    expect(extended.statusReason).toBe("insufficient data: the window was extended");
    // The stale job of the old revision does nothing.
    expect(await evaluateRolloutGate(system, { rolloutId: rollout.id, stepIndex: 0, revision: rollout.revision })).toHaveProperty("skipped");

    await traffic("v1", 400, 40);
    await traffic("v3", 400, 120);
    const result = await evaluateRolloutGate(system, { rolloutId: rollout.id, stepIndex: 0, revision: extended.revision });
    expect(result).toEqual({ decision: "FAIL", action: "rolled back" });
    const detail = await rolloutDetail(rollout.id);
    expect(detail.rollout).toMatchObject({ status: "ROLLED_BACK", percent: 0 });
    const failed = detail.gates[0].result as { checks: Array<{ rule: string; passed: boolean | null; detail: string }> };
    expect(failed.checks.find((check) => check.rule === "error_rate")).toMatchObject({ passed: false });
    await within(1_000, () => candidateShare(), (share) => share === 0);
    expect((await routeFor(agentId, "k")).version).toBe("v1");
  });

  it("promote and rollback racing: one wins, the other is told the rollout changed", async () => {
    const rollout = await startRollout(operator, { candidateVersionId: await version("v4"), autoPromote: false, onFail: "PAUSE" });
    const outcomes = await Promise.allSettled([
      promoteRollout(operator, { rolloutId: rollout.id, revision: rollout.revision }),
      rollbackAgent(operator, { agentId, revision: rollout.revision }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason.message)).toMatch(/changed since you loaded it|already ended/);
    const final = (await rolloutDetail(rollout.id)).rollout;
    expect(["RUNNING", "ROLLED_BACK"]).toContain(final.status);
    if (final.status === "RUNNING") await rollbackAgent(operator, { agentId });
  });

  it("pause holds traffic and gates; resume restarts the step's window", async () => {
    const rollout = await startRollout(operator, { candidateVersionId: await version("v5"), autoPromote: false, onFail: "PAUSE" });
    const paused = await pauseRollout(operator, { rolloutId: rollout.id, revision: rollout.revision });
    expect(paused).toMatchObject({ status: "PAUSED", percent: 5 });
    expect(await evaluateRolloutGate(system, { rolloutId: rollout.id, stepIndex: 0, revision: paused.revision })).toHaveProperty("skipped");
    await expect(pauseRollout(operator, { rolloutId: rollout.id })).rejects.toThrow(/Only a running rollout/);
    const resumed = await resumeRollout(operator, { rolloutId: rollout.id, revision: paused.revision });
    expect(resumed.status).toBe("RUNNING");
    await rollbackAgent(operator, { agentId });
  });

  it("an A/B experiment holds its split, refuses promotion, and concludes with a verdict and intervals", async () => {
    const experiment = await startExperiment(operator, { candidateVersionId: await version("v7"), splitPercent: 50, durationHours: 24 * 7 });
    expect(experiment).toMatchObject({ kind: "EXPERIMENT", percent: 50, status: "RUNNING" });
    const conclusion = await database.prisma.job.findFirstOrThrow({ where: { kind: "experiment.conclude", status: "QUEUED" } });
    expect(conclusion.runAt.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    await within(1_000, candidateShare, (share) => Math.abs(share - 50) <= tolerance(50));
    await expect(promoteRollout(operator, { rolloutId: experiment.id })).rejects.toThrow(/holds its split/);
    await traffic("v1", 1000, 100);
    await traffic("v7", 1000, 70);
    const result = await concludeExperiment(system, experiment.id);
    expect(result).toMatchObject({ verdict: "candidate_better" });
    expect(result.summary).toBe("error rate 10.00% (baseline) vs 7.00% (candidate), p = 0.0162");
    const detail = await rolloutDetail(experiment.id);
    expect(detail.rollout).toMatchObject({ status: "CONCLUDED", percent: 0 });
    expect(detail.gates[0].action).toBe("experiment concluded: candidate better");
    await within(1_000, candidateShare, (share) => share === 0);
    // The stable version never changed.
    expect((await routeFor(agentId, "k")).version).toBe("v1");
  });

  it("the circuit breaker takes a failing candidate's traffic to 0% within one batch", async () => {
    const rollout = await startRollout(operator, { candidateVersionId: await version("v6"), autoPromote: false, onFail: "PAUSE" });
    await within(1_000, () => routeFor(agentId, "k"), (r) => r.rollout_id === rollout.id);
    const remedy = `mv_${versions.v6}`;
    // 19 applied with 10 failing: not judged yet (fewer than 20 applied).
    await traffic("v6", 19, 10, { remedy, applied: 19 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rolloutDetail(rollout.id)).rollout.percent).toBe(5);
    const started = Date.now();
    await traffic("v6", 1, 1, { remedy, applied: 1 });
    const { value } = await within(2_000, () => rolloutDetail(rollout.id), (d) => d.rollout.percent === 0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(value.rollout.status).toBe("PAUSED");
    expect(value.rollout.statusReason).toMatch(/^circuit breaker: 11 of the last 20 applied corrections failed \(55\.0%\)$/);
    await within(1_000, () => candidateShare(), (share) => share === 0);
    const trips = await database.prisma.breakerTrip.findMany({ where: { capability: remedy } });
    expect(trips).toHaveLength(1);
    // Another failing batch trips nothing more: the capability is already off.
    await traffic("v6", 5, 5, { remedy, applied: 5 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await database.prisma.breakerTrip.count({ where: { capability: remedy } })).toBe(1);
    await expect(resumeRollout(operator, { rolloutId: rollout.id })).rejects.toThrow(/circuit breaker/);
  });
});
