import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHead } from "@/components/ui/page-head";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { AddCorrection } from "@/components/interactions/add-correction";
import { listStyles } from "@/components/interactions/clickable";
import { LongText } from "@/components/interactions/long-text";
import { can } from "@/lib/domain/roles";
import { labelOf } from "@/lib/schemas/labels";
import { requirePage } from "@/lib/server/auth/guard";
import { getInteraction } from "@/lib/server/interactions";

export const metadata = { title: "Interaction" };

export default async function InteractionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("interactions");
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  const row = await getInteraction(BigInt(id));
  if (!row) notFound();
  const piiCounts = row.piiCounts ?? {};
  return (
    <>
      <div className={listStyles.head}>
        <PageHead
        title={`Interaction ${row.id}`}
        description={<>{row.agent.name} · <Time value={row.occurredAt} /> · received <Time value={row.receivedAt} /></>}
        actions={<Link className="btn" href="/interactions">Back to interactions</Link>}
      />
      </div>
      <section className="panel" aria-label="Personal data removed">
        <h2>Personal data</h2>
        {row.piiTotal === 0 ? (
          <p className="muted">The PII firewall found nothing to remove.</p>
        ) : (
          <p>
            {Object.entries(piiCounts).map(([type, count]) => (
              <span key={type} className="badge" style={{ marginRight: 6 }} data-testid="pii-badge">{type} × {count}</span>
            ))}
            <span className="muted">removed before storage; the values were never written.</span>
          </p>
        )}
      </section>
      <section className={`panel ${listStyles.detail}`}>
        <dl className="kv">
          <dt>Outcome</dt>
          <dd>{row.failed ? <span className="badge badge-danger">failed · {row.errorCategory}</span> : <span className="badge badge-ok">succeeded</span>}</dd>
          <dt>Pattern</dt>
          <dd>{row.pattern ? <Link href={`/patterns/${row.pattern.id}`} className="template">{row.pattern.actionTemplate}</Link> : <span className="faint">none</span>}</dd>
          <dt>User intent</dt><dd><LongText text={row.userIntent} /></dd>
          <dt>Agent action</dt><dd className="template"><LongText text={row.agentAction} /></dd>
          <dt>API response</dt><dd><LongText pre limit={1_200} text={JSON.stringify(row.apiResponse, null, 2)} /></dd>
          <dt>Retry strategy</dt><dd>{row.retryStrategy ? <LongText text={row.retryStrategy} /> : <span className="faint">none</span>}</dd>
          <dt>Final outcome</dt><dd><LongText text={row.finalOutcome} /></dd>
          <dt>Correction</dt><dd>{row.correction ? <LongText text={row.correction} /> : <span className="faint">none</span>}</dd>
          <dt>Confidence</dt><dd>{row.confidence.toFixed(2)}</dd>
          <dt>Latency</dt><dd>{row.latencyMs === null ? <span className="faint">not reported</span> : `${row.latencyMs} ms`}</dd>
          <dt>Serving version</dt><dd>{row.modelVersion || <span className="faint">not reported</span>}</dd>
          <dt>Interaction id</dt><dd className="mono">{row.externalId ?? <span className="faint">none (not idempotent)</span>}</dd>
          <dt>Session</dt><dd className="mono">{row.sessionId ? <Link href={`/interactions?session=${encodeURIComponent(row.sessionId)}`}><RedactedText text={row.sessionId} /></Link> : <span className="faint">none</span>}</dd>
          <dt>Metadata</dt><dd>{row.metadata ? <LongText pre limit={1_200} text={JSON.stringify(row.metadata, null, 2)} /> : <span className="faint">none</span>}</dd>
          <dt>Sample</dt>
          <dd>{row.sample ? <><span className="badge">{labelOf("sampleStatus", row.sample.status)}</span> <span className="muted">{row.sample.statusReason}</span></> : <span className="faint">none</span>}</dd>
        </dl>
      </section>
      {row.failed && !row.sample && can(user.role, "samples:decide") ? <AddCorrection interactionId={row.id} /> : null}
    </>
  );
}
