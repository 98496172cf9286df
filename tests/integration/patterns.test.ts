import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { getInteraction, listInteractions } from "@/lib/server/interactions";
import { failureAttribution, getPattern, topPatterns } from "@/lib/server/patterns";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

function daysAgo(days: number, hour = 12): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - days);
  date.setUTCHours(hour, 0, 0, 0);
  // Today's hour may still be ahead: never send a timestamp from the future.
  return new Date(Math.min(date.getTime(), Date.now() - 60_000)).toISOString();
}

describe.each(BACKENDS)("patterns and the interactions explorer on %s", (backend) => {
  let close: () => Promise<void>;
  let agentId: string;

  beforeAll(async () => {
    ({ close } = await openTestDatabase(backend));
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: "explorer", description: "" });
    agentId = agent.id;
    const { key } = await issueApiKey(system, { agentId, label: "" });
    const items = [
      ...Array.from({ length: 6 }, (_, i) => interaction({ timestamp: daysAgo(i % 3), agent_action: `GET /accounts/${i}/balance`, model_version: "v1" })),
      ...Array.from({ length: 3 }, (_, i) => interaction({ timestamp: daysAgo(i), error_category: "timeout", agent_action: "POST /transfer", api_response: { error: "upstream timeout after 30s" }, model_version: "v2" })),
      interaction({ timestamp: daysAgo(20), error_category: "auth", agent_action: "GET /me", api_response: { error: "401" } }),
      ...Array.from({ length: 4 }, () => interaction({ timestamp: daysAgo(0, 1), error_category: null, api_response: { ok: true } })),
    ];
    const response = await postInteractions(key, { interactions: items });
    expect(response.json.accepted).toBe(items.length);
  });
  afterAll(() => close());

  it("ranks patterns by failures in the range, with a point per day", async () => {
    const week = await topPatterns({ range: "7d" });
    expect(week.patterns.map((p) => [p.errorCategory, p.failures])).toEqual([["rate_limit", 6], ["timeout", 3]]);
    expect(week.totalFailures).toBe(9);
    expect(week.patterns[0].trend).toHaveLength(7);
    expect(week.patterns[0].trend.slice(-3)).toEqual([2, 2, 2]);
    const month = await topPatterns({ range: "30d" });
    expect(month.patterns.map((p) => p.errorCategory)).toContain("auth");
    const today = await topPatterns({ range: "today" });
    expect(today.patterns.map((p) => [p.errorCategory, p.failures])).toEqual([["rate_limit", 2], ["timeout", 1]]);
  });

  it("filters by category and searches templates", async () => {
    expect((await topPatterns({ range: "30d", category: "timeout" })).patterns).toHaveLength(1);
    expect((await topPatterns({ range: "30d", search: "transfer" })).patterns.map((p) => p.actionTemplate)).toEqual(["post /transfer"]);
    expect((await topPatterns({ range: "30d", search: "100%_" })).patterns).toHaveLength(0);
  });

  it("attributes failures by category, action and version", async () => {
    const attribution = await failureAttribution({ range: "7d" });
    expect(attribution.byCategory).toEqual([{ label: "rate_limit", failures: 6 }, { label: "timeout", failures: 3 }]);
    expect(attribution.byVersion).toEqual([{ label: "v1", failures: 6 }, { label: "v2", failures: 3 }]);
    expect(attribution.byAction[0]).toEqual({ label: "get /accounts/{n}/balance", failures: 6 });
  });

  it("shows a pattern with its daily trend and latest examples", async () => {
    const { patterns } = await topPatterns({ range: "7d" });
    const found = await getPattern(patterns[0].id);
    expect(found?.pattern.count).toBe(6);
    expect(found?.trend).toHaveLength(30);
    expect(found?.examples).toHaveLength(6);
    expect(found?.versions).toEqual([{ label: "v1", failures: 6 }]);
  });

  it("filters interactions and pages through them", async () => {
    const failed = await listInteractions({ agentId, outcome: "failed" });
    expect(failed.interactions).toHaveLength(10);
    const succeeded = await listInteractions({ agentId, outcome: "succeeded" });
    expect(succeeded.interactions).toHaveLength(4);
    expect((await listInteractions({ version: "v2" })).interactions).toHaveLength(3);
    expect((await listInteractions({ category: "auth" })).interactions).toHaveLength(1);
    const all = await listInteractions({ agentId });
    const times = all.interactions.map((row) => row.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.nextCursor).toBeNull();
    const paged = await createAgent(system, { name: "paged", description: "" });
    const { key } = await issueApiKey(system, { agentId: paged.id, label: "" });
    const sameTime = daysAgo(1);
    await postInteractions(key, { interactions: Array.from({ length: 55 }, (_, i) => interaction({ timestamp: i < 20 ? sameTime : daysAgo(2 + (i % 5)) })) });
    const first = await listInteractions({ agentId: paged.id });
    expect(first.interactions).toHaveLength(50);
    const second = await listInteractions({ agentId: paged.id, cursor: first.nextCursor! });
    expect(second.interactions).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.interactions, ...second.interactions].map((row) => row.id)).size).toBe(55);
    const detail = await getInteraction(BigInt(all.interactions[0].id));
    expect(detail?.agent.name).toBe("explorer");
  });
});
