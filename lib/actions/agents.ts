"use server";

import { revalidatePath } from "next/cache";
import { createAgentSchema, issueKeySchema, revokeKeySchema } from "@/lib/schemas/agents";
import { createAgent, issueApiKey, revokeApiKey } from "@/lib/server/agents";
import { action } from "@/lib/server/http/action";

export const createAgentAction = action("agents:manage", createAgentSchema, async (input, ctx) => {
  const agent = await createAgent(ctx, input);
  revalidatePath("/agents");
  return { id: agent.id, name: agent.name };
});

export const issueKeyAction = action("agents:manage", issueKeySchema, async (input, ctx) => {
  const issued = await issueApiKey(ctx, input);
  revalidatePath("/agents");
  return { key: issued.key, prefix: issued.apiKey.prefix, agentName: issued.agentName };
});

export const revokeKeyAction = action("agents:manage", revokeKeySchema, async (input, ctx) => {
  const revoked = await revokeApiKey(ctx, input.prefix);
  revalidatePath("/agents");
  return { prefix: revoked.prefix };
});
