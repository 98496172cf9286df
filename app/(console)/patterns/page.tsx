import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Patterns" };

export default async function PatternsPage() {
  await requirePage("patterns");
  return (
    <>
      <PageHead title="Failure patterns" description="Recurring failures grouped by fingerprint, with daily trends." />
      <EmptyState
        title="No failures recorded yet"
        steps={[
          "Create an agent and an API key on the Agents page.",
          "The agent sends every interaction to POST /api/v1/interactions.",
          "Failed interactions are fingerprinted (category, normalised action and error) and grouped here.",
        ]}
      >
        This page will show the top patterns for today, 7 and 30 days, how they trend, and which categories, actions and
        versions they come from.
      </EmptyState>
    </>
  );
}
