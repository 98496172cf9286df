import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { DateRangeFields, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { auditFilterSchema } from "@/lib/schemas/audit";
import { labelOf } from "@/lib/schemas/labels";
import { parseSearchParams, utcDateRange } from "@/lib/schemas/search-params";
import { auditFacets, listAuditEvents } from "@/lib/server/audit";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Audit" };

const PAGE_SIZE = 50;

function summary(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}: ${typeof item === "object" ? JSON.stringify(item) : String(item)}`)
    .join("\n");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("audit");
  const { cursor, ...params } = parseSearchParams(auditFilterSchema, await searchParams);
  const [{ events, nextCursor }, facets] = await Promise.all([
    listAuditEvents({ action: params.action, actor: params.actor, targetType: params.target, ...utcDateRange(params.from, params.to), cursor, limit: PAGE_SIZE }),
    auditFacets(),
  ]);
  const filtered = Object.values(params).some(Boolean);

  return (
    <>
      <PageHead title="Audit" description="Every change anyone or anything made, newest first." />
      <form className="panel form-row" method="get" aria-label="Filter audit events">
        <SelectField label="Action" name="action" value={params.action} options={facets.actions} anyLabel="Any action" />
        <label className="field">
          Actor
          <input name="actor" defaultValue={params.actor ?? ""} placeholder="email or agent" />
        </label>
        <SelectField label="Target" name="target" value={params.target} options={facets.targetTypes} anyLabel="Any target" />
        <DateRangeFields from={params.from} to={params.to} />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/audit">Clear</Link> : null}
      </form>
      {events.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? "Widen the dates or clear a filter." : "Sign-ins, invitations, agents, keys and settings changes are recorded here as they happen."}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Audit events">
            <thead>
              <tr><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>Before</th><th>After</th></tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td><Time value={event.at} /></td>
                  <td>{event.actorLabel} <span className="faint">{labelOf("actorType", event.actorType).toLowerCase()}</span></td>
                  <td className="mono">{event.action}</td>
                  <td>{event.targetType}{event.targetId ? <div className="faint mono" title={event.targetId}>{event.targetId.slice(0, 8)}</div> : null}</td>
                  <td><div className="json">{summary(event.before)}</div></td>
                  <td><div className="json">{summary(event.after)}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/audit" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older events" shown={events.length} />
    </>
  );
}
