import Link from "next/link";
import { z } from "zod";
import { KIND_LABELS } from "@/components/knowledge/graph-kinds";
import { KnowledgeSankey } from "@/components/knowledge/knowledge-sankey";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { knowledgeFilterSchema } from "@/lib/schemas/knowledge";
import { hrefOf, optionalQuery, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { interactionFacets } from "@/lib/server/interactions";
import { knowledgeGraph } from "@/lib/server/knowledge";

export const metadata = { title: "Knowledge graph" };

const PERIODS = ["7", "30", "90"] as const;

const graphFilterSchema = knowledgeFilterSchema.pick({ agent: true }).extend({ days: optionalQuery(z.enum(PERIODS)) });

export default async function KnowledgeGraphPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("knowledge");
  const { agent, days = "7" } = parseSearchParams(graphFilterSchema, await searchParams);
  const [graph, facets] = await Promise.all([knowledgeGraph({ days: Number(days), agentId: agent }), interactionFacets()]);
  const corrections = graph.nodes.filter((node) => node.kind === "correction").length;
  const approvals = graph.links.filter((link) => graph.nodes[link.source].kind === "category").reduce((sum, link) => sum + link.value, 0);

  return (
    <>
      <PageHead
        title="Knowledge graph"
        description={<>Approvals since <Time value={graph.since} />, from error categories to patterns, corrections and the model versions trained on them.</>}
        actions={
          <>
            <nav className="tabs" aria-label="Period">
              {PERIODS.map((period) => (
                <Link key={period} href={hrefOf("/knowledge/graph", { agent, days: period === "7" ? undefined : period })} aria-current={period === days ? "page" : undefined}>
                  {period} days
                </Link>
              ))}
            </nav>
            <Link className="btn" href={hrefOf("/knowledge", { agent })}>Knowledge entries</Link>
          </>
        }
      />
      <form className="panel form-row" method="get" aria-label="Filter the graph">
        {days !== "7" ? <input type="hidden" name="days" value={days} /> : null}
        <AgentSelect agents={facets.agents} value={agent} />
        <button className="btn btn-primary" type="submit">Apply</button>
        {agent ? <Link className="btn" href={hrefOf("/knowledge/graph", { days: days === "7" ? undefined : days })}>Clear</Link> : null}
      </form>

      {graph.links.length === 0 ? (
        <EmptyState title={`No approvals in the last ${days} days`}>
          Each sample approved in the Review queue adds a band from its error category to its pattern and correction, and on to the model version trained on it.
          {agent ? " Choose all agents or a longer period to see more." : " Choose a longer period to see earlier approvals."}
        </EmptyState>
      ) : (
        <>
          <section className="panel" aria-label="Graph">
            <KnowledgeSankey data={graph} />
            <p className="faint" style={{ marginTop: 6 }}>
              {approvals.toLocaleString("en-US")} {approvals === 1 ? "approval" : "approvals"} to {corrections} {corrections === 1 ? "correction" : "corrections"}. Hover a band for its count; the table lists every link.
            </p>
          </section>
          <div className="table-wrap">
            <table className="data" aria-label="Knowledge graph links">
              <thead><tr><th>From</th><th>To</th><th className="num">Approvals</th></tr></thead>
              <tbody>
                {graph.links.map((link) => {
                  const source = graph.nodes[link.source];
                  const target = graph.nodes[link.target];
                  return (
                    <tr key={`${link.source}-${link.target}`}>
                      <td><span className="faint">{KIND_LABELS[source.kind]}</span> <span className="template">{source.name}</span></td>
                      <td><span className="faint">{KIND_LABELS[target.kind]}</span> <span className="template">{target.name}</span></td>
                      <td className="num">{link.value.toLocaleString("en-US")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
