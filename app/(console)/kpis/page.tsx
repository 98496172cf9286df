import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "KPIs" };

export default async function KpisPage() {
  await requirePage("kpis");
  return (
    <>
      <PageHead title="KPIs and cost" description="Is the loop working, and what does it cost?" />
      <EmptyState
        title="No interactions to measure yet"
        steps={[
          "Error rate: failed / all interactions, target under 2%.",
          "Error to deployment: mean time from a failure to its deployed correction, target under 30 s.",
          "Distillation accuracy over 90%, review effort under 5 h per 1,000 samples, safety compliance 100%.",
          "Cost: review at 5 min per sample and $50/h ($4.17 per sample), distillation at $10 per sample.",
        ]}
      >
        These charts fill in from daily rollups as soon as agents send interactions. Targets and rates are on the Settings page.
      </EmptyState>
    </>
  );
}
