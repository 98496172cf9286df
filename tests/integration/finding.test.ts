import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { countInteractions, countSearchMatches, listInteractions, listSessions } from "@/lib/db/interactions";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { findInteractions } from "@/lib/server/interactions";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

describe.each(BACKENDS)("finding interactions on %s", (backend) => {
  let close: () => Promise<void>;
  let agentId: string;

  beforeAll(async () => {
    ({ close } = await openTestDatabase(backend));
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: "finder", description: "" });
    agentId = agent.id;
    const { key } = await issueApiKey(system, { agentId, label: "" });
    // 12 interactions, one a minute: 0 is the newest. Sessions of three; latencies and confidences vary.
    const items = Array.from({ length: 12 }, (_, i) => interaction({
      timestamp: minutesAgo(i + 1),
      user_intent: i === 7 ? "refund the order with voucher ZEBRA-7" : `check balance ${i}`,
      agent_action: i === 3 ? "POST /payments/capture" : "GET /balance",
      api_response: i === 5 ? { error: "HTTP 418 teapot_50%" } : { error: "429 Rate Limit Exceeded" },
      error_category: i % 4 === 0 ? null : "rate_limit",
      latency_ms: i === 9 ? 9_000 : 100 + i,
      confidence_score: i === 2 ? 0.05 : 0.9,
      session_id: `sess-${Math.floor(i / 3)}`,
    }));
    const response = await postInteractions(key, { interactions: items });
    expect(response.json.accepted).toBe(12);
  });
  afterAll(() => close());

  it("searches intent, action and response, and escapes LIKE's wildcards", async () => {
    const prisma = await db();
    expect((await listInteractions(prisma, { search: "zebra" })).interactions.map((row) => row.userIntent)).toEqual(["refund the order with voucher ZEBRA-7"]);
    expect((await listInteractions(prisma, { search: "payments/capture" })).interactions).toHaveLength(1);
    expect((await listInteractions(prisma, { search: "teapot_50%" })).interactions).toHaveLength(1);
    expect((await listInteractions(prisma, { search: "teapot_5%" })).interactions).toHaveLength(0);
    expect((await listInteractions(prisma, { search: "429", outcome: "failed" })).interactions).toHaveLength(8);
  });

  it("finds an interaction by its id and a session by its id", async () => {
    const prisma = await db();
    const [newest] = (await listInteractions(prisma, {})).interactions;
    const byId = await listInteractions(prisma, { search: newest.id });
    expect(byId.interactions.map((row) => row.id)).toContain(newest.id);
    const found = await findInteractions({ search: "sess-2" });
    expect(found.session).toEqual({ id: "sess-2", size: 3 });
    expect(found.interactions.map((row) => row.sessionId)).toEqual(["sess-2", "sess-2", "sess-2"]);
    expect(found.matches).toEqual({ matches: 3, scanned: 12 });
    expect((await findInteractions({ search: newest.id })).exactId).toBe(newest.id);
  });

  it("pages a search window by window without skipping or repeating a match", async () => {
    const prisma = await db();
    // A window of 5 rows: "check balance" matches 11 of 12, so each window is a short page.
    const seen: string[] = [];
    let cursor: string | undefined;
    const endings: string[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const page = await listInteractions(prisma, { agentId, search: "check balance", cursor }, 5);
      seen.push(...page.interactions.map((row) => row.userIntent));
      endings.push(page.searchEnded ?? "");
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11].map((i) => `check balance ${i}`));
    expect(endings).toEqual(["window", "window", "all"]);
  });

  it("sorts by latency, confidence and status, keyset pages included", async () => {
    const prisma = await db();
    expect((await listInteractions(prisma, { sort: "slowest" })).interactions[0].latencyMs).toBe(9_000);
    expect((await listInteractions(prisma, { sort: "least-confident" })).interactions[0].confidence).toBeCloseTo(0.05);
    const oldest = await listInteractions(prisma, { sort: "oldest" });
    expect(oldest.interactions[0].userIntent).toBe("check balance 11");
    const failedFirst = (await listInteractions(prisma, { sort: "failed-first" })).interactions;
    expect(failedFirst.slice(0, 9).every((row) => row.failed)).toBe(true);
    expect(failedFirst.slice(9).every((row) => !row.failed)).toBe(true);
  });

  it("keeps the sort across pages of a long list, ties included", async () => {
    const prisma = await db();
    const other = await createAgent(system, { name: "pager", description: "" });
    const { key } = await issueApiKey(system, { agentId: other.id, label: "" });
    // 70 rows, latencies repeating in steps of 10 ms so that many rows tie on the sort key.
    const items = Array.from({ length: 70 }, (_, i) => interaction({ timestamp: minutesAgo(30 + i), latency_ms: (i % 7) * 10 }));
    expect((await postInteractions(key, { interactions: items })).json.accepted).toBe(70);
    const first = await listInteractions(prisma, { agentId: other.id, sort: "slowest" });
    expect(first.interactions).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await listInteractions(prisma, { agentId: other.id, sort: "slowest", cursor: first.nextCursor ?? undefined });
    expect(second.interactions).toHaveLength(20);
    expect(second.nextCursor).toBeNull();
    const rows = [...first.interactions, ...second.interactions];
    expect(new Set(rows.map((row) => row.id)).size).toBe(70);
    const latencies = rows.map((row) => row.latencyMs ?? -1);
    expect(latencies).toEqual([...latencies].sort((a, b) => b - a));
    // A cursor made for another sort opens that sort's first page rather than a wrong one.
    const mixed = await listInteractions(prisma, { agentId: other.id, sort: "oldest", cursor: first.nextCursor ?? undefined });
    expect(mixed.interactions[0].occurredAt.getTime()).toBe(Math.min(...rows.map((row) => row.occurredAt.getTime())));
  });

  it("counts exactly, with and without filters", async () => {
    const prisma = await db();
    expect(await countInteractions(prisma, { agentId })).toEqual({ value: 12, exact: true, estimated: false });
    expect(await countInteractions(prisma, { agentId, outcome: "succeeded" })).toEqual({ value: 3, exact: true, estimated: false });
    expect(await countSearchMatches(prisma, { agentId, search: "ZEBRA" })).toEqual({ matches: 1, scanned: 12 });
  });

  it("groups by session, latest activity first, with failures per session", async () => {
    const prisma = await db();
    const { sessions, nextCursor } = await listSessions(prisma, { agentId });
    expect(sessions.map((s) => [s.sessionId, s.interactions, s.failures])).toEqual([["sess-0", 3, 2], ["sess-1", 3, 2], ["sess-2", 3, 2], ["sess-3", 3, 3]]);
    expect(sessions[0].agentName).toBe("finder");
    expect(nextCursor).toBeNull();
    expect((await listInteractions(prisma, { agentId, sessionId: "sess-1" })).interactions).toHaveLength(3);
  });
});
