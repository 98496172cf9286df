import Link from "next/link";
import { notFound } from "next/navigation";
import { listStyles } from "@/components/interactions/clickable";
import { LongText } from "@/components/interactions/long-text";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { labelOf } from "@/lib/schemas/labels";
import { requirePage } from "@/lib/server/auth/guard";
import { getSample } from "@/lib/server/review/sample-list";

export const metadata = { title: "Sample" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SamplePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("review");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const sample = await getSample(id);
  if (!sample) notFound();
  return (
    <>
      <div className={listStyles.head}>
        <PageHead
        title={`Sample · ${sample.errorCategory}`}
        description={<>{sample.agent.name} · created <Time value={sample.createdAt} />{sample.decidedAt ? <> · decided <Time value={sample.decidedAt} /></> : null}</>}
        actions={
          <>
            <Link className="btn" href={`/interactions/${sample.interactionId}`}>Its interaction</Link>
            {sample.status === "PENDING" && sample.pattern ? <Link className="btn" href={`/review?patternId=${sample.pattern.id}`}>Review its pattern</Link> : null}
            <Link className="btn" href="/review/samples">All samples</Link>
          </>
        }
      />
      </div>
      <section className={`panel ${listStyles.detail}`}>
        <dl className="kv">
          <dt>Status</dt><dd><span className="badge">{labelOf("sampleStatus", sample.status)}</span> <span className="muted">{sample.statusReason}</span></dd>
          <dt>Value</dt><dd>{labelOf("grade", sample.grade)} <span className="muted">{sample.gradeReason}</span></dd>
          <dt>Correction</dt><dd><LongText text={sample.output} /></dd>
          {sample.edited ? <><dt>As first written</dt><dd><LongText text={sample.originalOutput} /></dd></> : null}
          <dt>Confidence</dt><dd>{sample.confidence.toFixed(2)}</dd>
          <dt>Pre-screen</dt><dd>{sample.prescreenScore === null ? <span className="faint">not scored</span> : sample.prescreenScore.toFixed(2)}</dd>
          <dt>Pattern</dt>
          <dd>{sample.pattern ? <Link href={`/patterns/${sample.pattern.id}`} className="template">{sample.pattern.actionTemplate}</Link> : <span className="faint">none</span>}</dd>
          {sample.input ? (
            <>
              <dt>User intent</dt><dd><LongText text={sample.input.user_intent} /></dd>
              <dt>Agent action</dt><dd className="template"><LongText text={sample.input.agent_action} /></dd>
              <dt>API response</dt><dd><LongText pre limit={1_200} text={JSON.stringify(sample.input.api_response, null, 2)} /></dd>
            </>
          ) : null}
          <dt>Interaction</dt><dd><Link href={`/interactions/${sample.interactionId}`}>#{sample.interactionId}</Link></dd>
        </dl>
      </section>
    </>
  );
}
