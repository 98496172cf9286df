import Link from "next/link";
import { z } from "zod";
import { RunTable } from "@/components/distillation/run-table";
import { StartRunForm } from "@/components/distillation/start-run-form";
import { dollars, whole } from "@/components/distillation/format";
import { EmptyState } from "@/components/ui/empty-state";
import { AgentSelect, SelectField } from "@/components/ui/filter-fields";
import { PageHead } from "@/components/ui/page-head";
import { Pager } from "@/components/ui/pager";
import { can } from "@/lib/domain/roles";
import { RUN_STATUSES, runFilterSchema } from "@/lib/schemas/distillation";
import { optionsOf } from "@/lib/schemas/labels";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { requirePage } from "@/lib/server/auth/guard";
import { listRuns } from "@/lib/server/distillation";
import { topPatterns } from "@/lib/server/patterns";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Distillation" };

/** The list's filter, and `for`: the agent the start form is choosing patterns of. */
const pageSchema = runFilterSchema.extend({ for: z.uuid().optional().catch(undefined) });

export default async function DistillationPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePage("distillation");
  const { cursor, for: patternAgentId, ...params } = parseSearchParams(pageSchema, await searchParams);
  const canRun = can(user.role, "distillation:run");
  const [{ runs, nextCursor, agents }, settings, patterns] = await Promise.all([
    listRuns({ ...params, cursor }),
    getSettings(),
    canRun && patternAgentId ? topPatterns({ range: "30d", agentId: patternAgentId }).then((found) => found.patterns) : Promise.resolve([]),
  ]);
  const filtered = Object.values(params).some(Boolean);
  const defaults = {
    qualityFilter: settings["distillation.qualityFilter"],
    maxSamples: settings["distillation.maxSamples"],
    minSamples: settings["distillation.minSamples"],
    costPerSample: settings["cost.distillationPerSample"],
  };

  return (
    <>
      <PageHead
        title="Distillation"
        description={`Student models trained from approved samples, measured on held-out samples against the ${(settings["target.distillationAccuracy"] * 100).toFixed(0)}% accuracy target and checked for safety before any rollout.`}
      />
      {canRun ? (
        <StartRunForm
          agents={agents}
          patternAgentId={patternAgentId}
          patterns={patterns.map((pattern) => ({ id: pattern.id, label: `${pattern.errorCategory} · ${pattern.actionTemplate}`, failures: pattern.failures }))}
          defaults={defaults}
          query={params}
        />
      ) : null}
      <form className="panel form-row" method="get" aria-label="Filter runs">
        <AgentSelect agents={agents} value={params.agent} />
        <SelectField label="Status" name="status" value={params.status} options={optionsOf("jobStatus", RUN_STATUSES)} anyLabel="Any status" />
        <button className="btn btn-primary" type="submit">Filter</button>
        {filtered ? <Link className="btn" href="/distillation">Clear</Link> : null}
      </form>
      {runs.length === 0 ? (
        filtered ? (
          <EmptyState title="No runs match these filters">Clear a filter to see the others.</EmptyState>
        ) : (
          <EmptyState
            title="No distillation runs yet"
            steps={[
              <>Reviewers approve samples in <Link href="/review">Review</Link>; an agent past the observation stage reports its failures with corrections.</>,
              `A run needs at least ${whole(defaults.minSamples)} approved samples of one agent above confidence ${defaults.qualityFilter.toFixed(2)}, holding at least 2 distinct corrections.`,
              canRun
                ? `Preview the scope above to see what qualifies and what it costs (${dollars(defaults.costPerSample)} per sample), then start the run.`
                : `An operator previews the scope and its cost (${dollars(defaults.costPerSample)} per sample), then starts the run.`,
            ]}
          >
            Each run trains a small student model, reports its hold-out accuracy, calibration and safety evaluation, and stores a model version that can be rolled out.
          </EmptyState>
        )
      ) : (
        <RunTable runs={runs} />
      )}
      <Pager basePath="/distillation" params={params} cursor={cursor} nextCursor={nextCursor} olderLabel="Older runs" shown={runs.length} />
    </>
  );
}
