import { SettingsForm } from "@/components/settings/settings-form";
import { PageHead } from "@/components/ui/page-head";
import { SETTING_DEFINITIONS } from "@/lib/domain/settings";
import { can } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";
import { getSettings } from "@/lib/server/settings";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("settings");
  const settings = await getSettings();
  const fields = SETTING_DEFINITIONS.map((definition) => ({
    key: definition.key,
    group: definition.group,
    label: definition.label,
    help: definition.help,
    unit: definition.unit,
    step: definition.step,
    defaultValue: definition.defaultValue,
    value: settings[definition.key],
  }));
  return (
    <>
      <PageHead title="Settings" description="The thresholds, targets and rates the loop runs on. Defaults come from field practice." />
      <SettingsForm fields={fields} editable={can(user.role, "settings:manage")} />
    </>
  );
}
