import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Review" };

export default async function ReviewPage() {
  await requirePage("review");
  return (
    <>
      <PageHead title="Review queue" description="Samples waiting for a human decision, high-value first." />
      <EmptyState
        title="No samples to review yet"
        steps={[
          "An agent sends a failed interaction that carries a correction to POST /api/v1/interactions.",
          "Remedy strips personal data, and the gates decide whether the sample needs a human.",
          "Samples that do appear here one at a time: approve, reject or edit them from the keyboard.",
        ]}
      >
        Samples are failures paired with their corrections. Agents in the observation stage only record; their samples
        start arriving once an agent passes its first 1,000 interactions.
      </EmptyState>
    </>
  );
}
