import { SettingsForm } from "@/components/settings/settings-form";
import { PageHead } from "@/components/ui/page-head";
import { LIST_SETTING_DEFINITIONS, SETTING_DEFINITIONS } from "@/lib/domain/settings";
import { can } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";
import { getListSettings, getSettings } from "@/lib/server/settings";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("settings");
  const [settings, lists] = await Promise.all([getSettings(), getListSettings()]);
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
  const listFields = LIST_SETTING_DEFINITIONS.map((definition) => ({
    key: definition.key,
    group: definition.group,
    label: definition.label,
    help: definition.help,
    value: lists[definition.key].join(", "),
  }));
  return (
    <>
      <PageHead title="Settings" description="The thresholds, targets and rates the loop runs on. Defaults come from field practice." />
      <SettingsForm fields={fields} listFields={listFields} editable={can(user.role, "settings:manage")} />
    </>
  );
}
