import { SettingsForm } from "@/components/settings/settings-form";
import { PageHead } from "@/components/ui/page-head";
import { CHOICE_SETTING_DEFINITIONS, LIST_SETTING_DEFINITIONS, SETTING_DEFINITIONS } from "@/lib/domain/settings";
import { can } from "@/lib/domain/roles";
import { labelOf, optionsOf } from "@/lib/schemas/labels";
import { requirePage } from "@/lib/server/auth/guard";
import { getChoiceSettings, getListSettings, getSettings } from "@/lib/server/settings";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("settings");
  const [settings, lists, choices] = await Promise.all([getSettings(), getListSettings(), getChoiceSettings()]);
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
  const choiceFields = CHOICE_SETTING_DEFINITIONS.map((definition) => ({
    key: definition.key,
    group: definition.group,
    label: labelOf("piiType", definition.type),
    options: optionsOf("piiOperator", definition.options),
    value: choices[definition.key],
  }));
  return (
    <>
      <PageHead title="Settings" description="The thresholds, targets and rates the loop runs on. Defaults come from field practice." />
      <SettingsForm fields={fields} listFields={listFields} choiceFields={choiceFields} editable={can(user.role, "settings:manage")} />
    </>
  );
}
