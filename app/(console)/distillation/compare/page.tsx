import Link from "next/link";
import { notFound } from "next/navigation";
import { runName } from "@/components/distillation/format";
import { RunComparison } from "@/components/distillation/run-comparison";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { compareSchema, type RunView } from "@/lib/schemas/distillation";
import { labelOf } from "@/lib/schemas/labels";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { getRun, listRuns } from "@/lib/server/distillation";
import { UserError } from "@/lib/server/errors";

export const metadata = { title: "Compare runs" };

async function runOrNotFound(id: string | undefined): Promise<RunView | null> {
  if (!id) return null;
  return getRun(id).catch((error: unknown) => {
    if (error instanceof UserError && error.status === 404) notFound();
    throw error;
  });
}

const optionOf = (run: RunView) => ({
  value: run.id,
  label: `${runName(run)} · ${run.modelVersion?.version ?? labelOf("jobStatus", run.status).toLowerCase()} · ${run.createdAt.toISOString().slice(0, 10)}`,
});

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePage("distillation");
  const query = parseSearchParams(compareSchema, await searchParams);
  const [{ runs }, a, b] = await Promise.all([listRuns({}), runOrNotFound(query.a), runOrNotFound(query.b)]);
  // The newest runs, and the two compared even when they are older than that.
  const choices = [...runs];
  for (const run of [a, b]) if (run && !choices.some((other) => other.id === run.id)) choices.push(run);
  const options = choices.map(optionOf);

  return (
    <>
      <PageHead
        title="Compare runs"
        description="Two distillation runs figure by figure; the better value of each comparable figure is marked."
        actions={<Link className="btn" href="/distillation">All runs</Link>}
      />
      <form className="panel form-row compare-picker" method="get" aria-label="Choose runs">
        <SelectField label="Run A" name="a" value={a?.id} options={options} anyLabel="Choose a run" />
        <SelectField label="Run B" name="b" value={b?.id} options={options} anyLabel="Choose a run" />
        <button className="btn btn-primary" type="submit">Compare</button>
      </form>
      {a && b ? (
        <>
          {a.id === b.id ? <div className="alert alert-warn">Both sides are the same run: choose another for one of them.</div> : null}
          <RunComparison a={a} b={b} />
        </>
      ) : choices.length < 2 ? (
        <EmptyState title="Not enough runs to compare">
          Comparing needs two runs. Operators start runs on the <Link href="/distillation">Distillation</Link> page; each finished run adds its figures here.
        </EmptyState>
      ) : (
        <EmptyState title={a || b ? "Choose the second run" : "Choose two runs"}>
          Pick a run for each side above, or tick two runs in the list on the <Link href="/distillation">Distillation</Link> page and choose Compare.
        </EmptyState>
      )}
    </>
  );
}
