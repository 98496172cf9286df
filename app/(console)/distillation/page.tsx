import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { requirePage } from "@/lib/server/auth/guard";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Distillation" };

export default async function DistillationPage() {
  await requirePage("distillation");
  const settings = await getSettings();
  return (
    <>
      <PageHead title="Distillation" description="Knowledge entries and small models trained from approved samples." />
      <EmptyState
        title="Nothing distilled yet"
        steps={[
          "Reviewers approve samples in the Review queue.",
          `An operator starts a distillation run; only approved samples above the quality filter (${settings["distillation.qualityFilter"].toFixed(2)}) are used.`,
          "Each run reports hold-out accuracy and its safety evaluation, and produces a model version you can roll out.",
        ]}
      >
        Approved corrections become knowledge entries (active above {settings["knowledge.activationConfidence"].toFixed(2)} confidence) and training data for distilled models.
      </EmptyState>
    </>
  );
}
