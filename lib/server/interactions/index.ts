import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import {
  countInteractions,
  countSearchMatches,
  findInteraction,
  interactionExists,
  latestInteractionAt,
  listInteractions as loadInteractions,
  listSessions as loadSessions,
  reportedVersions,
  SEARCH_WINDOW,
  sessionSize,
  type InteractionFilter,
} from "@/lib/db/interactions";

export type { InteractionFilter };
export { INTERACTION_SORTS, SEARCH_WINDOW, type InteractionSort, type InteractionCount, type SessionGroup } from "@/lib/db/interactions";

export async function listInteractions(filter: InteractionFilter) {
  return loadInteractions(await db(), filter);
}

/**
 * The interactions page: a page of rows, the count of what passes the filters
 * and, for a search, how many of the scanned window match and what the text
 * names exactly (an interaction id, a session), wherever it is in time.
 */
export async function findInteractions(filter: InteractionFilter) {
  const prisma = await db();
  const search = filter.search?.trim() || undefined;
  const firstPage = !filter.cursor;
  const [page, count, exactId, sessionCount] = await Promise.all([
    loadInteractions(prisma, filter),
    countInteractions(prisma, filter),
    search ? interactionExists(prisma, search) : false,
    search && !filter.sessionId ? sessionSize(prisma, search) : 0,
  ]);
  // A page that ended before filling holds every match of its window: count them only when it filled.
  let matches: { matches: number; scanned: number } | null = null;
  if (search && firstPage) {
    if (page.searchEnded === "page") matches = await countSearchMatches(prisma, { ...filter, search });
    else matches = { matches: page.interactions.length, scanned: page.searchEnded === "window" ? SEARCH_WINDOW : count.value };
  }
  return { ...page, count, matches, exactId: exactId ? search : undefined, session: sessionCount > 0 ? { id: search as string, size: sessionCount } : undefined };
}

export async function listSessions(filter: InteractionFilter) {
  const prisma = await db();
  return loadSessions(prisma, filter);
}

/** What is stored at all, whatever a page's period: how many interactions (lib/db countInteractions) and the newest one's time. */
export async function storedInteractions() {
  const prisma = await db();
  const [count, latestAt] = await Promise.all([countInteractions(prisma, {}), latestInteractionAt(prisma)]);
  return { count, latestAt };
}

export async function getInteraction(id: bigint) {
  return findInteraction(await db(), id);
}

export async function interactionFacets() {
  const prisma = await db();
  const [agents, versions] = await Promise.all([agentNames(prisma), reportedVersions(prisma)]);
  return { agents, versions };
}
