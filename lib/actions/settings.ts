"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/server/http/action";
import { updateSettings } from "@/lib/server/settings";

// Each value is validated against its own definition inside the use-case.
const changesSchema = z.record(z.string(), z.union([z.number(), z.string()]));

export const updateSettingsAction = action("settings:manage", changesSchema, async (changes, ctx) => {
  const result = await updateSettings(ctx, changes);
  revalidatePath("/settings");
  return { changed: result.changed };
});
