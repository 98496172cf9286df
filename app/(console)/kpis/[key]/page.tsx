import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTarget, formatValue, unitNote } from "@/components/kpis/format";
import { KpiFilters } from "@/components/kpis/kpi-filters";
import { KpiTrendPanel } from "@/components/kpis/kpi-panels";
import { StatusBadge } from "@/components/kpis/status-badge";
import { filterParams } from "@/components/kpis/types";
import styles from "@/components/kpis/kpis.module.css";
import { PageHead } from "@/components/ui/page-head";
import { KPI_DEFINITIONS } from "@/lib/domain/kpis";
import { kpiQuerySchema } from "@/lib/schemas/kpis";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { kpiReport } from "@/lib/server/kpis";

export const metadata = { title: "KPI" };

export default async function KpiPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("kpis");
  const { key } = await params;
  if (!KPI_DEFINITIONS.some((definition) => definition.key === key)) notFound();
  const query = parseSearchParams(kpiQuerySchema, await searchParams);
  const report = await kpiReport(query);
  const card = report.cards.find((entry) => entry.key === key)!;
  const { range } = report;
  const agentName = report.agents.find((agent) => agent.id === query.agent)?.name;
  const scope = [agentName ?? "all agents", query.version ? `version ${query.version}` : null].filter(Boolean).join(", ");
  const note = unitNote(card.unit);

  return (
    <>
      <PageHead
        title={card.label}
        description={<>{range.from} to {range.to} (UTC, {range.days.length} days), {scope}.</>}
        actions={<Link className="btn" href={hrefOf("/kpis", filterParams(query))}>All KPIs</Link>}
      />
      <KpiFilters basePath={`/kpis/${card.key}`} filter={query} defaultPeriod="30d" agents={report.agents} versions={report.versions} />
      <section className="panel" aria-label="This KPI">
        <dl className={styles.detailFacts}>
          <dt>Value</dt>
          <dd>
            <span className={styles.bigValue} data-testid={`kpi-value-${card.key}`}>{formatValue(card.value, card.unit, card.key)}</span>
            {note && card.value !== null ? <span className="muted"> {note}</span> : null} <StatusBadge status={card.status} />
          </dd>
          <dt>Target</dt><dd>{formatTarget(card.target, card.unit, card.direction, card.key)} <span className="faint">(set on the Settings page)</span></dd>
          <dt>How it is measured</dt><dd>{card.how}</dd>
          <dt>What it rests on</dt><dd>{card.basis}</dd>
        </dl>
      </section>
      <KpiTrendPanel card={card} events={card.key === "errorRate" ? report.events : []} height={300} />
    </>
  );
}
