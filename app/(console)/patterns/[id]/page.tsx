import Link from "next/link";
import { notFound } from "next/navigation";
import { BarList } from "@/components/charts/bar-list";
import { DailyBars } from "@/components/charts/daily-bars";
import { PageHead } from "@/components/ui/page-head";
import { RedactedText } from "@/components/ui/redacted-text";
import { Time } from "@/components/ui/time";
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
  const { pattern, days, trend, examples, versions } = found;
  return (
    <>
      <PageHead
        title={`${pattern.errorCategory} · ${pattern.agent.name}`}
        description={<>Seen {pattern.count.toLocaleString("en-US")} times, first <Time value={pattern.firstSeenAt} />, last <Time value={pattern.lastSeenAt} />.</>}
        actions={<Link className="btn" href={`/interactions?pattern=${pattern.id}`}>All its interactions</Link>}
      />
      <section className="panel">
        <dl className="kv">
          <dt>Action</dt><dd className="template">{pattern.actionTemplate}</dd>
          <dt>Error</dt><dd className="template">{pattern.errorTemplate || <span className="faint">(no message)</span>}</dd>
          <dt>Fingerprint</dt><dd className="mono faint">{pattern.fingerprint}</dd>
        </dl>
      </section>
      <div className="grid-2">
        <section className="panel" aria-label="Failures per day">
          <h2>Failures per day, last 30 days</h2>
          <DailyBars days={days} values={trend} unit="failures" />
        </section>
        <section className="panel" aria-label="By serving version">
          <h2>By serving version <span className="faint">(latest 5,000)</span></h2>
          <BarList items={versions} unit="failures" empty="No versions reported." />
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
                  <td><RedactedText text={example.userIntent} /></td>
                  <td className="template"><RedactedText text={example.agentAction} /></td>
                  <td><div className="json"><RedactedText text={JSON.stringify(example.apiResponse)} /></div></td>
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
