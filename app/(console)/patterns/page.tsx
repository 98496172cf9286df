import Link from "next/link";
import { listStyles as styles, MiddleText, RowLink } from "@/components/interactions/clickable";
import { FailureBars } from "@/components/patterns/failure-bars";
import { PatternTrend } from "@/components/patterns/trend";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, CategorySelect, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { RANGES, type RangeKey } from "@/lib/domain/ranges";
import { countOf } from "@/lib/domain/wording";
import { labelOf } from "@/lib/schemas/labels";
import { patternFilterSchema } from "@/lib/schemas/patterns";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { interactionFacets } from "@/lib/server/interactions";
import { failureAttribution, patternCategories, SEARCHED_EXAMPLES, topPatterns } from "@/lib/server/patterns";

export const metadata = { title: "Patterns" };

const SORT_OPTIONS = [
  { value: "total", label: "Most failures of all time" },
  { value: "recent", label: "Seen most recently" },
  { value: "new", label: "Newest patterns" },
  { value: "agents", label: "On most agents" },
];

export default async function PatternsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("patterns");
  const { range, page: pageNumber, ...filter } = parseSearchParams(patternFilterSchema, await searchParams);
  const query = { range, agentId: filter.agent, category: filter.category, search: filter.q, fingerprint: filter.fingerprint };
  const byFingerprint = filter.by === "fingerprint";
  const [{ days, patterns, totalFailures, groups, page, pages }, attribution, categories, facets] = await Promise.all([
    topPatterns(query, { by: byFingerprint ? "fingerprint" : "agent", sort: filter.sort, page: pageNumber }),
    failureAttribution(query),
    patternCategories(),
    interactionFacets(),
  ]);
  const filtered = Object.values(filter).some(Boolean);
  const params = { ...filter, range, page: undefined as string | undefined };
  const rangeLabel = labelOf("range", range).toLowerCase();

  return (
    <>
      <div className={styles.head}>
        <PageHead
        title="Failure patterns"
        description="Recurring failures grouped by fingerprint: error category, normalised action and normalised error."
        actions={
          <nav className={`tabs ${styles.tabs}`} aria-label="Time range">
            {(Object.keys(RANGES) as RangeKey[]).map((key) => (
              <Link key={key} href={hrefOf("/patterns", { ...params, range: key })} aria-current={key === range ? "page" : undefined}>{labelOf("range", key)}</Link>
            ))}
          </nav>
        }
      />
      </div>
      <form className={`panel form-row ${styles.filters}`} method="get" aria-label="Filter patterns">
        <input type="hidden" name="range" value={range} />
        {filter.fingerprint ? <input type="hidden" name="fingerprint" value={filter.fingerprint} /> : null}
        <AgentSelect agents={facets.agents} value={filter.agent} />
        <CategorySelect categories={categories} value={filter.category} />
        <label className="field" style={{ flex: "1 1 200px" }}>
          Search actions, errors and examples
          <input name="q" type="search" defaultValue={filter.q ?? ""} />
        </label>
        <SelectField label="Show" name="by" value={filter.by} options={[{ value: "fingerprint", label: "Across agents" }]} anyLabel="Per agent" />
        <SelectField label="Sort" name="sort" value={filter.sort} options={SORT_OPTIONS} anyLabel={`Most failures (${rangeLabel})`} />
        <button className="btn btn-primary" type="submit">Apply</button>
        {filtered ? <Link className="btn" href={hrefOf("/patterns", { range })}>Clear</Link> : null}
      </form>
      {filter.fingerprint ? <p className="muted">Showing one fingerprint on every agent. <Link href={hrefOf("/patterns", { ...params, fingerprint: undefined })}>All patterns</Link></p> : null}
      {filter.q ? <p className="faint">The search reads each pattern&apos;s templates and its latest {SEARCHED_EXAMPLES} interactions, where numbers are as the agent sent them.</p> : null}

      {patterns.length === 0 ? (
        <EmptyState
          title={filtered ? "No patterns match these filters" : `No failures in ${rangeLabel}`}
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
              <FailureBars items={attribution.byCategory} empty="No failures." />
            </section>
            <section className="panel" aria-label="Failures by action">
              <h2>By action</h2>
              <FailureBars template items={attribution.byAction} empty="No failures." />
            </section>
            <section className="panel" aria-label="Failures by version">
              <h2>By serving version</h2>
              <FailureBars items={attribution.byVersion} empty="No failures." />
            </section>
          </div>
          <div className={`table-wrap ${styles.wrap}`}>
            <table className={`data ${styles.list}`} aria-label="Top patterns">
              <thead>
                <tr>
                  <th>Pattern</th><th>{byFingerprint ? "Agents" : "Agent"}</th><th className="num">Failures ({rangeLabel})</th>
                  <th className="num">Share</th><th>Trend per day</th><th className="num">All time</th><th>Last seen</th>
                </tr>
              </thead>
              <tbody>
                {patterns.map((pattern) => (
                  <tr key={pattern.id}>
                    <td data-label="Pattern">
                      <span className="badge badge-danger">{pattern.errorCategory}</span>{" "}
                      <RowLink href={byFingerprint && pattern.agents > 1 ? hrefOf("/patterns", { range, fingerprint: pattern.fingerprint }) : `/patterns/${pattern.id}`}>
                        <span className="template"><MiddleText text={pattern.actionTemplate} max={72} /></span>
                      </RowLink>
                      <div className="template faint"><MiddleText text={pattern.errorTemplate} max={72} /></div>
                    </td>
                    <td data-label={byFingerprint ? "Agents" : "Agent"}>{byFingerprint ? <span title={pattern.agentName}>{countOf(pattern.agents, "agent")}</span> : pattern.agentName}</td>
                    <td data-label="Failures" className="num">{pattern.failures.toLocaleString("en-US")}</td>
                    <td data-label="Share" className="num">{totalFailures ? `${((pattern.failures / totalFailures) * 100).toFixed(1)}%` : "—"}</td>
                    <td data-label="Trend"><PatternTrend values={pattern.trend} label={`Failures of ${pattern.actionTemplate}`} /></td>
                    <td data-label="All time" className="num">{pattern.total.toLocaleString("en-US")}</td>
                    <td data-label="Last seen"><Time value={pattern.lastSeenAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            {page > 1 ? <Link className="btn" href={hrefOf("/patterns", { ...params, page: String(page - 1) })}>Previous page</Link> : null}
            {page < pages ? <Link className="btn" href={hrefOf("/patterns", { ...params, page: String(page + 1) })}>Next page</Link> : null}
            <span className="faint">
              Page {page} of {pages}: {countOf(groups, byFingerprint ? "fingerprint" : "pattern")} with {countOf(totalFailures, "failure")} from {days[0]} to {days[days.length - 1]} (UTC), from daily rollups.
            </span>
          </nav>
        </>
      )}
    </>
  );
}
