import Link from "next/link";
import { notFound } from "next/navigation";
import { EditCorrectionForm, EntrySwitch } from "@/components/knowledge/entry-admin";
import { ConfidenceMeter, Evidence, ReachLabel, RemedyOutcome, StateBadge } from "@/components/knowledge/entry-facts";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/domain/roles";
import { knowledgeSwitchSchema } from "@/lib/schemas/knowledge";
import { labelOf } from "@/lib/schemas/labels";
import { requirePage } from "@/lib/server/auth/guard";
import { UserError } from "@/lib/server/errors";
import { knowledgeEntry } from "@/lib/server/knowledge";

export const metadata = { title: "Knowledge entry" };

async function load(id: string) {
  try {
    return await knowledgeEntry(id);
  } catch (error) {
    if (error instanceof UserError && error.status === 404) notFound();
    throw error;
  }
}

export default async function KnowledgeEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("knowledge");
  const manage = can(user.role, "knowledge:manage");
  const { id } = await params;
  if (!knowledgeSwitchSchema.shape.entryId.safeParse(id).success) notFound();
  const { entry, intents, formula, activation, provenance } = await load(id);

  return (
    <>
      <PageHead
        title={`${entry.pattern.errorCategory} · ${entry.agent.name}`}
        description={<>Knowledge entry, version {entry.version}, updated <Time value={entry.updatedAt} />.</>}
        actions={
          <>
            <Link className="btn" href="/knowledge">All knowledge</Link>
            {manage ? <EntrySwitch key={entry.state} entryId={entry.id} state={entry.state} /> : null}
          </>
        }
      />
      <div className="knowledge-layout">
        <section className="panel" aria-label="Entry">
          <dl className="kv">
            <dt>Pattern</dt>
            <dd>
              <Link href={`/patterns/${entry.pattern.id}`}><span className="badge badge-danger">{entry.pattern.errorCategory}</span> <span className="template">{entry.pattern.actionTemplate}</span></Link>
            </dd>
            <dt>Error</dt><dd className="template">{entry.pattern.errorTemplate || <span className="faint">(no message)</span>}</dd>
            <dt>Correction</dt><dd><p className="correction" style={{ margin: 0 }}>{entry.correction}</p></dd>
            <dt>State</dt><dd data-testid="entry-state"><StateBadge state={entry.state} /></dd>
            <dt>Reach</dt><dd><ReachLabel reach={entry.reach} answering={entry.state === "active"} /> <span className="faint">· {entry.agent.name} is in the {labelOf("stage", entry.agent.stage).toLowerCase()} stage</span></dd>
            <dt>Remedy id</dt><dd><code>{entry.remedyId}</code> <span className="faint">agents report it back when they apply the correction</span></dd>
            <dt>Version</dt><dd>{entry.version}</dd>
            <dt>Origin</dt><dd>{entry.origin === "PACK" ? "Imported from a knowledge pack" : "Approved samples"} · created <Time value={entry.createdAt} /></dd>
            <dt>Evidence</dt><dd><Evidence approvals={entry.approvals} rejections={entry.rejections} /></dd>
            <dt>Remedies</dt>
            <dd>{entry.applied === 0 ? <span className="faint">No agent has reported applying it yet.</span> : <><RemedyOutcome applied={entry.applied} failed={entry.failed} /> <span className="faint">applied / failed, all time</span></>}</dd>
          </dl>
        </section>
        <div>
          <section className="panel" aria-label="How confident">
            <h2>How confident</h2>
            <div className="confidence-large"><ConfidenceMeter value={entry.confidence} activation={activation} /></div>
            <p className="code-block" style={{ margin: "10px 0" }}>{formula}</p>
            <p className="muted">
              It answers agents above {activation.toFixed(2)}, the activation threshold in Settings. Approvals raise support; rejections for a wrong or unsafe
              correction lower agreement.
            </p>
          </section>
          <section className="panel" aria-label="Intents">
            <h2>Intents it was approved for</h2>
            {intents.length === 0 ? (
              <p className="faint">None recorded: imported entries carry their pack&apos;s intents, approvals add the sample&apos;s user intent.</p>
            ) : (
              <div className="table-wrap">
                <table className="data">
                  <thead><tr><th>User intent (normalised)</th><th className="num">Approvals</th></tr></thead>
                  <tbody>
                    {intents.map(([intent, count]) => (
                      <tr key={intent}><td className="template">{intent}</td><td className="num">{count}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      </div>

      {manage ? <EditCorrectionForm key={entry.version} entryId={entry.id} correction={entry.correction} /> : null}

      <section className="panel" aria-label="Provenance">
        <h2>Provenance <span className="faint">(latest 200 decisions)</span></h2>
        {provenance.length === 0 ? (
          <p className="faint">No reviewer decisions yet: each approval or rejection of a sample with this correction is listed here.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead><tr><th>Sample</th><th>Decision</th><th>Reviewer</th><th className="num">Sample confidence</th><th>When</th></tr></thead>
              <tbody>
                {provenance.map((row) => (
                  <tr key={row.sampleId}>
                    <td><code className="nowrap">{row.sampleId}</code></td>
                    <td><span className={row.kind === "APPROVED" ? "badge badge-ok" : "badge badge-danger"}>{row.kind === "APPROVED" ? "Approved" : "Rejected"}</span></td>
                    <td>{row.reviewer ?? <span className="faint">—</span>}</td>
                    <td className="num">{row.confidence.toFixed(2)}</td>
                    <td><Time value={row.at} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
