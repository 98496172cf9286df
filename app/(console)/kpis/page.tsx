import Link from "next/link";
import { CostPanel } from "@/components/kpis/cost-panel";
import { ExportLinks } from "@/components/kpis/export-links";
import { KpiCard } from "@/components/kpis/kpi-card";
import { KpiFilters } from "@/components/kpis/kpi-filters";
import { Callouts, ConfidencePanel, InterventionsPanel, KpiTrendPanel, VersionPanel } from "@/components/kpis/kpi-panels";
import { filterParams } from "@/components/kpis/types";
import styles from "@/components/kpis/kpis.module.css";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { countOf } from "@/lib/domain/wording";
import { kpiQuerySchema } from "@/lib/schemas/kpis";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { storedInteractions } from "@/lib/server/interactions";
import page from "./page.module.css";
import { kpiReport } from "@/lib/server/kpis";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "KPIs" };

export default async function KpisPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("kpis");
  const query = parseSearchParams(kpiQuerySchema, await searchParams);
  const [report, settings, stored] = await Promise.all([kpiReport(query), getSettings(), storedInteractions()]);
  const { range, cards, cost } = report;
  const params = filterParams(query);
  const errorRate = cards.find((card) => card.key === "errorRate")!;
  const agentName = report.agents.find((agent) => agent.id === query.agent)?.name;
  const scope = [agentName ?? "all agents", query.version ? `version ${query.version}` : null].filter(Boolean).join(", ");

  return (
    <>
      <PageHead
        title="KPIs and cost"
        description={<>Is self-healing working, and what does it cost? {range.from} to {range.to} (UTC, {range.days.length} days), {scope}.</>}
        actions={<Link className="btn" href={hrefOf("/kpis/report", { ...params, period: query.from || query.to ? undefined : query.period ?? "7d" })}>Weekly report</Link>}
      />
      <KpiFilters basePath="/kpis" filter={query} defaultPeriod="30d" agents={report.agents} versions={report.versions} />

      <section aria-label="KPIs" className={`${styles.cards} ${page.fit}`}>
        {cards.map((card) => <KpiCard key={card.key} card={card} href={hrefOf(`/kpis/${card.key}`, params)} />)}
      </section>

      {errorRate.value === null ? (
        <EmptyState
          title={stored.count.value === 0 ? "No interactions to measure yet" : "No interactions in this period"}
          steps={stored.count.value > 0 ? undefined : [
            "Create an agent and an API key on the Agents page.",
            "The agent sends every interaction to POST /api/v1/interactions; failed ones carry an error_category, and latency_ms, model_version and remedy_id fill in the other KPIs.",
            "The charts below fill in from daily rollups as soon as interactions arrive. Targets and cost rates are on the Settings page.",
          ]}
        >
          {stored.count.value === 0
            ? "No interactions are stored yet."
            : <>
                {stored.count.exact ? countOf(stored.count.value, "interaction") : `About ${stored.count.value.toLocaleString("en-US")} interactions`} stored
                {stored.latestAt ? <>, the latest from <Time value={stored.latestAt} /></> : null}: {query.agent || query.version ? "none match these filters in this period. Widen the period or clear a filter." : "none in this period. Widen the period."}{" "}
                <Link href="/interactions">See them all</Link>
              </>}
        </EmptyState>
      ) : null}

      <div className="grid-2">
        <KpiTrendPanel card={errorRate} events={report.events} title="Error rate over time" />
        <VersionPanel days={range.days} versions={report.errorRateByVersion} target={errorRate.target} />
      </div>
      <div className="grid-2">
        <ConfidencePanel confidence={report.confidence} />
        <InterventionsPanel interventions={report.interventions} baseline={cost.baseline} />
      </div>
      <div className="grid-2">
        <div>
          <Callouts callouts={report.callouts} />
          <ExportLinks filter={query} epsilon={settings["privacy.exportEpsilon"]} />
        </div>
        <CostPanel cost={cost} filter={query} action="/kpis" />
      </div>
    </>
  );
}
