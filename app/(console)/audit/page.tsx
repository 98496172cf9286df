import Link from "next/link";
import { z } from "zod";
import { EmptyState } from "@/components/ui/empty-state";
import { DateRangeFields } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { parseSearchParams, utcDateRange } from "@/lib/schemas/search-params";
import { auditFacets, listAuditEvents } from "@/lib/server/audit";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Audit" };

const PAGE_SIZE = 50;

const filterSchema = z.object({
  action: z.string().max(100).optional().catch(undefined),
  actor: z.string().max(200).optional().catch(undefined),
  target: z.string().max(100).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
});

function summary(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}: ${typeof item === "object" ? JSON.stringify(item) : String(item)}`)
    .join("\n");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("audit");
  const raw = await searchParams;
  const filter = parseSearchParams(filterSchema, raw);
  const range = utcDateRange(filter.from, filter.to);
  const [{ events, nextBefore }, facets] = await Promise.all([
    listAuditEvents({
      action: filter.action,
      actor: filter.actor,
      targetType: filter.target,
      ...range,
      before: filter.before ? BigInt(filter.before) : undefined,
      limit: PAGE_SIZE,
    }),
    auditFacets(),
  ]);
  const keep = new URLSearchParams(Object.entries({ ...filter, before: undefined }).filter(([, value]) => value) as [string, string][]);
  const olderHref = nextBefore ? `/audit?${new URLSearchParams({ ...Object.fromEntries(keep), before: nextBefore })}` : null;
  const filtered = Boolean(filter.action || filter.actor || filter.target || filter.from || filter.to);

  return (
    <>
      <PageHead title="Audit" description="Every change anyone or anything made, newest first." />
      <form className="panel form-row" method="get" aria-label="Filter audit events">
        <label className="field">
          Action
          <select name="action" defaultValue={filter.action ?? ""}>
            <option value="">Any action</option>
            {facets.actions.map((action) => <option key={action} value={action}>{action}</option>)}
          </select>
        </label>
        <label className="field">
          Actor
          <input name="actor" defaultValue={filter.actor ?? ""} placeholder="email or agent" />
        </label>
        <label className="field">
          Target
          <select name="target" defaultValue={filter.target ?? ""}>
            <option value="">Any target</option>
            {facets.targetTypes.map((target) => <option key={target} value={target}>{target}</option>)}
          </select>
        </label>
        <DateRangeFields from={filter.from} to={filter.to} />
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
                  <td>{event.actorLabel} <span className="faint">{event.actorType.toLowerCase()}</span></td>
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
      <div className="pager">
        {filter.before ? <Link className="btn" href={`/audit?${keep}`}>Newest</Link> : null}
        {olderHref ? <Link className="btn" href={olderHref}>Older events</Link> : null}
        <span className="faint">{events.length} shown</span>
      </div>
    </>
  );
}
