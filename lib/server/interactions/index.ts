import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import { findInteraction, listInteractions as loadInteractions, reportedVersions, type InteractionFilter } from "@/lib/db/interactions";

export type { InteractionFilter };

export async function listInteractions(filter: InteractionFilter) {
  return loadInteractions(await db(), filter);
}

export async function getInteraction(id: bigint) {
  return findInteraction(await db(), id);
}

export async function interactionFacets() {
  const prisma = await db();
  const [agents, versions] = await Promise.all([agentNames(prisma), reportedVersions(prisma)]);
  return { agents, versions };
}
