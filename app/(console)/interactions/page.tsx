import Link from "next/link";
import { listStyles as styles, RowLink } from "@/components/interactions/clickable";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, CategorySelect, DateRangeFields, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { countOf } from "@/lib/domain/wording";
import { interactionFilterSchema } from "@/lib/schemas/interactions";
import { optionsOf } from "@/lib/schemas/labels";
import { hrefOf, parseSearchParams, utcDateRange } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { findInteractions, interactionFacets, listSessions, SEARCH_WINDOW, type InteractionCount, type InteractionFilter } from "@/lib/server/interactions";
import { patternCategories } from "@/lib/server/patterns";

export const metadata = { title: "Interactions" };

const SORT_OPTIONS = [
  { value: "oldest", label: "Oldest first" },
  { value: "slowest", label: "Slowest first" },
  { value: "least-confident", label: "Least confident first" },
  { value: "failed-first", label: "Failed first" },
];

function totalText(count: InteractionCount): string {
  if (count.exact) return countOf(count.value, "interaction");
  if (count.estimated) return `About ${count.value.toLocaleString("en-US")} interactions`;
  return `More than ${count.value.toLocaleString("en-US")} interactions`;
}

export default async function InteractionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("interactions");
  const { cursor, ...params } = parseSearchParams(interactionFilterSchema, await searchParams);
  const filter: InteractionFilter = {
    agentId: params.agent,
    outcome: params.outcome,
    category: params.category,
    version: params.version,
    patternId: params.pattern,
    sessionId: params.session,
    search: params.q,
    sort: params.sort,
    ...utcDateRange(params.from, params.to),
    cursor,
  };
  const [facets, categories] = await Promise.all([interactionFacets(), patternCategories()]);
  const filtered = Object.values(params).some(Boolean);
  const searching = Boolean(params.q?.trim()) && params.group !== "session";

  return (
    <>
      <div className={styles.head}>
        <PageHead title="Interactions" description="Everything agents reported, after the PII firewall. Click a row to open it." />
      </div>
      <form className={`panel form-row ${styles.filters}`} method="get" aria-label="Filter interactions">
        {params.pattern ? <input type="hidden" name="pattern" value={params.pattern} /> : null}
        {params.session ? <input type="hidden" name="session" value={params.session} /> : null}
        <label className="field" style={{ flex: "1 1 220px" }}>
          Search
          <input name="q" type="search" defaultValue={params.q ?? ""} placeholder="Intent, action, response, id or session" />
        </label>
        <AgentSelect agents={facets.agents} value={params.agent} />
        <SelectField label="Outcome" name="outcome" value={params.outcome} options={optionsOf("outcome")} anyLabel="Any outcome" />
        <CategorySelect categories={categories} value={params.category} />
        <SelectField label="Version" name="version" value={params.version} options={facets.versions} anyLabel="Any version" />
        <DateRangeFields from={params.from} to={params.to} />
        <SelectField label="Sort" name="sort" value={params.sort} options={SORT_OPTIONS} anyLabel="Newest first" />
        <SelectField label="Group" name="group" value={params.group} options={[{ value: "session", label: "By session" }]} anyLabel="No grouping" />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/interactions">Clear</Link> : null}
      </form>
      {params.pattern ? <p className="muted">Showing one pattern&apos;s interactions. <Link href={`/patterns/${params.pattern}`}>Back to the pattern</Link></p> : null}
      {params.session ? (
        <p className="muted">Showing session <span className="mono">{params.session}</span>. <Link href={hrefOf("/interactions", { ...params, session: undefined })}>All sessions</Link></p>
      ) : null}
      {params.group === "session" ? <SessionList filter={filter} params={params} cursor={cursor} /> : <InteractionList filter={filter} params={params} cursor={cursor} searching={searching} filtered={filtered} />}
    </>
  );
}

type Params = Omit<ReturnType<typeof interactionFilterSchema.parse>, "cursor">;

async function InteractionList({ filter, params, cursor, searching, filtered }: { filter: InteractionFilter; params: Params; cursor?: string; searching: boolean; filtered: boolean }) {
  const { interactions, nextCursor, count, matches, exactId, session, searchEnded } = await findInteractions(filter);
  return (
    <>
      <p aria-live="polite" data-testid="interactions-total">
        {searching && matches
          ? <>{countOf(matches.matches, "match", "matches")} in the newest {countOf(matches.scanned, "interaction")} searched; {totalText(count).toLowerCase()} pass the filters.</>
          : <>{totalText(count)}{filtered ? " match these filters" : ""}.</>}
        {searching ? <span className="faint"> Search results are newest first.</span> : null}
      </p>
      {exactId ? <p className="panel">Interaction <Link href={`/interactions/${exactId}`}>#{exactId}</Link> has this id.</p> : null}
      {session ? (
        <p className="panel">
          Session <span className="mono">{session.id}</span> has {countOf(session.size, "interaction")}.{" "}
          <Link href={hrefOf("/interactions", { session: session.id })}>Show the session</Link>
        </p>
      ) : null}
      {interactions.length === 0 ? (
        <EmptyState title={filtered ? "No interactions match these filters" : "No interactions yet"}>
          {searchEnded === "window"
            ? `None of the newest ${SEARCH_WINDOW.toLocaleString("en-US")} interactions searched match; search older ones with the link below, or narrow the dates.`
            : filtered ? "Clear a filter or widen the dates." : "Agents send interactions to POST /api/v1/interactions with their API key; they appear here within a second."}
        </EmptyState>
      ) : (
        <div className={`table-wrap ${styles.wrap}`}>
          <table className={`data ${styles.list}`} aria-label="Interactions">
            <thead>
              <tr><th>When</th><th>Agent</th><th>User intent</th><th>Action</th><th>Outcome</th><th>Session</th><th className="num">Latency</th><th className="num">Confidence</th><th>PII</th></tr>
            </thead>
            <tbody>
              {interactions.map((row) => (
                <tr key={row.id}>
                  <td data-label="When"><RowLink href={`/interactions/${row.id}`} label={`Interaction ${row.id}, ${row.occurredAt.toISOString().slice(0, 16).replace("T", " ")} UTC`}><Time value={row.occurredAt} /></RowLink></td>
                  <td data-label="Agent" className="nowrap">{row.agent.name}</td>
                  <td data-label="Intent"><div className={styles.clamp} title={row.userIntent}><RedactedText text={row.userIntent} /></div></td>
                  <td data-label="Action"><div className={`${styles.clamp} template`} title={row.agentAction}><RedactedText text={row.agentAction} /></div></td>
                  <td data-label="Outcome">{row.failed ? <span className="badge badge-danger">{row.errorCategory}</span> : <span className="badge badge-ok">ok</span>}</td>
                  <td data-label="Session">
                    {row.sessionId ? <Link className={`${styles.above} mono`} href={hrefOf("/interactions", { session: row.sessionId })} title={`Show session ${row.sessionId}`}>{row.sessionId.length > 16 ? `${row.sessionId.slice(0, 15)}…` : row.sessionId}</Link> : <span className="faint">—</span>}
                  </td>
                  <td data-label="Latency" className="num">{row.latencyMs === null ? "—" : `${row.latencyMs} ms`}</td>
                  <td data-label="Confidence" className="num">{row.confidence.toFixed(2)}</td>
                  <td data-label="PII">{row.piiTotal > 0 ? <span className="badge" title="Personal data found and removed">{row.piiTotal} removed</span> : <span className="faint">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/interactions" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel={searchEnded === "window" ? "Search older interactions" : "Next page"} shown={interactions.length} />
    </>
  );
}

async function SessionList({ filter, params, cursor }: { filter: InteractionFilter; params: Params; cursor?: string }) {
  const { sessions, nextCursor } = await listSessions(filter);
  return (
    <>
      {params.q ? <p className="faint">Grouped by session: the search applies to the list of interactions, not to sessions.</p> : null}
      {sessions.length === 0 ? (
        <EmptyState title="No sessions here">Interactions carry a session when the agent sends session_id.</EmptyState>
      ) : (
        <div className={`table-wrap ${styles.wrap}`}>
          <table className={`data ${styles.list}`} aria-label="Sessions">
            <thead><tr><th>Session</th><th>Agent</th><th className="num">Interactions</th><th className="num">Failures</th><th>First</th><th>Last</th></tr></thead>
            <tbody>
              {sessions.map((group) => (
                <tr key={`${group.agentId}/${group.sessionId}`}>
                  <td data-label="Session"><RowLink href={hrefOf("/interactions", { agent: group.agentId, session: group.sessionId })}><span className="mono">{group.sessionId}</span></RowLink></td>
                  <td data-label="Agent">{group.agentName}</td>
                  <td data-label="Interactions" className="num">{group.interactions.toLocaleString("en-US")}</td>
                  <td data-label="Failures" className="num">{group.failures.toLocaleString("en-US")}</td>
                  <td data-label="First"><Time value={group.firstAt} /></td>
                  <td data-label="Last"><Time value={group.lastAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/interactions" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="More sessions" shown={sessions.length} />
    </>
  );
}
