import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { SAMPLE_STATUSES } from "@/lib/domain/gates";
import { labelOf } from "@/lib/schemas/labels";
import { sampleListFilterSchema } from "@/lib/schemas/review";
import { hrefOf, parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { listSamples } from "@/lib/server/review";

export const metadata = { title: "Samples" };

export default async function SamplesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("review");
  const { cursor, ...params } = parseSearchParams(sampleListFilterSchema, await searchParams);
  const { samples, nextCursor, counts } = await listSamples({ ...params, cursor });
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return (
    <>
      <PageHead title="Samples" description="Every sample by status, with the reason it is there." actions={<Link className="btn" href="/review">Back to the queue</Link>} />
      <nav className="tabs" aria-label="Status" style={{ marginBottom: 12 }}>
        <Link href="/review/samples" aria-current={!params.status ? "page" : undefined}>All {total}</Link>
        {SAMPLE_STATUSES.map((status) => (
          <Link key={status} href={hrefOf("/review/samples", { status })} aria-current={params.status === status ? "page" : undefined}>
            {labelOf("sampleStatus", status)} {counts[status] ?? 0}
          </Link>
        ))}
      </nav>
      {samples.length === 0 ? (
        <EmptyState title="No samples here">Failed interactions that carry a correction become samples; the gates decide their status.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Samples">
            <thead><tr><th>Created</th><th>Status</th><th>Agent</th><th>Value</th><th>Category</th><th>Correction</th><th className="num">Confidence</th><th className="num">Pre-screen</th><th>Reason</th></tr></thead>
            <tbody>
              {samples.map((sample) => (
                <tr key={sample.id}>
                  <td><Time value={sample.createdAt} /></td>
                  <td><span className={`badge ${sample.status === "APPROVED" || sample.status === "AUTO_APPROVED" ? "badge-ok" : sample.status === "REJECTED" || sample.status === "BLOCKED" ? "badge-danger" : ""}`}>{labelOf("sampleStatus", sample.status)}</span></td>
                  <td>{sample.agent.name}</td>
                  <td>{labelOf("grade", sample.grade)}</td>
                  <td>{sample.errorCategory}</td>
                  <td><div className="truncate" style={{ maxWidth: 260 }}><RedactedText text={sample.output} /></div></td>
                  <td className="num">{sample.confidence.toFixed(2)}</td>
                  <td className="num">{sample.prescreenScore === null ? "—" : sample.prescreenScore.toFixed(2)}</td>
                  <td className="muted">{sample.statusReason}</td>
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
