import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { insertModelVersion, setServingModel } from "@/lib/db/models";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { exportKpis, kpiReport } from "@/lib/server/kpis";
import { recordAudit } from "@/lib/server/audit";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createUser } from "@/lib/server/users";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)("the KPI report on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let agentId: string;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "cost.hardwarePerMonth": 800, "cost.apiPerMonth": 300 });
    invalidateSettingsCache();
    agentId = (await createAgent(system, { name: `kpi-${backend}`, description: "" })).id;
    const key = (await issueApiKey(system, { agentId, label: "" })).key;
    const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, "0")}:00:00Z`;
    const remedy = "kn_3f0c2b1a-1111-4222-8333-444455556666.v2";
    // Yesterday: 100 interactions, 4 failed; 10 applied a remedy (1 failed) at 300 ms, the rest 100 ms.
    // Today: 50 interactions, 1 failed, no remedy, 100 ms.
    const items = [
      ...Array.from({ length: 100 }, (_, i) => interaction({
        timestamp: at(yesterday, 1 + (i % 20)), error_category: i < 4 ? "timeout" : null, api_response: i < 4 ? { error: "timeout" } : { ok: true },
        latency_ms: i >= 3 && i < 13 ? 300 : 100, ...(i >= 3 && i < 13 ? { remedy_id: remedy } : {}), correction: null,
      })),
      ...Array.from({ length: 50 }, (_, i) => interaction({ timestamp: at(today, 0), error_category: i === 0 ? "timeout" : null, api_response: { ok: i !== 0 }, latency_ms: 100, correction: null })),
    ];
    expect((await postInteractions(key, { interactions: items })).json.accepted).toBe(150);
    await database.prisma.$transaction(async (tx) => {
      for (const [version, safety] of [["a", "PASS"], ["b", "PASS"], ["c", "FAIL"]] as const) {
        await insertModelVersion(tx, { agentId, version, kind: "EXTERNAL", metrics: {}, holdOutAccuracy: 0.9, safetyStatus: safety, safetyReport: {} });
      }
    });
  });
  afterAll(() => close());

  it("answers each KPI from rollups, with its target and status", async () => {
    const report = await kpiReport({ period: "7d", agent: agentId });
    const card = (key: string) => report.cards.find((c) => c.key === key)!;
    expect(card("errorRate")).toMatchObject({ target: 0.02, status: "missed", basis: "5 failed of 150 interactions" });
    expect(card("errorRate").value).toBeCloseTo(5 / 150, 12);
    expect(card("errorRate").series.filter((p) => p.value !== null).map((p) => [p.day, p.value])).toEqual([[yesterday, 0.04], [today, 0.02]]);
    expect(card("correctionSuccess").value).toBeCloseTo(9 / 10, 12);
    // 300 ms with a remedy against (100 × 90 + 50 × 100) / 140 = 100 ms without.
    expect(card("addedLatencyMs").value).toBeCloseTo(200, 9);
    expect(card("addedLatencyMs").status).toBe("missed");
    expect(card("safetyCompliance").value).toBeCloseTo(2 / 3, 12);
    expect(card("distillationAccuracy")).toMatchObject({ value: null, status: "no_data" });
    expect(card("reviewHoursPer1000")).toMatchObject({ value: null, status: "no_data", basis: "no timed review decision in this period" });
    expect(report.range.days).toHaveLength(7);
    expect(report.cost.formula).toMatch(/^\$800\.00 hardware \+ \$300\.00 API \+ 0 samples/);
    expect(report.cost.total).toBe(1100);
  });

  it("charts distillation accuracy from what served at each day's end (the serving history)", async () => {
    const served = await createAgent(system, { name: `kpi-served-${backend}`, description: "" });
    const dayAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await database.prisma.$transaction(async (tx) => {
      const a = await insertModelVersion(tx, { agentId: served.id, version: "a", kind: "EXTERNAL", metrics: {}, holdOutAccuracy: 0.8, safetyStatus: "PASS", safetyReport: {} });
      const b = await insertModelVersion(tx, { agentId: served.id, version: "b", kind: "EXTERNAL", metrics: {}, holdOutAccuracy: 0.95, safetyStatus: "PASS", safetyReport: {} });
      await setServingModel(tx, served.id, a.id);
      await setServingModel(tx, served.id, a.id); // no change, no history row
      await setServingModel(tx, served.id, b.id);
      // Back-date the two changes: a from three days ago, b from yesterday noon.
      const changes = await tx.servingChange.findMany({ where: { agentId: served.id }, orderBy: { id: "asc" } });
      expect(changes.map((change) => change.modelVersionId)).toEqual([a.id, b.id]);
      await tx.servingChange.update({ where: { id: changes[0].id }, data: { startedAt: new Date(`${dayAgo(3)}T08:00:00Z`) } });
      await tx.servingChange.update({ where: { id: changes[1].id }, data: { startedAt: new Date(`${dayAgo(1)}T12:00:00Z`) } });
    });
    const card = (await kpiReport({ period: "7d", agent: served.id })).cards.find((c) => c.key === "distillationAccuracy")!;
    expect(card.value).toBeCloseTo(0.95, 12);
    expect(card.series.map((point) => [point.day, point.value])).toEqual([
      [dayAgo(6), null], [dayAgo(5), null], [dayAgo(4), null], [dayAgo(3), 0.8], [dayAgo(2), 0.8], [dayAgo(1), 0.95], [dayAgo(0), 0.95],
    ]);
    expect(card.basis).toMatch(/serving at each day's end/);
  });

  it("scopes interventions and loop-event markers to the filtered agent, and filters interactions sent without a version", async () => {
    const other = await createAgent(system, { name: `kpi-other-${backend}`, description: "" });
    const otherKey = (await issueApiKey(system, { agentId: other.id, label: "" })).key;
    const unversioned = Array.from({ length: 3 }, (_, i) => ({ ...interaction({ error_category: i === 0 ? "timeout" : null, correction: null }), model_version: undefined }));
    expect((await postInteractions(otherKey, { interactions: unversioned })).json.accepted).toBe(3);
    const { user } = await createUser(system, { email: `kpi-operator-${backend}@example.com`, role: "OPERATOR", password: "kpi-operator-passphrase" });
    const operator: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "OPERATOR" } };
    await database.prisma.$transaction((tx) => recordAudit(tx, operator, { action: "rollout.rollback", targetType: "agent", targetId: other.id, after: {} }));

    const mine = await kpiReport({ period: "7d", agent: agentId });
    expect(mine.events).toEqual([]);
    expect(mine.interventions.reduce((sum, day) => sum + day.count, 0)).toBe(0);
    const theirs = await kpiReport({ period: "7d", agent: other.id });
    expect(theirs.events.map((event) => event.action)).toEqual(["rollout.rollback"]);
    expect(theirs.interventions.reduce((sum, day) => sum + day.count, 0)).toBe(1);
    expect(theirs.versions).toEqual(["(none)"]);
    const none = await kpiReport({ period: "7d", agent: other.id, version: "(none)" });
    expect(none.cards.find((c) => c.key === "errorRate")).toMatchObject({ basis: "1 failed of 3 interactions" });
    // The saving is the installation's: the same whatever the filter.
    expect(theirs.cost.currentPer1000).toBe(mine.cost.currentPer1000);
    expect(mine.cost.volumes.operatorActions).toBeGreaterThanOrEqual(1);
  });

  it("exports the series with exact counts, or with Laplace noise stating ε", async () => {
    const exact = await exportKpis({ period: "7d", agent: agentId }, "csv", false);
    const lines = exact.body.trim().split("\n");
    expect(lines[0]).toBe("# Exact counts: for use inside the team.");
    expect(lines[1]).toBe("day,interactions,failures,error_rate,remedies_applied,remedies_failed,correction_success");
    const rows = lines.slice(2).map((line) => line.split(","));
    expect(rows.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(150);
    expect(rows.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(5);
    const noisy = JSON.parse((await exportKpis({ period: "7d", agent: agentId }, "json", true)).body);
    expect(noisy.noise).toEqual({ mechanism: "laplace", epsilon: 1 });
    expect(noisy.note).toContain("ε = 1");
  });
});
