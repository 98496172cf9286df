import { db } from "@/lib/db/client";
import { bumpServingVersion } from "@/lib/db/serving";
import { saveSetting, storedSettings } from "@/lib/db/settings";
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
  type ChoiceSettingKey,
  type ChoiceSettings,
  type ListSettings,
  type SettingErrors,
  type Settings,
} from "@/lib/domain/settings";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { UserError } from "@/lib/server/errors";
import { invalidateSettingsCache } from "./cache";

export async function getSettings(): Promise<Settings> {
  return resolveSettings(await storedSettings(await db()));
}

export async function getListSettings(): Promise<ListSettings> {
  return resolveListSettings(await storedSettings(await db()));
}

export async function getChoiceSettings(): Promise<ChoiceSettings> {
  return resolveChoiceSettings(await storedSettings(await db()));
}

export async function getPiiSettings() {
  const stored = await storedSettings(await db());
  return piiSettingsOf(resolveSettings(stored), resolveChoiceSettings(stored));
}

export class SettingsInvalid extends UserError {
  constructor(readonly errors: SettingErrors) {
    super("Some settings are out of range; nothing was saved.", 422, errors as Record<string, string>);
  }
}

/** Saves a set of changes all or nothing, with one audit event listing before and after. */
export async function updateSettings(ctx: RequestContext, changes: Record<string, unknown>): Promise<{ settings: Settings; changed: string[] }> {
  const isWord = (key: string) => isListSetting(key) || isChoiceSetting(key);
  const numeric = Object.fromEntries(Object.entries(changes).filter(([key]) => !isWord(key)));
  const words = Object.entries(changes).filter(([key]) => isWord(key));
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const stored = await storedSettings(tx);
    const current = resolveSettings(stored);
    const currentWords: Record<string, unknown> = { ...resolveListSettings(stored), ...resolveChoiceSettings(stored) };
    const result = applySettingChanges(current, numeric);
    const errors: SettingErrors = result.ok ? {} : { ...result.errors };
    const changed: Array<[string, unknown, unknown]> = result.ok
      ? result.changed.map((key) => [key, current[key], result.settings[key]])
      : [];
    for (const [key, raw] of words) {
      const parsed = isListSetting(key) ? parseListSetting(key, raw) : parseChoiceSetting(key as ChoiceSettingKey, raw);
      if (!parsed.ok) errors[key] = parsed.error;
      else if (JSON.stringify(parsed.value) !== JSON.stringify(currentWords[key])) changed.push([key, currentWords[key], parsed.value]);
    }
    if (!result.ok || Object.keys(errors).length > 0) throw new SettingsInvalid(errors);
    if (changed.length === 0) return { settings: current, changed: [] };
    const updatedById = ctx.actor.type === "USER" ? ctx.actor.id : null;
    for (const [key, , value] of changed) {
      await saveSetting(tx, key, value, updatedById);
    }
    await recordAudit(tx, ctx, {
      action: "settings.update",
      targetType: "settings",
      before: Object.fromEntries(changed.map(([key, before]) => [key, before])),
      after: Object.fromEntries(changed.map(([key, , after]) => [key, after])),
    });
    // Thresholds decide what agents are served: every process rebuilds its remedy index.
    await bumpServingVersion(tx);
    invalidateSettingsCache();
    return { settings: result.settings, changed: changed.map(([key]) => key) };
  });
}
