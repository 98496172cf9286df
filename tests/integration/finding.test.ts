import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { countInteractions, countSearchMatches, listInteractions, listSessions } from "@/lib/db/interactions";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { findInteractions, storedInteractions } from "@/lib/server/interactions";
import { getPattern, topPatterns } from "@/lib/server/patterns";
import { queueFacets } from "@/lib/server/review";
import { findSamples, getSample } from "@/lib/server/review/sample-list";
import { updateSettings } from "@/lib/server/settings";
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

describe.each(BACKENDS)("finding patterns and samples on %s", (backend) => {
  let close: () => Promise<void>;
  const agents: Array<{ id: string; key: string }> = [];

  beforeAll(async () => {
    ({ close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 100_000 });
    invalidateSettingsCache();
    for (const name of ["alpha", "beta", "gamma"]) {
      const agent = await createAgent(system, { name, description: "" });
      agents.push({ id: agent.id, key: (await issueApiKey(system, { agentId: agent.id, label: "" })).key });
    }
    // The same timeout on all three agents, with durations in different units; a 429 only alpha sees.
    for (const [index, agent] of agents.entries()) {
      const items = [
        ...["5000ms", "10000ms", "12.5s"].map((after, i) => interaction({ timestamp: minutesAgo(i + 1), error_category: "timeout", agent_action: "POST /transfer", api_response: { error: `upstream timeout after ${after}` }, correction: `Retry once after ${index}` })),
        ...(index === 0 ? [interaction({ timestamp: minutesAgo(5), error_category: "rate_limit", agent_action: "GET /quotes", api_response: { error: "HTTP 429 Too Many Requests" }, correction: "Wait for Retry-After" })] : []),
      ];
      expect((await postInteractions(agent.key, { interactions: items })).json.accepted).toBe(items.length);
    }
  });
  afterAll(() => close());

  it("folds durations in any unit into one pattern per agent", async () => {
    const { patterns } = await topPatterns({ range: "7d", category: "timeout" });
    expect(patterns.map((p) => [p.agentName, p.failures, p.errorTemplate]).sort()).toEqual([
      ["alpha", 3, "upstream timeout after {duration}"], ["beta", 3, "upstream timeout after {duration}"], ["gamma", 3, "upstream timeout after {duration}"],
    ]);
  });

  it("finds a pattern by a number its template folded, through its examples", async () => {
    const { patterns } = await topPatterns({ range: "7d", search: "429" });
    expect(patterns.map((p) => [p.errorCategory, p.errorTemplate])).toEqual([["rate_limit", "http {n} too many requests"]]);
    expect((await topPatterns({ range: "7d", search: "12.5s" })).patterns).toHaveLength(3);
    expect((await topPatterns({ range: "7d", search: "404" })).patterns).toHaveLength(0);
  });

  it("groups one fingerprint across agents, and lists its agents' patterns", async () => {
    const grouped = await topPatterns({ range: "7d" }, { by: "fingerprint" });
    expect(grouped.patterns.map((p) => [p.errorCategory, p.agents, p.failures, p.agentName])).toEqual([["timeout", 3, 9, "alpha, beta, gamma"], ["rate_limit", 1, 1, "alpha"]]);
    expect(grouped.groups).toBe(2);
    const one = await topPatterns({ range: "7d", fingerprint: grouped.patterns[0].fingerprint });
    expect(one.patterns.map((p) => p.agentName).sort()).toEqual(["alpha", "beta", "gamma"]);
  });

  it("sorts and pages patterns beyond the first page", async () => {
    const many = await createAgent(system, { name: "many", description: "" });
    const { key } = await issueApiKey(system, { agentId: many.id, label: "" });
    // 60 distinct patterns: categories c00..c59, c00 failing most.
    const items = Array.from({ length: 60 }, (_, i) => Array.from({ length: i === 0 ? 3 : 1 }, () => interaction({ timestamp: minutesAgo(10 + i), error_category: `c${String(i).padStart(2, "0")}`, correction: null }))).flat();
    expect((await postInteractions(key, { interactions: items })).json.accepted).toBe(items.length);
    const first = await topPatterns({ range: "7d", agentId: many.id });
    expect(first.patterns).toHaveLength(50);
    expect([first.groups, first.pages, first.patterns[0].errorCategory]).toEqual([60, 2, "c00"]);
    const second = await topPatterns({ range: "7d", agentId: many.id }, { page: 2 });
    expect(second.patterns).toHaveLength(10);
    expect(new Set([...first.patterns, ...second.patterns].map((p) => p.id)).size).toBe(60);
    const newest = await topPatterns({ range: "7d", agentId: many.id }, { sort: "new" });
    expect(newest.patterns[0].errorCategory).toBe("c00");
    const oldestLast = (await topPatterns({ range: "7d", agentId: many.id }, { sort: "new", page: 2 })).patterns.at(-1);
    expect(oldestLast?.errorCategory).toBe("c59");
  });

  it("gives the review queue's pattern filter a distinct label for every pattern", async () => {
    const { patterns } = await queueFacets();
    const labels = patterns.map((p) => p.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(expect.arrayContaining(["timeout · post /transfer — alpha", "timeout · post /transfer — beta", "timeout · post /transfer — gamma"]));
  });

  it("links a pattern to its waiting samples and to the same failure on other agents", async () => {
    const { patterns } = await topPatterns({ range: "7d", category: "timeout", agentId: agents[0].id });
    const found = await getPattern(patterns[0].id);
    expect(found?.pendingSamples).toBe(3);
    expect(found?.siblings.map((s) => s.agentName).sort()).toEqual(["beta", "gamma"]);
  });

  it("filters samples by agent, pattern, status and text, with their interaction", async () => {
    const all = await findSamples({});
    expect(all.samples).toHaveLength(10);
    expect(all.counts).toEqual({ PENDING: 10 });
    const beta = await findSamples({ agentId: agents[1].id });
    expect(beta.samples.map((s) => s.agentName)).toEqual(["beta", "beta", "beta"]);
    const { patterns } = await topPatterns({ range: "7d", category: "rate_limit" });
    const byPattern = await findSamples({ patternId: patterns[0].id });
    expect(byPattern.samples.map((s) => s.output)).toEqual(["Wait for Retry-After"]);
    expect((await findSamples({ search: "retry-after" })).samples).toHaveLength(1);
    expect((await findSamples({ search: "12.5s" })).samples).toHaveLength(3);
    expect((await findSamples({ status: "APPROVED" })).samples).toHaveLength(0);
    expect((await findSamples({ status: "PENDING", agentId: agents[2].id })).counts).toEqual({ PENDING: 3 });
    const sample = await getSample(byPattern.samples[0].id);
    expect(sample?.interactionId).toBe(byPattern.samples[0].interactionId);
    expect(sample?.input?.agent_action).toBe("GET /quotes");
    const interaction = (await findInteractions({ search: byPattern.samples[0].interactionId })).exactId;
    expect(interaction).toBe(byPattern.samples[0].interactionId);
  });

  it("tells the KPI page what is stored whatever its period", async () => {
    const stored = await storedInteractions();
    expect(stored.count).toEqual({ value: 72, exact: true, estimated: false });
    expect(stored.latestAt?.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
  });
});
