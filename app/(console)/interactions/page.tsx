import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, CategorySelect, DateRangeFields, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { interactionFilterSchema } from "@/lib/schemas/interactions";
import { optionsOf } from "@/lib/schemas/labels";
import { parseSearchParams, utcDateRange } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { interactionFacets, listInteractions } from "@/lib/server/interactions";
import { patternCategories } from "@/lib/server/patterns";

export const metadata = { title: "Interactions" };

export default async function InteractionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("interactions");
  const { cursor, ...params } = parseSearchParams(interactionFilterSchema, await searchParams);
  const [{ interactions, nextCursor }, facets, categories] = await Promise.all([
    listInteractions({
      agentId: params.agent,
      outcome: params.outcome,
      category: params.category,
      version: params.version,
      patternId: params.pattern,
      ...utcDateRange(params.from, params.to),
      cursor,
    }),
    interactionFacets(),
    patternCategories(),
  ]);
  const filtered = Object.values(params).some(Boolean);

  return (
    <>
      <PageHead title="Interactions" description="Everything agents reported, newest first, after the PII firewall." />
      <form className="panel form-row" method="get" aria-label="Filter interactions">
        {params.pattern ? <input type="hidden" name="pattern" value={params.pattern} /> : null}
        <AgentSelect agents={facets.agents} value={params.agent} />
        <SelectField label="Outcome" name="outcome" value={params.outcome} options={optionsOf("outcome")} anyLabel="Any outcome" />
        <CategorySelect categories={categories} value={params.category} />
        <SelectField label="Version" name="version" value={params.version} options={facets.versions} anyLabel="Any version" />
        <DateRangeFields from={params.from} to={params.to} />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/interactions">Clear</Link> : null}
      </form>
      {params.pattern ? <p className="muted">Showing one pattern&apos;s interactions. <Link href={`/patterns/${params.pattern}`}>Back to the pattern</Link></p> : null}
      {interactions.length === 0 ? (
        <EmptyState title={filtered ? "No interactions match these filters" : "No interactions yet"}>
          {filtered ? "Clear a filter or widen the dates." : "Agents send interactions to POST /api/v1/interactions with their API key; they appear here within a second."}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Interactions">
            <thead>
              <tr><th>When</th><th>Agent</th><th>User intent</th><th>Action</th><th>Outcome</th><th>Version</th><th className="num">Latency</th><th className="num">Confidence</th><th>PII</th></tr>
            </thead>
            <tbody>
              {interactions.map((row) => (
                <tr key={row.id}>
                  <td><Link href={`/interactions/${row.id}`}><Time value={row.occurredAt} /></Link></td>
                  <td className="nowrap">{row.agent.name}</td>
                  <td><div className="truncate" style={{ maxWidth: 200 }}><RedactedText text={row.userIntent} /></div></td>
                  <td><div className="truncate template" style={{ maxWidth: 220 }}><RedactedText text={row.agentAction} /></div></td>
                  <td>{row.failed ? <span className="badge badge-danger">{row.errorCategory}</span> : <span className="badge badge-ok">ok</span>}</td>
                  <td>{row.modelVersion || <span className="faint">—</span>}</td>
                  <td className="num">{row.latencyMs === null ? "—" : `${row.latencyMs} ms`}</td>
                  <td className="num">{row.confidence.toFixed(2)}</td>
                  <td>{row.piiTotal > 0 ? <span className="badge" title="Personal data found and removed">{row.piiTotal} removed</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/interactions" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older interactions" shown={interactions.length} />
    </>
  );
}
