import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { reviewCostPerSample } from "@/lib/domain/settings";
import { requirePage } from "@/lib/server/auth/guard";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "KPIs" };

export default async function KpisPage() {
  await requirePage("kpis");
  const s = await getSettings();
  return (
    <>
      <PageHead title="KPIs and cost" description="Is the loop working, and what does it cost?" />
      <EmptyState
        title="No interactions to measure yet"
        steps={[
          `Error rate: failed / all interactions, target under ${(s["target.errorRate"] * 100).toFixed(1)}%.`,
          `Error to deployment: mean time from a failure to its deployed correction, target under ${s["target.errorToDeploySeconds"]} s.`,
          `Distillation accuracy over ${Math.round(s["target.distillationAccuracy"] * 100)}%, review effort under ${s["target.reviewHoursPer1000"]} h per 1,000 samples, safety compliance ${Math.round(s["target.safetyCompliance"] * 100)}%.`,
          `Cost: review at ${s["cost.reviewMinutesPerSample"]} min per sample and $${s["cost.reviewerHourlyRate"]}/h ($${reviewCostPerSample(s).toFixed(2)} per sample), distillation at $${s["cost.distillationPerSample"]} per sample.`,
        ]}
      >
        These charts fill in from daily rollups as soon as agents send interactions. Targets and rates are on the Settings page.
      </EmptyState>
    </>
  );
}
