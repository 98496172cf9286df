/**
 * Limits of POST /api/v1/interactions that must hold when an agent sends
 * nonsense on purpose: refused bodies cost as much as accepted ones, more
 * keys buy no more budget, and an answer never repeats megabytes of errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_BODY_FACTOR, refusedCost } from "@/lib/domain/ingest-cost";
import { MAX_BODY_BYTES, MAX_ERRORS_PER_ITEM } from "@/lib/schemas/interactions";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };
/** What a refused 1 MiB body costs, and a burst that pays for three of them and part of a fourth. */
const REFUSED_FULL_BODY = refusedCost(0, MAX_BODY_BYTES);
const BURST = 3 * REFUSED_FULL_BODY + 100;
let agents = 0;

describe.each(BACKENDS)("ingestion limits on %s", (backend) => {
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ close } = await openTestDatabase(backend));
    invalidateSettingsCache();
  });
  afterAll(() => close());

  const limit = async (ratePerSecond: number, burst: number) => {
    await updateSettings(system, { "ingest.ratePerSecond": ratePerSecond, "ingest.burst": burst });
    invalidateSettingsCache();
  };

  /** A new agent (with fresh buckets) and `keys` keys of it. */
  const newAgent = async (keys = 1) => {
    const agent = await createAgent(system, { name: `limits-${backend}-${++agents}`, description: "" });
    const issued: string[] = [];
    for (let i = 0; i < keys; i++) issued.push((await issueApiKey(system, { agentId: agent.id, label: `key ${i}` })).key);
    return issued;
  };

  it("charges bodies refused as invalid JSON by their size (many times over), then refuses the next unread", async () => {
    await limit(0.01, BURST);
    const [key] = await newAgent();
    const invalid = `{"interactions": [${"1,".repeat(MAX_BODY_BYTES / 2 - 20)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postInteractions(key, invalid, { raw: true })).status);
    // The fourth body finds 100 tokens left, is read, and leaves a debt.
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
    const refused = await postInteractions(key, invalid, { raw: true });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
  });

  it("charges oversize bodies as full refused ones", async () => {
    await limit(0.01, BURST);
    const [key] = await newAgent();
    const oversize = JSON.stringify({ interactions: [interaction({ metadata: { pad: "x".repeat(MAX_BODY_BYTES) } })] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postInteractions(key, oversize, { raw: true })).status);
    expect(statuses).toEqual([413, 413, 413, 413, 429]);
  });

  it("charges a body with no valid item as refused, and a partly valid one per item", async () => {
    await limit(0.01, 10 * REFUSED_BODY_FACTOR);
    const [key] = await newAgent();
    const mixed = { interactions: [interaction(), ...Array.from({ length: 9 }, () => ({ surprise: true }))] };
    expect((await postInteractions(key, mixed)).status).toBe(202);
    const invalid = { interactions: Array.from({ length: 10 }, () => ({ surprise: true })) };
    expect((await postInteractions(key, invalid)).status).toBe(400);
    expect((await postInteractions(key, interaction())).status).toBe(429);
  });

  it("limits an agent, not a key: a second key shares the first one's budget", async () => {
    await limit(0.01, 3);
    const [first, second] = await newAgent(2);
    expect((await postInteractions(first, { interactions: [interaction(), interaction(), interaction()] })).status).toBe(202);
    const limited = await postInteractions(second, interaction());
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatch(/agent/);
  });

  it("answers an item with 80,000 unknown fields with 20 errors and a count of the rest", async () => {
    await limit(2_000, 20_000);
    const [key] = await newAgent();
    const item: Record<string, unknown> = interaction();
    for (let i = 0; i < 80_000; i++) item[`k${i}`] = 1;
    const body = JSON.stringify(item);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const response = await postInteractions(key, body, { raw: true });
    expect(response.status).toBe(400);
    const [rejected] = response.json.rejected;
    expect(rejected.errors).toHaveLength(MAX_ERRORS_PER_ITEM + 1);
    expect(rejected.errors.at(-1)).toEqual({ field: "(item)", message: "and 79,980 more errors not listed" });
    expect(JSON.stringify(response.json).length).toBeLessThan(5_000);
  });

  it("keeps a batch's answer small while naming every rejected item", async () => {
    await limit(2_000, 20_000);
    const [key] = await newAgent();
    const wrong = Object.fromEntries([...Array.from({ length: 24 }, (_, i) => [`u${i}`, i]), [`unknown_${"x".repeat(200)}`, 1]]);
    const response = await postInteractions(key, { interactions: Array.from({ length: 1_000 }, () => interaction(wrong)) });
    expect(response.status).toBe(400);
    const rejected = response.json.rejected as Array<{ index: number; errors: Array<{ field: string }> }>;
    expect(rejected.map((item) => item.index)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(rejected.every((item) => item.errors.length >= 1 && item.errors.every((error) => error.field.length <= 101))).toBe(true);
    expect(JSON.stringify(response.json).length).toBeLessThan(400_000);
  });
});
