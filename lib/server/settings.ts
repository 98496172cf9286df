import { db } from "@/lib/db/client";
import { applySettingChanges, resolveSettings, type SettingErrors, type Settings } from "@/lib/domain/settings";
import type { RequestContext } from "./actor";
import { recordAudit } from "./audit";
import { UserError } from "./errors";
import { invalidateSettingsCache } from "./settings-cache";

export async function getSettings(): Promise<Settings> {
  const prisma = await db();
  return resolveSettings(await prisma.setting.findMany());
}

export class SettingsInvalid extends UserError {
  constructor(readonly errors: SettingErrors) {
    super("Some settings are out of range; nothing was saved.", 422, errors as Record<string, string>);
  }
}

/** Saves a set of changes all or nothing, with one audit event listing before and after. */
export async function updateSettings(ctx: RequestContext, changes: Record<string, unknown>): Promise<{ settings: Settings; changed: string[] }> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const current = resolveSettings(await tx.setting.findMany());
    const result = applySettingChanges(current, changes);
    if (!result.ok) throw new SettingsInvalid(result.errors);
    if (result.changed.length === 0) return { settings: current, changed: [] };
    const updatedById = ctx.actor.type === "USER" ? ctx.actor.id : null;
    for (const key of result.changed) {
      await tx.setting.upsert({
        where: { key },
        create: { key, value: result.settings[key], updatedById },
        update: { value: result.settings[key], updatedById },
      });
    }
    await recordAudit(tx, ctx, {
      action: "settings.update",
      targetType: "settings",
      before: Object.fromEntries(result.changed.map((key) => [key, current[key]])),
      after: Object.fromEntries(result.changed.map((key) => [key, result.settings[key]])),
    });
    invalidateSettingsCache();
    return { settings: result.settings, changed: result.changed };
  });
}
