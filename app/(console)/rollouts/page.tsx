import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  await requirePage("rollouts");
  return (
    <>
      <PageHead title="Rollouts" description="Canary releases of distilled versions, with gates and a circuit breaker." />
      <EmptyState
        title="No rollouts yet"
        steps={[
          "A distillation run produces a model version that passes its sandbox replay.",
          "An operator starts a rollout: 5% of traffic first, compared against the current version.",
          "Promotion needs a 40% lower error rate and under 50 ms added latency; a 30% correction failure rate trips the breaker.",
        ]}
      >
        Agents ask GET /api/v1/route which version to use; every rollout here shows both arms, their live outcomes and
        one-click promote or rollback.
      </EmptyState>
    </>
  );
}
