import { db } from "@/lib/db/client";
import {
  applySettingChanges,
  isChoiceSetting,
  isListSetting,
  parseChoiceSetting,
  piiSettingsOf,
  resolveChoiceSettings,
  parseListSetting,
  resolveListSettings,
  resolveSettings,
  type ChoiceSettings,
  type ListSettings,
  type SettingErrors,
  type Settings,
} from "@/lib/domain/settings";
import type { RequestContext } from "./actor";
import { recordAudit } from "./audit";
import { UserError } from "./errors";
import { invalidateSettingsCache } from "./settings-cache";

export async function getSettings(): Promise<Settings> {
  const prisma = await db();
  return resolveSettings(await prisma.setting.findMany());
}

export async function getListSettings(): Promise<ListSettings> {
  const prisma = await db();
  return resolveListSettings(await prisma.setting.findMany());
}

export async function getChoiceSettings(): Promise<ChoiceSettings> {
  const prisma = await db();
  return resolveChoiceSettings(await prisma.setting.findMany());
}

export async function getPiiSettings() {
  const prisma = await db();
  const stored = await prisma.setting.findMany();
  return piiSettingsOf(resolveSettings(stored), resolveChoiceSettings(stored));
}

export class SettingsInvalid extends UserError {
  constructor(readonly errors: SettingErrors) {
    super("Some settings are out of range; nothing was saved.", 422, errors as Record<string, string>);
  }
}

/** Saves a set of changes all or nothing, with one audit event listing before and after. */
export async function updateSettings(ctx: RequestContext, changes: Record<string, unknown>): Promise<{ settings: Settings; changed: string[] }> {
  const numeric = Object.fromEntries(Object.entries(changes).filter(([key]) => !isListSetting(key) && !isChoiceSetting(key)));
  const lists = Object.entries(changes).filter(([key]) => isListSetting(key));
  const choices = Object.entries(changes).filter(([key]) => isChoiceSetting(key));
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const stored = await tx.setting.findMany();
    const current = resolveSettings(stored);
    const currentLists = resolveListSettings(stored);
    const currentChoices = resolveChoiceSettings(stored);
    const result = applySettingChanges(current, numeric);
    const errors: SettingErrors = result.ok ? {} : { ...result.errors };
    const listChanges: Array<[keyof ListSettings, string[]]> = [];
    for (const [key, raw] of lists) {
      const parsed = parseListSetting(key as keyof ListSettings, raw);
      if (!parsed.ok) errors[key] = parsed.error;
      else if (parsed.value.join(",") !== currentLists[key as keyof ListSettings].join(",")) listChanges.push([key as keyof ListSettings, parsed.value]);
    }
    const choiceChanges: Array<[keyof ChoiceSettings, string]> = [];
    for (const [key, raw] of choices) {
      const parsed = parseChoiceSetting(key as keyof ChoiceSettings, raw);
      if (!parsed.ok) errors[key] = parsed.error;
      else if (parsed.value !== currentChoices[key as keyof ChoiceSettings]) choiceChanges.push([key as keyof ChoiceSettings, parsed.value]);
    }
    if (!result.ok || Object.keys(errors).length > 0) throw new SettingsInvalid(errors);
    const changed: Array<[string, unknown, unknown]> = [
      ...result.changed.map((key) => [key, current[key], result.settings[key]] as [string, unknown, unknown]),
      ...listChanges.map(([key, value]) => [key, currentLists[key], value] as [string, unknown, unknown]),
      ...choiceChanges.map(([key, value]) => [key, currentChoices[key], value] as [string, unknown, unknown]),
    ];
    if (changed.length === 0) return { settings: current, changed: [] };
    const updatedById = ctx.actor.type === "USER" ? ctx.actor.id : null;
    for (const [key, , value] of changed) {
      await tx.setting.upsert({
        where: { key },
        create: { key, value: value as never, updatedById },
        update: { value: value as never, updatedById },
      });
    }
    await recordAudit(tx, ctx, {
      action: "settings.update",
      targetType: "settings",
      before: Object.fromEntries(changed.map(([key, before]) => [key, before])),
      after: Object.fromEntries(changed.map(([key, , after]) => [key, after])),
    });
    invalidateSettingsCache();
    return { settings: result.settings, changed: changed.map(([key]) => key) };
  });
}
