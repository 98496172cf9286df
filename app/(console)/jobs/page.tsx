import Link from "next/link";
import { JobTable } from "@/components/jobs/job-table";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { can } from "@/lib/domain/roles";
import { jobFilterSchema } from "@/lib/schemas/jobs";
import { optionsOf } from "@/lib/schemas/labels";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { listJobs } from "@/lib/server/jobs";

export const metadata = { title: "Jobs" };

const PAGE_SIZE = 50;

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePage("jobs");
  const { cursor, ...params } = parseSearchParams(jobFilterSchema, await searchParams);
  const { items, nextCursor, counts, kinds } = await listJobs({ ...params, cursor, limit: PAGE_SIZE });
  const filtered = Object.values(params).some(Boolean);
  const failed = counts.FAILED ?? 0;

  return (
    <>
      <PageHead
        title="Jobs"
        description={`Background work, newest first: ${counts.QUEUED ?? 0} queued, ${counts.RUNNING ?? 0} running, ${failed} failed.`}
      />
      <form className="panel form-row" method="get" aria-label="Filter jobs">
        <SelectField label="Status" name="status" value={params.status} options={optionsOf("jobStatus")} anyLabel="Any status" />
        <SelectField label="Kind" name="kind" value={params.kind} options={kinds} anyLabel="Any kind" />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/jobs">Clear</Link> : null}
        {failed > 0 && params.status !== "FAILED" ? <Link className="btn" href="/jobs?status=FAILED">Show the {failed} failed</Link> : null}
      </form>
      {items.length === 0 ? (
        <EmptyState title={filtered ? "No jobs match these filters" : "No jobs yet"}>
          {filtered
            ? "Clear a filter to see the others."
            : "Work that runs in the background, such as retraining the pre-screen after reviewers' decisions, appears here with its progress and any failure."}
        </EmptyState>
      ) : (
        <JobTable jobs={items} canManage={can(user.role, "jobs:manage")} />
      )}
      <Pager basePath="/jobs" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older jobs" shown={items.length} />
    </>
  );
}
