"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formText } from "@/lib/schemas/text";
import { action } from "@/lib/server/http/action";
import { createAccessToken, revokeAccessToken } from "@/lib/server/tokens";

const createTokenSchema = z.object({ name: formText(100, "The token name").min(1, "Name the token, e.g. release-pipeline.") });

/** Any signed-in person may hold tokens; a token can do only what their role can. */
export const createTokenAction = action(null, createTokenSchema, async (input, ctx) => {
  const { token, row } = await createAccessToken(ctx, input);
  revalidatePath("/account");
  return { token, prefix: row.prefix };
});

export const revokeTokenAction = action(null, z.object({ tokenId: z.uuid() }), async (input, ctx) => {
  const revoked = await revokeAccessToken(ctx, input.tokenId);
  revalidatePath("/account");
  return { prefix: revoked.prefix };
});
