import Link from "next/link";
import { CostPanel } from "@/components/kpis/cost-panel";
import { formatTarget, formatValue, unitNote } from "@/components/kpis/format";
import { KpiFilters } from "@/components/kpis/kpi-filters";
import { Callouts, ConfidencePanel, InterventionsPanel, KpiTrendPanel } from "@/components/kpis/kpi-panels";
import { PrintButton } from "@/components/kpis/print-button";
import { StatusBadge } from "@/components/kpis/status-badge";
import { filterParams } from "@/components/kpis/types";
import styles from "@/components/kpis/kpis.module.css";
import { kpiQuerySchema } from "@/lib/schemas/kpis";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { kpiReport } from "@/lib/server/kpis";

export const metadata = { title: "Weekly KPI report" };

/** Charts are drawn at a fixed width so that what prints is what the screen shows. */
const CHART_WIDTH = 700;

export default async function KpiReportPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("kpis");
  const parsed = parseSearchParams(kpiQuerySchema, await searchParams);
  const query = { ...parsed, period: parsed.from || parsed.to ? parsed.period : parsed.period ?? "7d" };
  const report = await kpiReport(query);
  const { range, cards } = report;
  const errorRate = cards.find((card) => card.key === "errorRate")!;
  const agentName = report.agents.find((agent) => agent.id === query.agent)?.name;
  const scope = [agentName ?? "all agents", query.version ? `version ${query.version}` : null].filter(Boolean).join(", ");
  const generated = new Date().toISOString().slice(0, 16).replace("T", " ");

  return (
    <div className={styles.report}>
      <header className={styles.reportHead}>
        <div>
          <h1>{range.days.length === 7 ? "Weekly KPI report" : "KPI report"}</h1>
          <p>{range.from} to {range.to} (UTC, {range.days.length} days), {scope}. Generated {generated} UTC.</p>
        </div>
        <div className={`form-row ${styles.reportActions} ${styles.noPrint}`}>
          <Link className="btn" href={hrefOf("/kpis", filterParams(query))}>Back to KPIs</Link>
          <PrintButton />
        </div>
      </header>
      <div className={styles.noPrint}>
        <KpiFilters basePath="/kpis/report" filter={query} defaultPeriod="7d" agents={report.agents} versions={report.versions} />
      </div>

      <section className="panel" aria-label="KPIs">
        <h2>KPIs against their targets</h2>
        <div className="table-wrap">
          <table className={`data ${styles.reportTable}`} aria-label="KPIs against their targets">
            <thead>
              <tr><th scope="col">KPI</th><th scope="col" className="num">Value</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">What it rests on</th></tr>
            </thead>
            <tbody>
              {cards.map((card) => (
                <tr key={card.key}>
                  <th scope="row">{card.label}</th>
                  <td className="num nowrap">{formatValue(card.value, card.unit, card.key)}{card.value !== null && unitNote(card.unit) ? ` ${unitNote(card.unit)}` : ""}</td>
                  <td className="nowrap">{formatTarget(card.target, card.unit, card.direction, card.key)}</td>
                  <td><StatusBadge status={card.status} /></td>
                  <td className="muted">{card.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <Callouts callouts={report.callouts} />
      <KpiTrendPanel card={errorRate} events={report.events} title="Error rate over time" width={CHART_WIDTH} height={220} />
      <InterventionsPanel interventions={report.interventions} baseline={report.cost.baseline} width={CHART_WIDTH} height={200} />
      <ConfidencePanel confidence={report.confidence} width={CHART_WIDTH} height={200} />
      <CostPanel cost={report.cost} filter={query} action="/kpis/report" editable={false} />
    </div>
  );
}
