import Link from "next/link";
import { notFound } from "next/navigation";
import { DailyBars } from "@/components/charts/daily-bars";
import { listStyles } from "@/components/interactions/clickable";
import { LongText } from "@/components/interactions/long-text";
import { FailureBars } from "@/components/patterns/failure-bars";
import { PageHead } from "@/components/ui/page-head";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
import { countOf, timesSeen } from "@/lib/domain/wording";
import { patternIdSchema } from "@/lib/schemas/patterns";
import { requirePage } from "@/lib/server/auth/guard";
import { getPattern } from "@/lib/server/patterns";

export const metadata = { title: "Pattern" };

export default async function PatternPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("patterns");
  const { id } = await params;
  if (!patternIdSchema.safeParse(id).success) notFound();
  const found = await getPattern(id);
  if (!found) notFound();
  const { pattern, days, trend, examples, versions, pendingSamples, siblings } = found;
  return (
    <>
      <div className={listStyles.head}>
        <PageHead
        title={`${pattern.errorCategory} · ${pattern.agent.name}`}
        description={<>{timesSeen(pattern.count)}, first <Time value={pattern.firstSeenAt} />, last <Time value={pattern.lastSeenAt} />.</>}
        actions={
          <>
            <Link className="btn" href={`/review?patternId=${pattern.id}`}>{pendingSamples === 0 ? "No samples waiting" : `${countOf(pendingSamples, "sample")} waiting for review`}</Link>
            <Link className="btn" href={`/interactions?pattern=${pattern.id}`}>All its interactions</Link>
          </>
        }
      />
      </div>
      {siblings.length > 0 ? (
        <p className="panel" data-testid="same-fingerprint">
          The same failure on {countOf(siblings.length, "other agent")}:{" "}
          {siblings.map((sibling, index) => (
            <span key={sibling.id}>{index > 0 ? ", " : ""}<Link href={`/patterns/${sibling.id}`}>{sibling.agentName}</Link> <span className="faint">({sibling.count.toLocaleString("en-US")})</span></span>
          ))}
          . <Link href={`/patterns?by=fingerprint&fingerprint=${pattern.fingerprint}`}>Compare them</Link>
        </p>
      ) : null}
      <section className={`panel ${listStyles.detail}`}>
        <dl className="kv">
          <dt>Action</dt><dd className="template" style={{ overflowWrap: "anywhere" }}>{pattern.actionTemplate}</dd>
          <dt>Error</dt><dd className="template" style={{ overflowWrap: "anywhere" }}>{pattern.errorTemplate || <span className="faint">(no message)</span>}</dd>
          <dt>Fingerprint</dt><dd className="mono faint" style={{ overflowWrap: "anywhere" }}>{pattern.fingerprint}</dd>
        </dl>
      </section>
      <div className="grid-2">
        <section className="panel" aria-label="Failures per day">
          <h2>Failures per day, last 30 days</h2>
          <DailyBars days={days} values={trend} unit="failures" />
        </section>
        <section className="panel" aria-label="By serving version">
          <h2>By serving version <span className="faint">(latest 5,000)</span></h2>
          <FailureBars items={versions} empty="No versions reported." />
        </section>
      </div>
      <section className="panel" aria-label="Example interactions">
        <h2>Latest examples <span className="faint">(personal data removed)</span></h2>
        <div className="table-wrap">
          <table className="data">
            <thead><tr><th>When</th><th>User intent</th><th>Action</th><th>Response</th><th>Version</th><th>Correction</th></tr></thead>
            <tbody>
              {examples.map((example) => (
                <tr key={example.id}>
                  <td><Link href={`/interactions/${example.id}`}><Time value={example.occurredAt} /></Link></td>
                  <td><LongText text={example.userIntent} limit={300} /></td>
                  <td className="template"><LongText text={example.agentAction} limit={300} /></td>
                  <td><div className="json"><LongText text={JSON.stringify(example.apiResponse)} limit={300} /></div></td>
                  <td>{example.modelVersion || <span className="faint">—</span>}</td>
                  <td>{example.correction ? <RedactedText text={example.correction} /> : <span className="faint">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
