import Link from "next/link";
import { filterFromParams } from "@/components/review/queue-url";
import { ReviewQueue } from "@/components/review/review-queue";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/domain/roles";
import { labelOf } from "@/lib/schemas/labels";
import { requestId, requirePage, userContext } from "@/lib/server/auth/guard";
import { claimSamples, peekQueue, queueFacets, queueStats } from "@/lib/server/review";

export const metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePage("review");
  const actions = <Link className="btn" href="/review/samples">All samples</Link>;
  if (can(user.role, "samples:decide")) {
    // The first samples are claimed here and arrive with the HTML: no round trip before the first card.
    const params = await searchParams;
    const filter = filterFromParams({ get: (name) => { const value = params[name]; return typeof value === "string" ? value : null; } });
    const ctx = userContext(user, await requestId());
    const [facets, samples, stats] = await Promise.all([queueFacets(), claimSamples(ctx, filter), queueStats(ctx)]);
    return (
      <>
        <PageHead title="Review queue" description="One sample at a time, high value first. Approve, reject or edit from the keyboard." actions={actions} />
        <ReviewQueue patterns={facets.patterns} agents={facets.agents} initial={{ filter, samples, stats }} />
      </>
    );
  }
  const { rows, pending } = await peekQueue();
  return (
    <>
      <PageHead title="Review queue" description={`${pending.toLocaleString("en-US")} samples waiting for reviewers. Your role can read them; reviewers decide.`} actions={actions} />
      {rows.length === 0 ? (
        <EmptyState title="No samples waiting">Samples appear here when agents past the observation stage report failures with corrections.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Pending samples">
            <thead><tr><th>Created</th><th>Agent</th><th>Value</th><th>Category</th><th>User intent</th><th>Correction</th><th className="num">Confidence</th><th>Why</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td><Time value={row.createdAt} /></td>
                  <td>{row.agent.name}</td>
                  <td><span className={`badge ${row.grade === "HIGH" ? "badge-accent" : ""}`}>{labelOf("grade", row.grade)}</span></td>
                  <td>{row.errorCategory}</td>
                  <td><div className="truncate" style={{ maxWidth: 220 }}><RedactedText text={row.input.user_intent} /></div></td>
                  <td><div className="truncate" style={{ maxWidth: 260 }}><RedactedText text={row.output} /></div></td>
                  <td className="num">{row.confidence.toFixed(2)}</td>
                  <td className="muted">{row.statusReason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
