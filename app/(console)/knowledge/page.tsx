import Link from "next/link";
import { ConfidenceMeter, Evidence, ReachLabel, RemedyOutcome, STATE_LABELS, StateBadge } from "@/components/knowledge/entry-facts";
import { KnowledgePacks } from "@/components/knowledge/knowledge-packs";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/domain/roles";
import { KNOWLEDGE_STATES, knowledgeFilterSchema } from "@/lib/schemas/knowledge";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { listKnowledge } from "@/lib/server/knowledge";

export const metadata = { title: "Knowledge" };

export default async function KnowledgePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePage("knowledge");
  const manage = can(user.role, "knowledge:manage");
  const { cursor, ...params } = parseSearchParams(knowledgeFilterSchema, await searchParams);
  const { entries, nextCursor, counts, agents, activation } = await listKnowledge({ ...params, cursor });
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const filtered = Object.values(params).some(Boolean);
  const threshold = activation.toFixed(2);

  return (
    <>
      <PageHead
        title="Knowledge"
        description={`Corrections reviewers approved, by pattern. An entry answers agents above ${threshold} confidence, where the agent's stage allows.`}
        actions={<Link className="btn" href={hrefOf("/knowledge/graph", { agent: params.agent })}>Knowledge graph</Link>}
      />
      <nav className="tabs" aria-label="State" style={{ marginBottom: 12 }}>
        <Link href={hrefOf("/knowledge", { agent: params.agent, q: params.q })} aria-current={!params.state ? "page" : undefined}>All {total}</Link>
        {KNOWLEDGE_STATES.map((state) => (
          <Link key={state} href={hrefOf("/knowledge", { ...params, state })} aria-current={params.state === state ? "page" : undefined}>
            {STATE_LABELS[state]} {counts[state]}
          </Link>
        ))}
      </nav>
      <form className="panel form-row" method="get" aria-label="Filter knowledge">
        {params.state ? <input type="hidden" name="state" value={params.state} /> : null}
        <AgentSelect agents={agents} value={params.agent} />
        <label className="field" style={{ flex: 1, minWidth: 220, maxWidth: 480 }}>
          Search patterns and corrections
          <input name="q" type="search" defaultValue={params.q ?? ""} />
        </label>
        <button className="btn btn-primary" type="submit">Apply</button>
        {filtered ? <Link className="btn" href="/knowledge">Clear</Link> : null}
      </form>

      {entries.length === 0 ? (
        filtered ? (
          <EmptyState title="No entries match these filters">Clear a filter or choose another state to see the others.</EmptyState>
        ) : (
          <EmptyState title="No knowledge yet">
            Approve samples in the Review queue: each approval creates or strengthens the entry for its pattern; entries answer agents above {threshold} confidence once the agent reaches the full stage.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Knowledge entries">
            <thead>
              <tr>
                <th>Pattern</th><th>Correction</th><th>Confidence</th><th>Evidence</th><th title="Remedies agents reported applying, and how many of those still failed">Applied / failed</th>
                <th>State and reach</th><th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td style={{ minWidth: 200, maxWidth: 300 }}>
                    <Link href={`/patterns/${entry.pattern.id}`} title={entry.pattern.errorTemplate}>
                      <span className="badge badge-danger">{entry.pattern.errorCategory}</span> <span className="template">{entry.pattern.actionTemplate}</span>
                    </Link>
                    <div className="faint">{entry.agent.name}</div>
                  </td>
                  <td style={{ minWidth: 240 }}>
                    <Link href={`/knowledge/${entry.id}`} className="clamp-2 entry-link">{entry.correction}</Link>
                  </td>
                  <td><ConfidenceMeter value={entry.confidence} activation={activation} /></td>
                  <td style={{ minWidth: 110 }}><Evidence approvals={entry.approvals} rejections={entry.rejections} /></td>
                  <td><RemedyOutcome applied={entry.applied} failed={entry.failed} /></td>
                  <td><StateBadge state={entry.state} /><div className="reach-line"><ReachLabel reach={entry.reach} answering={entry.state === "active"} /></div></td>
                  <td><Time value={entry.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.length > 0 || cursor ? <Pager basePath="/knowledge" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older entries" shown={entries.length} /> : null}
      {manage ? <KnowledgePacks agents={agents} /> : null}
    </>
  );
}
