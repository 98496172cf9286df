import Link from "next/link";
import { BarList } from "@/components/charts/bar-list";
import { Sparkline } from "@/components/charts/sparkline";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, CategorySelect } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { RANGES, type RangeKey } from "@/lib/domain/ranges";
import { labelOf } from "@/lib/schemas/labels";
import { patternFilterSchema } from "@/lib/schemas/patterns";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { interactionFacets } from "@/lib/server/interactions";
import { failureAttribution, patternCategories, topPatterns } from "@/lib/server/patterns";

export const metadata = { title: "Patterns" };

export default async function PatternsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("patterns");
  const { range, ...filter } = parseSearchParams(patternFilterSchema, await searchParams);
  const query = { range, agentId: filter.agent, category: filter.category, search: filter.q };
  const [{ days, patterns, totalFailures }, attribution, categories, facets] = await Promise.all([
    topPatterns(query),
    failureAttribution(query),
    patternCategories(),
    interactionFacets(),
  ]);
  const filtered = Object.values(filter).some(Boolean);

  return (
    <>
      <PageHead
        title="Failure patterns"
        description="Recurring failures grouped by fingerprint: error category, normalised action and normalised error."
        actions={
          <nav className="tabs" aria-label="Time range">
            {(Object.keys(RANGES) as RangeKey[]).map((key) => (
              <Link key={key} href={hrefOf("/patterns", { ...filter, range: key })} aria-current={key === range ? "page" : undefined}>{labelOf("range", key)}</Link>
            ))}
          </nav>
        }
      />
      <form className="panel form-row" method="get" aria-label="Filter patterns">
        <input type="hidden" name="range" value={range} />
        <AgentSelect agents={facets.agents} value={filter.agent} />
        <CategorySelect categories={categories} value={filter.category} />
        <label className="field" style={{ flex: 1, minWidth: 220 }}>
          Search actions and errors
          <input name="q" type="search" defaultValue={filter.q ?? ""} />
        </label>
        <button className="btn btn-primary" type="submit">Apply</button>
        {filtered ? <Link className="btn" href={hrefOf("/patterns", { range })}>Clear</Link> : null}
      </form>

      {patterns.length === 0 ? (
        <EmptyState
          title={filtered ? "No patterns match these filters" : `No failures in ${labelOf("range", range).toLowerCase()}`}
          steps={filtered ? undefined : [
            "Create an agent and an API key on the Agents page.",
            "The agent sends every interaction to POST /api/v1/interactions; failed ones carry an error_category.",
            "Failures with the same category, normalised action and error are grouped here, with their daily trend.",
          ]}
        >
          {filtered ? "Clear a filter or widen the time range." : "Patterns appear as soon as agents report failed interactions."}
        </EmptyState>
      ) : (
        <>
          <div className="grid-3">
            <section className="panel" aria-label="Failures by category">
              <h2>By category</h2>
              <BarList items={attribution.byCategory} unit="failures" empty="No failures." />
            </section>
            <section className="panel" aria-label="Failures by action">
              <h2>By action</h2>
              <BarList items={attribution.byAction} unit="failures" empty="No failures." />
            </section>
            <section className="panel" aria-label="Failures by version">
              <h2>By serving version</h2>
              <BarList items={attribution.byVersion} unit="failures" empty="No failures." />
            </section>
          </div>
          <div className="table-wrap">
            <table className="data" aria-label="Top patterns">
              <thead>
                <tr>
                  <th>Pattern</th><th>Agent</th><th className="num">Failures ({labelOf("range", range).toLowerCase()})</th>
                  <th className="num">Share</th><th>Trend per day</th><th className="num">All time</th><th>Last seen</th>
                </tr>
              </thead>
              <tbody>
                {patterns.map((pattern) => (
                  <tr key={pattern.id}>
                    <td>
                      <Link href={`/patterns/${pattern.id}`}><span className="badge badge-danger">{pattern.errorCategory}</span></Link>{" "}
                      <Link href={`/patterns/${pattern.id}`} className="template">{pattern.actionTemplate}</Link>
                      <div className="template faint truncate" title={pattern.errorTemplate}>{pattern.errorTemplate}</div>
                    </td>
                    <td>{pattern.agentName}</td>
                    <td className="num">{pattern.failures.toLocaleString("en-US")}</td>
                    <td className="num">{totalFailures ? `${((pattern.failures / totalFailures) * 100).toFixed(1)}%` : "—"}</td>
                    <td><Sparkline values={pattern.trend} label={`Failures of ${pattern.actionTemplate}`} /></td>
                    <td className="num">{pattern.total.toLocaleString("en-US")}</td>
                    <td><Time value={pattern.lastSeenAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="faint" style={{ marginTop: 8 }}>
            Top {patterns.length} of {totalFailures.toLocaleString("en-US")} failures from {days[0]} to {days[days.length - 1]} (UTC), from daily rollups.
          </p>
        </>
      )}
    </>
  );
}
