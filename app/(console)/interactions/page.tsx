import Link from "next/link";
import { z } from "zod";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, CategorySelect, DateRangeFields } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { parseSearchParams, utcDateRange } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { interactionFacets, listInteractions } from "@/lib/server/interactions";
import { patternCategories } from "@/lib/server/patterns";

export const metadata = { title: "Interactions" };

const filterSchema = z.object({
  agent: z.uuid().optional().catch(undefined),
  outcome: z.enum(["failed", "succeeded"]).optional().catch(undefined),
  category: z.string().max(100).optional().catch(undefined),
  version: z.string().max(100).optional().catch(undefined),
  pattern: z.uuid().optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  cursor: z.string().regex(/^\d{1,15}\.\d{1,18}$/).optional().catch(undefined),
});

export default async function InteractionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("interactions");
  const raw = await searchParams;
  const filter = parseSearchParams(filterSchema, raw);
  const range = utcDateRange(filter.from, filter.to);
  const [{ interactions, nextCursor }, facets, categories] = await Promise.all([
    listInteractions({
      agentId: filter.agent,
      outcome: filter.outcome,
      category: filter.category,
      version: filter.version,
      patternId: filter.pattern,
      ...range,
      cursor: filter.cursor,
    }),
    interactionFacets(),
    patternCategories(),
  ]);
  const keep = Object.fromEntries(Object.entries({ ...filter, cursor: undefined }).filter(([, value]) => value)) as Record<string, string>;
  const filtered = Object.keys(keep).length > 0;

  return (
    <>
      <PageHead title="Interactions" description="Everything agents reported, newest first, after the PII firewall." />
      <form className="panel form-row" method="get" aria-label="Filter interactions">
        {filter.pattern ? <input type="hidden" name="pattern" value={filter.pattern} /> : null}
        <AgentSelect agents={facets.agents} value={filter.agent} />
        <label className="field">
          Outcome
          <select name="outcome" defaultValue={filter.outcome ?? ""}>
            <option value="">Any outcome</option>
            <option value="failed">Failed</option>
            <option value="succeeded">Succeeded</option>
          </select>
        </label>
        <CategorySelect categories={categories} value={filter.category} />
        <label className="field">
          Version
          <select name="version" defaultValue={filter.version ?? ""}>
            <option value="">Any version</option>
            {facets.versions.map((version) => <option key={version} value={version}>{version}</option>)}
          </select>
        </label>
        <DateRangeFields from={filter.from} to={filter.to} />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/interactions">Clear</Link> : null}
      </form>
      {filter.pattern ? <p className="muted">Showing one pattern&apos;s interactions. <Link href={`/patterns/${filter.pattern}`}>Back to the pattern</Link></p> : null}
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
      <div className="pager">
        {filter.cursor ? <Link className="btn" href={`/interactions?${new URLSearchParams(keep)}`}>Newest</Link> : null}
        {nextCursor ? <Link className="btn" href={`/interactions?${new URLSearchParams({ ...keep, cursor: nextCursor })}`}>Older interactions</Link> : null}
        <span className="faint">{interactions.length} shown</span>
      </div>
    </>
  );
}
