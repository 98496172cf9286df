import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  await requirePage("rollouts");
  const settings = await getSettings();
  return (
    <>
      <PageHead title="Rollouts" description="Canary releases of distilled versions, with gates and a circuit breaker." />
      <EmptyState
        title="No rollouts yet"
        steps={[
          "A distillation run produces a model version that passes its sandbox replay.",
          `An operator starts a rollout: ${settings["canary.initialPercent"]}% of traffic first, compared against the current version.`,
          `Promotion needs a ${Math.round(settings["canary.minErrorReduction"] * 100)}% lower error rate and under ${settings["canary.maxLatencyIncreaseMs"]} ms added latency; a ${Math.round(settings["breaker.correctionFailureRate"] * 100)}% correction failure rate trips the breaker.`,
        ]}
      >
        Agents ask GET /api/v1/route which version to use; every rollout here shows both arms, their live outcomes and
        one-click promote or rollback.
      </EmptyState>
    </>
  );
}
