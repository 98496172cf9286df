import { findAgentByName } from "@/lib/server/agents";
import { notFound } from "@/lib/server/errors";

/** Ops requests name agents as pipelines know them; the use-cases take ids. */
export async function agentIdByName(name: string): Promise<string> {
  const agent = await findAgentByName(name);
  if (!agent) throw notFound(`The agent ${name}`);
  return agent.id;
}
