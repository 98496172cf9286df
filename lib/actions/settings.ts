"use server";

import { revalidatePath } from "next/cache";
import { settingsChangesSchema } from "@/lib/schemas/settings";
import { action } from "@/lib/server/http/action";
import { updateSettings } from "@/lib/server/settings";

export const updateSettingsAction = action("settings:manage", settingsChangesSchema, async (changes, ctx) => {
  const result = await updateSettings(ctx, changes);
  revalidatePath("/settings");
  return { changed: result.changed };
});
