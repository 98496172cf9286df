import { agentNameSchema } from "@/lib/schemas/agents";
import { findAgentByName } from "@/lib/server/agents";
import { notFound } from "@/lib/server/errors";

/**
 * Ops requests name agents as pipelines know them; the use-cases take ids.
 * A name no agent could have (a NUL in a query string, say) is not looked up.
 */
export async function agentIdByName(name: string): Promise<string> {
  const agent = agentNameSchema.safeParse(name).success ? await findAgentByName(name) : null;
  if (!agent) throw notFound(`The agent ${name}`);
  return agent.id;
}
