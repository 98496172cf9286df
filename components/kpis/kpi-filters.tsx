import Link from "next/link";
import { AgentSelect, DateRangeFields, SelectField } from "@/components/ui/filter-fields";
import { KPI_PERIODS } from "@/lib/schemas/kpis";
import { hrefOf } from "@/lib/schemas/search-params";
import { filterParams, type KpiFilter } from "./types";
import styles from "./kpis.module.css";

const PERIOD_LABELS: Record<(typeof KPI_PERIODS)[number], string> = { "7d": "7 days", "30d": "30 days", "90d": "90 days" };

/**
 * The period and filters of a KPI page, all in the URL: period links, and a
 * GET form for a custom range, agent and version. Nothing here writes.
 */
export function KpiFilters({
  basePath,
  filter,
  defaultPeriod,
  agents,
  versions,
}: {
  basePath: string;
  filter: KpiFilter;
  defaultPeriod: (typeof KPI_PERIODS)[number];
  agents: ReadonlyArray<{ id: string; name: string }>;
  versions: readonly string[];
}) {
  const custom = Boolean(filter.from || filter.to);
  const period = filter.period ?? defaultPeriod;
  const kept = filterParams(filter);
  const filtered = Boolean(custom || filter.agent || filter.version || filter.period);
  // "(none)" stands for interactions sent without a model_version; the filter cannot select them.
  const versionOptions = versions.filter((version) => version !== "(none)");
  return (
    <div className={`panel ${styles.filters}`}>
      <nav className="tabs" aria-label="Period">
        {KPI_PERIODS.map((key) => (
          <Link key={key} href={hrefOf(basePath, { ...kept, from: undefined, to: undefined, period: key })} aria-current={!custom && key === period ? "page" : undefined}>
            {PERIOD_LABELS[key]}
          </Link>
        ))}
      </nav>
      <form className="form-row" method="get" action={basePath} aria-label="KPI filters">
        {custom ? null : <input type="hidden" name="period" value={period} />}
        {filter.baseline === undefined ? null : <input type="hidden" name="baseline" value={filter.baseline} />}
        <DateRangeFields from={filter.from} to={filter.to} />
        <AgentSelect agents={agents} value={filter.agent} />
        <SelectField label="Version" name="version" value={filter.version} options={versionOptions.includes(filter.version ?? "") || !filter.version ? versionOptions : [filter.version, ...versionOptions]} anyLabel="All versions" />
        <button className="btn btn-primary" type="submit">Apply</button>
        {filtered ? <Link className="btn" href={hrefOf(basePath, { baseline: kept.baseline })}>Clear</Link> : null}
      </form>
    </div>
  );
}
