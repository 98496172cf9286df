import Link from "next/link";
import { listStyles as styles, MiddleText, RowLink } from "@/components/interactions/clickable";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { SAMPLE_STATUSES } from "@/lib/domain/gates";
import { labelOf } from "@/lib/schemas/labels";
import { sampleListQuerySchema } from "@/lib/schemas/sample-list";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { findSamples } from "@/lib/server/review/sample-list";

export const metadata = { title: "Samples" };

export default async function SamplesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("review");
  const { cursor, ...params } = parseSearchParams(sampleListQuerySchema, await searchParams);
  const { samples, nextCursor, counts, patterns, agents } = await findSamples({ status: params.status, agentId: params.agent, patternId: params.pattern, search: params.q, cursor });
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const narrowing = { agent: params.agent, pattern: params.pattern, q: params.q };
  const filtered = Object.values(params).some(Boolean);
  return (
    <>
      <div className={styles.head}>
        <PageHead title="Samples" description="Every sample by status, with the reason it is there. Click a row to open it." actions={<Link className="btn" href="/review">Back to the queue</Link>} />
      </div>
      <form className={`panel form-row ${styles.filters}`} method="get" aria-label="Filter samples">
        {params.status ? <input type="hidden" name="status" value={params.status} /> : null}
        <label className="field" style={{ flex: "1 1 200px" }}>
          Search
          <input name="q" type="search" defaultValue={params.q ?? ""} placeholder="Correction, intent, action, response or sample id" />
        </label>
        <AgentSelect agents={agents} value={params.agent} />
        <SelectField label="Pattern" name="pattern" value={params.pattern} options={patterns.map((pattern) => ({ value: pattern.id, label: pattern.label }))} anyLabel="Any pattern" />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/review/samples">Clear</Link> : null}
      </form>
      <nav className={`tabs ${styles.tabs}`} aria-label="Status" style={{ marginBottom: 12 }}>
        <Link href={hrefOf("/review/samples", narrowing)} aria-current={!params.status ? "page" : undefined}>All {total}</Link>
        {SAMPLE_STATUSES.map((status) => (
          <Link key={status} href={hrefOf("/review/samples", { ...narrowing, status })} aria-current={params.status === status ? "page" : undefined}>
            {labelOf("sampleStatus", status)} {counts[status] ?? 0}
          </Link>
        ))}
      </nav>
      {samples.length === 0 ? (
        <EmptyState title={filtered ? "No samples match these filters" : "No samples here"}>
          {filtered ? "Clear a filter or choose another status." : "Failed interactions that carry a correction become samples; the gates decide their status."}
        </EmptyState>
      ) : (
        <div className={`table-wrap ${styles.wrap}`}>
          <table className={`data ${styles.list}`} aria-label="Samples">
            <thead><tr><th>Created</th><th>Status</th><th>Agent</th><th>Pattern</th><th>Correction</th><th className="num">Confidence</th><th className="num">Pre-screen</th><th>Reason</th><th>Interaction</th></tr></thead>
            <tbody>
              {samples.map((sample) => (
                <tr key={sample.id}>
                  <td data-label="Created"><RowLink href={`/review/samples/${sample.id}`} label={`Sample from ${sample.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC, ${sample.errorCategory}`}><Time value={sample.createdAt} /></RowLink></td>
                  <td data-label="Status"><span className={`badge ${sample.status === "APPROVED" || sample.status === "AUTO_APPROVED" ? "badge-ok" : sample.status === "REJECTED" || sample.status === "BLOCKED" ? "badge-danger" : ""}`}>{labelOf("sampleStatus", sample.status)}</span></td>
                  <td data-label="Agent">{sample.agentName}</td>
                  <td data-label="Pattern">
                    <span className="badge badge-danger">{sample.errorCategory}</span>{" "}
                    {sample.actionTemplate ? <span className="template faint"><MiddleText text={sample.actionTemplate} max={40} /></span> : null}
                  </td>
                  <td data-label="Correction"><div className={styles.clamp} title={sample.output}><RedactedText text={sample.output} /></div></td>
                  <td data-label="Confidence" className="num">{sample.confidence.toFixed(2)}</td>
                  <td data-label="Pre-screen" className="num">{sample.prescreenScore === null ? "—" : sample.prescreenScore.toFixed(2)}</td>
                  <td data-label="Reason" className="muted"><div className={styles.clamp} title={sample.statusReason}>{sample.statusReason}</div></td>
                  <td data-label="Interaction"><Link className={styles.above} href={`/interactions/${sample.interactionId}`}>#{sample.interactionId}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/review/samples" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older samples" shown={samples.length} />
    </>
  );
}
