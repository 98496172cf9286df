import { randomInt } from "node:crypto";
import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import {
  dailyCounts,
  knowledgeConfidences,
  loopEvents,
  monthlyVolumes,
  operatorActionDays,
  remediationSeconds,
  reviewDays,
  safetyDays,
  servingAccuracies,
  servingAccuracyDays,
  type KpiScope,
} from "@/lib/db/kpis";
import { interventionSaving, monthlyCost } from "@/lib/domain/cost";
import {
  addedLatencyMs,
  confidenceHistogram,
  correctionSuccess,
  errorRate,
  errorTrendCallouts,
  KPI_DEFINITIONS,
  kpiStatus,
  noisyCount,
  quantile,
  ratio,
  reviewHoursPer1000,
  seriesOf,
  sumDays,
  type DayCounts,
  type KpiCard,
  type KpiKey,
} from "@/lib/domain/kpis";
import type { Settings } from "@/lib/domain/settings";
import type { KpiQuery } from "@/lib/schemas/kpis";
import { utcDateRange } from "@/lib/schemas/search-params";
import { getSettings } from "@/lib/server/settings";

const DAY_MS = 86_400_000;

function rangeOf(query: KpiQuery): { from: Date; to: Date; days: string[] } {
  let from: Date;
  let to: Date;
  if (query.from || query.to) {
    const range = utcDateRange(query.from, query.to);
    to = range.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    from = range.from ?? new Date(to.getTime() - 30 * DAY_MS);
  } else {
    const length = Number((query.period ?? "30d").replace("d", ""));
    to = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    from = new Date(to.getTime() - length * DAY_MS);
  }
  if (from >= to) from = new Date(to.getTime() - DAY_MS);
  const days: string[] = [];
  for (let t = from.getTime(); t < to.getTime() && days.length < 400; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return { from, to, days };
}

function targetOf(key: KpiKey, s: Settings): number {
  switch (key) {
    case "errorRate": return s["target.errorRate"];
    case "remediationSeconds": return s["target.errorToDeploySeconds"];
    case "correctionSuccess": return s["target.correctionSuccess"];
    case "addedLatencyMs": return s["target.addedLatencyMs"];
    case "distillationAccuracy": return s["target.distillationAccuracy"];
    case "reviewHoursPer1000": return s["target.reviewHoursPer1000"];
    case "safetyCompliance": return s["target.safetyCompliance"];
  }
}

/**
 * Everything the KPI pages show for a period and filters, from rollups and
 * small aggregates only (never a scan of raw interactions).
 */
export async function kpiReport(query: KpiQuery) {
  const settings = await getSettings();
  const prisma = await db();
  const { from, to, days } = rangeOf(query);
  const scope: KpiScope = { from, to, agentId: query.agent, version: storedVersion(query.version) };
  const previous = { from: new Date(from.getTime() - (to.getTime() - from.getTime())), to: from };
  const [versionDays, remediation, reviews, safety, serving, servedDays, confidences, operatorActions, events, volumes, agents] = await Promise.all([
    dailyCounts(prisma, scope),
    remediationSeconds(prisma, scope),
    reviewDays(prisma, scope),
    safetyDays(prisma, scope),
    servingAccuracies(prisma, query.agent),
    servingAccuracyDays(prisma, scope),
    knowledgeConfidences(prisma, previous.from, from, to, query.agent),
    operatorActionDays(prisma, scope),
    loopEvents(prisma, scope),
    monthlyVolumes(prisma, new Date(Date.now() - 30 * DAY_MS)),
    agentNames(prisma),
  ]);
  const counts = [...groupByDay(versionDays).values()];
  const byVersion = versionDays.map((row) => ({ day: row.day, version: row.version || NO_VERSION, total: row.total, failures: row.failures }));
  const total = sumDays(counts);
  const remediationByDay = new Map<string, number[]>();
  for (const row of remediation) remediationByDay.set(row.day, [...(remediationByDay.get(row.day) ?? []), row.seconds]);
  const reviewTotals = reviews.reduce((sum, row) => ({ seconds: sum.seconds + row.seconds, timed: sum.timed + row.timed, decisions: sum.decisions + row.decisions }), { seconds: 0, timed: 0, decisions: 0 });
  const safetyTotals = safety.reduce((sum, row) => ({ evaluated: sum.evaluated + row.evaluated, passed: sum.passed + row.passed }), { evaluated: 0, passed: 0 });

  const values: Record<KpiKey, { value: number | null; series: KpiCard["series"]; basis: string }> = {
    errorRate: { value: errorRate(total), series: seriesOf(days, counts, errorRate), basis: `${total.failures.toLocaleString("en-US")} failed of ${total.total.toLocaleString("en-US")} interactions` },
    remediationSeconds: {
      value: quantile(remediation.map((row) => row.seconds), 0.5),
      series: days.map((day) => ({ day, value: quantile(remediationByDay.get(day) ?? [], 0.5) })),
      basis: remediation.length === 0 ? "no knowledge became active in this period" : `${remediation.length.toLocaleString("en-US")} pattern(s); p95 ${Math.round(quantile(remediation.map((row) => row.seconds), 0.95)!).toLocaleString("en-US")} s`,
    },
    correctionSuccess: { value: correctionSuccess(total), series: seriesOf(days, counts, correctionSuccess), basis: total.correctionsApplied === 0 ? "no agent reported an applied remedy_id yet" : `${total.correctionsApplied - total.correctionsFailed} of ${total.correctionsApplied} applied remedies succeeded` },
    addedLatencyMs: { value: addedLatencyMs(total), series: seriesOf(days, counts, (row) => addedLatencyMs(row)), basis: total.remedyLatencyCount === 0 ? "needs interactions with and without an applied remedy, with latency_ms" : `${total.remedyLatencyCount.toLocaleString("en-US")} with a remedy against ${(total.latencyCount - total.remedyLatencyCount).toLocaleString("en-US")} without` },
    distillationAccuracy: {
      value: serving.length ? serving.reduce((a, b) => a + b, 0) / serving.length : null,
      // The value is what serves now; the trend is what served at each day's end, from the serving history.
      series: seriesOf(days, servedDays, (row) => row.accuracy),
      basis: serving.length === 0
        ? "no student model is serving yet (a rollout promotes one)"
        : `mean hold-out accuracy of the ${serving.length} model(s) serving now; the trend, of those serving at each day's end`,
    },
    reviewHoursPer1000: {
      value: reviewHoursPer1000(reviewTotals.seconds, reviewTotals.timed),
      series: seriesOf(days, reviews, (row) => reviewHoursPer1000(row.seconds, row.timed)),
      basis: reviewTotals.timed === 0 ? "no timed review decision in this period" : `${reviewTotals.timed} timed decisions (${reviewTotals.decisions} in all)`,
    },
    safetyCompliance: {
      value: ratio(safetyTotals.passed, safetyTotals.evaluated),
      series: seriesOf(days, safety, (row) => ratio(row.passed, row.evaluated)),
      basis: safetyTotals.evaluated === 0 ? "no candidate was evaluated in this period" : `${safetyTotals.passed} of ${safetyTotals.evaluated} candidates passed`,
    },
  };
  const cards: KpiCard[] = KPI_DEFINITIONS.map((definition) => {
    const target = targetOf(definition.key, settings);
    const { value, series, basis } = values[definition.key];
    return { ...definition, value, target, status: kpiStatus(value, target, definition.direction), series, basis };
  });

  const interventionsByDay = new Map<string, number>();
  for (const row of reviews) interventionsByDay.set(row.day, (interventionsByDay.get(row.day) ?? 0) + row.decisions);
  for (const row of operatorActions) interventionsByDay.set(row.day, (interventionsByDay.get(row.day) ?? 0) + row.actions);
  const interactionsByDay = new Map(counts.map((row) => [row.day, row.total]));
  const interventions = days.map((day) => {
    const per = ratio(interventionsByDay.get(day) ?? 0, interactionsByDay.get(day) ?? 0);
    return { day, value: per === null ? null : per * 1000, count: interventionsByDay.get(day) ?? 0 };
  });
  // The cost model is the installation's (hardware and API are paid once for all agents), so
  // the saving compares the installation's interventions of the last 30 days, whatever the filters.
  const currentPer1000 = (ratio(volumes.reviewed + volumes.operatorActions, volumes.interactions) ?? 0) * 1000;

  const rates = {
    hardwarePerMonth: settings["cost.hardwarePerMonth"],
    apiPerMonth: settings["cost.apiPerMonth"],
    reviewMinutesPerSample: settings["cost.reviewMinutesPerSample"],
    reviewerHourlyRate: settings["cost.reviewerHourlyRate"],
    distillationPerSample: settings["cost.distillationPerSample"],
  };
  const cost = monthlyCost(rates, { reviewedSamples: volumes.reviewed, distilledSamples: volumes.distilled });
  const saving = query.baseline === undefined ? null : interventionSaving(rates, query.baseline, currentPer1000, volumes.interactions);

  const callouts = [...errorTrendCallouts(values.errorRate.series, settings["target.errorRate"])];
  const review = cards.find((card) => card.key === "reviewHoursPer1000")!;
  if (review.status === "missed") callouts.push(`Review cost is above its target: ${review.value!.toFixed(2)} h per 1,000 samples (target < ${review.target} h).`);
  const versions = [...new Set(byVersion.map((row) => row.version))];
  for (const version of versions) {
    const rows = byVersion.filter((row) => row.version === version);
    const others = byVersion.filter((row) => row.version !== version);
    const mine = ratio(rows.reduce((a, r) => a + r.failures, 0), rows.reduce((a, r) => a + r.total, 0));
    const rest = ratio(others.reduce((a, r) => a + r.failures, 0), others.reduce((a, r) => a + r.total, 0));
    if (mine !== null && rest !== null && rest > 0 && mine > rest * 1.5 && rows.reduce((a, r) => a + r.total, 0) >= 100) {
      callouts.push(`Version ${version} fails more than the others: ${(mine * 100).toFixed(2)}% against ${(rest * 100).toFixed(2)}%.`);
    }
  }

  return {
    range: { from: from.toISOString().slice(0, 10), to: new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10), days },
    cards,
    errorRateByVersion: versions.map((version) => ({
      version,
      series: seriesOf(days, byVersion.filter((row) => row.version === version), (row) => ratio(row.failures, row.total)),
    })),
    events: events.map((event) => ({ day: event.at.toISOString().slice(0, 10), at: event.at.toISOString(), action: event.action })),
    confidence: { activation: settings["knowledge.activationConfidence"], now: confidenceHistogram(confidences.now), before: confidenceHistogram(confidences.before) },
    interventions,
    cost: { ...cost, volumes, rates, saving, currentPer1000, baseline: query.baseline ?? null },
    callouts,
    agents,
    versions,
  };
}

export type KpiReport = Awaited<ReturnType<typeof kpiReport>>;

/** Interactions sent without a model_version are stored with "" and listed as "(none)"; the filter takes either. */
const NO_VERSION = "(none)";
const storedVersion = (version: string | undefined) => (version === NO_VERSION ? "" : version);

/** Per-version day rows summed into one row per day. */
function groupByDay(rows: ReadonlyArray<DayCounts & { version: string }>): Map<string, DayCounts> {
  const days = new Map<string, DayCounts>();
  const keys = ["total", "failures", "latencySumMs", "latencyCount", "correctionsApplied", "correctionsFailed", "remedyLatencySumMs", "remedyLatencyCount"] as const;
  for (const row of rows) {
    let sum = days.get(row.day);
    if (!sum) {
      sum = { day: row.day, total: 0, failures: 0, latencySumMs: 0, latencyCount: 0, correctionsApplied: 0, correctionsFailed: 0, remedyLatencySumMs: 0, remedyLatencyCount: 0 };
      days.set(row.day, sum);
    }
    for (const key of keys) sum[key] += row[key];
  }
  return days;
}

/**
 * Every KPI series as CSV or JSON. With noise on (for sharing outside the
 * team) every count gets Laplace noise of scale 1/ε and the file states ε.
 */
export async function exportKpis(query: KpiQuery, format: "csv" | "json", noise: boolean) {
  const settings = await getSettings();
  const epsilon = settings["privacy.exportEpsilon"];
  const prisma = await db();
  const { from, to, days } = rangeOf(query);
  const byDay = groupByDay(await dailyCounts(prisma, { from, to, agentId: query.agent, version: storedVersion(query.version) }));
  const uniform = () => (randomInt(1, 2 ** 47) / 2 ** 47);
  const noisy = (value: number) => (noise ? noisyCount(value, epsilon, uniform()) : value);
  const rows = days.map((day) => {
    const row = byDay.get(day);
    const interactions = noisy(row?.total ?? 0);
    const failures = noisy(row?.failures ?? 0);
    const applied = noisy(row?.correctionsApplied ?? 0);
    const appliedFailed = noisy(row?.correctionsFailed ?? 0);
    return {
      day,
      interactions,
      failures,
      error_rate: ratio(failures, interactions),
      remedies_applied: applied,
      remedies_failed: appliedFailed,
      correction_success: ratio(applied - appliedFailed, applied),
    };
  });
  const note = noise ? `Counts carry Laplace noise of scale 1/ε with ε = ${epsilon} (differential privacy); rates are computed from the noisy counts.` : "Exact counts: for use inside the team.";
  const stamp = `${days[0]}_${days[days.length - 1]}`;
  if (format === "json") {
    return { body: JSON.stringify({ range: { from: days[0], to: days[days.length - 1] }, noise: noise ? { mechanism: "laplace", epsilon } : null, note, rows }, null, 2), type: "application/json", fileName: `remedy-kpis-${stamp}.json` };
  }
  const header = "day,interactions,failures,error_rate,remedies_applied,remedies_failed,correction_success";
  const lines = rows.map((row) => [row.day, row.interactions, row.failures, row.error_rate ?? "", row.remedies_applied, row.remedies_failed, row.correction_success ?? ""].join(","));
  return { body: [`# ${note}`, header, ...lines].join("\n") + "\n", type: "text/csv; charset=utf-8", fileName: `remedy-kpis-${stamp}.csv` };
}
