import { sql } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { bulkDecide, claimSamples, decideSample, HELD_PER_REVIEWER, listSamples, previewBulk, queueStats } from "@/lib/server/review";
import { addCorrection, trainPrescreen } from "@/lib/server/samples";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createUser } from "@/lib/server/users";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

async function reviewer(email: string): Promise<RequestContext> {
  const { user } = await createUser(system, { email, role: "REVIEWER", password: "reviewer-password" });
  return { actor: { type: "USER", id: user.id, email, role: "REVIEWER" } };
}

const userIdOf = (ctx: RequestContext) => (ctx.actor.type === "USER" ? ctx.actor.id : "");

describe.each(BACKENDS)("samples and the review queue on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let key: string;
  let alice: RequestContext;
  let bob: RequestContext;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 100_000 });
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: "reviewed", description: "" });
    key = (await issueApiKey(system, { agentId: agent.id, label: "" })).key;
    alice = await reviewer("alice@example.com");
    bob = await reviewer("bob@example.com");
  });
  afterAll(() => close());

  it("turns failures with corrections into samples through the gates", async () => {
    const response = await postInteractions(key, {
      interactions: [
        ...Array.from({ length: 12 }, (_, i) => interaction({ correction: `Retry with backoff, attempt ${i}`, confidence_score: 0.9 })),
        interaction({ correction: "Use cached balance", confidence_score: 0.5 }),
        interaction({ correction: "Tell <EMAIL_1> the cached balance", confidence_score: 0.8 }),
        interaction({ correction: null }),
        interaction({ error_category: null, correction: "Nothing failed" }),
      ],
    });
    expect(response.json.accepted).toBe(16);
    const byStatus = await database.prisma.sample.groupBy({ by: ["status"], _count: { _all: true } });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]))).toEqual({ PENDING: 13, DISCARDED: 1 });
    const discarded = await database.prisma.sample.findFirstOrThrow({ where: { status: "DISCARDED" } });
    expect(discarded.statusReason).toBe("confidence 0.50 is below the discard threshold 0.75 (small-scale stage)");
    const high = await database.prisma.sample.count({ where: { grade: "HIGH" } });
    expect(high).toBeGreaterThan(0);
  });

  it("never gives two reviewers the same sample, even claiming at once", async () => {
    const [a, b] = await Promise.all([claimSamples(alice), claimSamples(bob)]);
    expect(a).toHaveLength(HELD_PER_REVIEWER);
    expect(b).toHaveLength(HELD_PER_REVIEWER);
    const ids = [...a, ...b].map((sample) => sample.id);
    expect(new Set(ids).size).toBe(2 * HELD_PER_REVIEWER);
    // Claiming again returns the same held samples with renewed leases.
    const again = await claimSamples(alice);
    expect(again.map((s) => s.id).sort()).toEqual(a.map((s) => s.id).sort());
  });

  it("hands out high-value samples first, then the oldest", async () => {
    // A low-value sample (a rare category), made the oldest of all.
    await postInteractions(key, { interactions: [interaction({ interaction_id: "oldest-low", error_category: "first_of_its_kind", correction: "Escalate to a human" })] });
    const low = await database.prisma.interaction.findFirstOrThrow({ where: { externalId: "oldest-low" }, include: { sample: true } });
    expect(low.sample?.grade).toBe("LOW");
    await database.prisma.sample.update({ where: { id: low.sample!.id }, data: { createdAt: new Date("2000-01-01T00:00:00Z") } });
    const free = { status: "PENDING" as const, OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }] };
    expect(await database.prisma.sample.count({ where: { ...free, grade: "LOW" } })).toBeGreaterThan(0);
    const expected = await database.prisma.sample.findMany({ where: free, orderBy: [{ grade: "asc" }, { createdAt: "asc" }, { id: "asc" }], take: HELD_PER_REVIEWER, select: { id: true, grade: true } });
    // The oldest sample is low value, so high value comes first.
    expect(expected[0].grade).toBe("HIGH");
    const dana = await reviewer("dana@example.com");
    const held = await claimSamples(dana);
    expect(held.map((sample) => sample.id)).toEqual(expected.map((sample) => sample.id));
    await Promise.all(held.map((sample) => decideSample(dana, { decision: "skip", sampleId: sample.id })));
  });

  it("releases a sample whose lease expired", async () => {
    const [held] = await claimSamples(bob);
    await database.prisma.sample.update({ where: { id: held.id }, data: { lockedUntil: new Date(Date.now() - 1_000) } });
    const carol = await reviewer("carol@example.com");
    const before = Date.now();
    const claimed = await claimSamples(carol);
    expect(claimed.map((s) => s.id)).toContain(held.id);
    // The new claim lasts ten minutes from now.
    const until = claimed.find((s) => s.id === held.id)!.lockedUntil!.getTime();
    expect(until - before).toBeGreaterThanOrEqual(10 * 60_000 - 1_000);
    expect(until - before).toBeLessThanOrEqual(10 * 60_000 + 5_000);
  });

  it("records approve, reject and edit decisions with the time taken, and refuses a sample held by someone else", async () => {
    const [first, second] = await claimSamples(alice);
    const bobs = await claimSamples(bob);
    await expect(decideSample(alice, { decision: "approve", sampleId: bobs[0].id })).rejects.toThrow(/Another reviewer holds this sample/);
    // Four eyes (on by default): the edited text is saved, and the sample waits for someone else.
    const edit = await decideSample(alice, { decision: "approve", sampleId: first.id, output: "Retry after the Retry-After header" });
    expect(edit.status).toBe("PENDING");
    const waiting = await database.prisma.sample.findUniqueOrThrow({ where: { id: first.id } });
    expect(waiting).toMatchObject({ status: "PENDING", edited: true, output: "Retry after the Retry-After header", authorId: userIdOf(alice), lockedById: null });
    expect((await claimSamples(alice)).map((s) => s.id)).not.toContain(first.id);
    await expect(decideSample(alice, { decision: "approve", sampleId: first.id })).rejects.toThrow(/You wrote this correction/);
    await decideSample(bob, { decision: "skip", sampleId: bobs[1].id });
    const bobNext = await claimSamples(bob);
    expect(bobNext.map((s) => s.id)).toContain(first.id);
    await decideSample(bob, { decision: "approve", sampleId: first.id });
    const approved = await database.prisma.sample.findUniqueOrThrow({ where: { id: first.id } });
    expect(approved).toMatchObject({ status: "APPROVED", edited: true, output: "Retry after the Retry-After header", decidedById: userIdOf(bob), authorId: userIdOf(alice) });
    expect(approved.decisionSeconds).toBeGreaterThanOrEqual(0);
    expect(approved.originalOutput).not.toBe(approved.output);

    await decideSample(alice, { decision: "reject", sampleId: second.id, reason: "WRONG_CORRECTION" });
    expect((await database.prisma.sample.findUniqueOrThrow({ where: { id: second.id } })).rejectReason).toBe("WRONG_CORRECTION");
    await expect(decideSample(alice, { decision: "approve", sampleId: second.id })).rejects.toThrow(/already decided/);
    const audit = await database.prisma.auditEvent.findMany({ where: { targetId: { in: [first.id, second.id] } } });
    expect(audit.map((event) => event.action).sort()).toEqual(["sample.approve", "sample.edit", "sample.reject"]);
    for (const held of await claimSamples(bob)) await decideSample(bob, { decision: "skip", sampleId: held.id });
  });

  it("lets the editor's own approval decide when four eyes is off", async () => {
    await updateSettings(system, { "review.fourEyes": 0 });
    invalidateSettingsCache();
    try {
      const [held] = await claimSamples(alice);
      expect((await decideSample(alice, { decision: "approve", sampleId: held.id, output: "Retry once after two seconds" })).status).toBe("APPROVED");
      expect(await database.prisma.sample.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "APPROVED", decidedById: userIdOf(alice) });
    } finally {
      await updateSettings(system, { "review.fourEyes": 1 });
      invalidateSettingsCache();
    }
  });

  it("applies a new queue filter to the samples a reviewer already holds", async () => {
    const other = await createAgent(system, { name: "filtered-other", description: "" });
    const otherKey = (await issueApiKey(system, { agentId: other.id, label: "" })).key;
    // The first interaction is observed only (observation stage ends after 1); the next ones make samples.
    await postInteractions(otherKey, { interactions: Array.from({ length: 3 }, () => interaction({ error_category: "other_agent_case", correction: "Ask the other team" })) });
    const held = await claimSamples(alice);
    expect(held.length).toBeGreaterThan(0);
    const filtered = await claimSamples(alice, { agentId: other.id });
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered.map((s) => s.agent.name))).toEqual(new Set(["filtered-other"]));
    // What no longer matches is released for everyone, not kept out of sight.
    const stillHeld = await database.prisma.sample.findMany({ where: { lockedById: userIdOf(alice), lockedUntil: { gt: new Date() } } });
    expect(stillHeld.length).toBe(filtered.length);
    expect(new Set(stillHeld.map((s) => s.agentId))).toEqual(new Set([other.id]));
    for (const sample of filtered) await decideSample(alice, { decision: "skip", sampleId: sample.id });
  });

  it("refuses an edit that contains personal data", async () => {
    const [held] = await claimSamples(alice);
    await expect(decideSample(alice, { decision: "approve", sampleId: held.id, output: "Email jane@example.com the balance" })).rejects.toThrow(/contains personal data \(EMAIL\)/);
    expect((await database.prisma.sample.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("PENDING");
  });

  it("keeps a skipped sample out of that reviewer's next claims", async () => {
    const [held] = await claimSamples(alice);
    await decideSample(alice, { decision: "skip", sampleId: held.id });
    const next = await claimSamples(alice);
    expect(next.map((s) => s.id)).not.toContain(held.id);
  });

  it("reports the reviewer's day", async () => {
    const stats = await queueStats(alice);
    expect(stats.doneToday).toBe(2); // the reject, and the approval with four eyes off; the four-eyes edit is not a decision
    expect(stats.medianSeconds).not.toBeNull();
    expect(stats.pending).toBe(await database.prisma.sample.count({ where: { status: "PENDING" } }));
  });

  it("bulk-decides what matches a filter as one audited action", async () => {
    await postInteractions(key, { interactions: Array.from({ length: 3 }, () => interaction({ error_category: "rare_case", correction: "Escalate to a human" })) });
    const preview = await previewBulk(alice, { grade: "LOW" });
    expect(preview).toBeGreaterThanOrEqual(3);
    const result = await bulkDecide(alice, { decision: "reject", filter: { grade: "LOW" }, expected: preview, reason: "LOW_VALUE" });
    expect(result.count).toBe(preview);
    const events = await database.prisma.auditEvent.findMany({ where: { action: "sample.bulk_reject" } });
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ count: result.count, reason: "LOW_VALUE" });
  });

  it("refuses a bulk decision whose count moved since the preview, and decides nothing", async () => {
    await postInteractions(key, { interactions: [interaction({ error_category: "moving_queue", correction: "Queue it" })] });
    const filter = { grade: "LOW" as const };
    const confirmed = await previewBulk(alice, filter);
    expect(confirmed).toBeGreaterThanOrEqual(1);
    await postInteractions(key, { interactions: Array.from({ length: 4 }, () => interaction({ error_category: "moving_queue", correction: "Queue it" })) });
    await expect(bulkDecide(alice, { decision: "approve", filter, expected: confirmed })).rejects.toThrow(
      new RegExp(`queue changed since the preview: ${confirmed + 4} samples match now, not the ${confirmed} sample`),
    );
    expect(await previewBulk(alice, filter)).toBe(confirmed + 4);
    expect(await database.prisma.auditEvent.count({ where: { action: "sample.bulk_approve" } })).toBe(0);
    expect((await bulkDecide(alice, { decision: "reject", filter, expected: confirmed + 4, reason: "LOW_VALUE" })).count).toBe(confirmed + 4);
  });

  it("adds a reviewer's correction to a failed interaction as a new sample", async () => {
    await postInteractions(key, { interactions: [interaction({ interaction_id: "needs-correction", correction: null })] });
    const row = await database.prisma.interaction.findFirstOrThrow({ where: { externalId: "needs-correction" } });
    await expect(addCorrection(alice, row.id, "Call 13812345678")).rejects.toThrow(/personal data \(PHONE\)/);
    const created = await addCorrection(alice, row.id, "Serve the cached balance and retry later");
    expect(created.status).toBe("PENDING");
    await expect(addCorrection(alice, row.id, "Again")).rejects.toThrow(/already has a sample/);
    // Four eyes: its author never gets it to decide, in the queue or in bulk.
    expect(await database.prisma.sample.findUniqueOrThrow({ where: { id: created.sampleId } })).toMatchObject({ authorId: userIdOf(alice) });
    await expect(decideSample(alice, { decision: "approve", sampleId: created.sampleId })).rejects.toThrow(/You wrote this correction/);
    const aliceBulk = await previewBulk(alice, {});
    const bobBulk = await previewBulk(bob, {});
    const aliceHolds = await database.prisma.sample.count({ where: { lockedById: userIdOf(alice), lockedUntil: { gt: new Date() }, status: "PENDING" } });
    const bobHolds = await database.prisma.sample.count({ where: { lockedById: userIdOf(bob), lockedUntil: { gt: new Date() }, status: "PENDING" } });
    expect(aliceBulk - bobBulk).toBe(aliceHolds - bobHolds - 1);
  });

  it("keeps every key of the interaction in a sample made from a reviewer's correction, __proto__ included", async () => {
    const apiResponse = `{"__proto__": {"error": "quota"}, "status": 429}`;
    await postInteractions(key, { interactions: [interaction({ interaction_id: "odd-key", correction: null, api_response: JSON.parse(apiResponse) })] });
    const row = await database.prisma.interaction.findFirstOrThrow({ where: { externalId: "odd-key" } });
    const created = await addCorrection(alice, row.id, "Wait for the quota to reset");
    const [stored] = await database.withConnection((conn) =>
      conn.query<{ response: string }>(sql`SELECT (input -> 'api_response')::text AS response FROM samples WHERE id = ${created.sampleId}::uuid`));
    expect(JSON.parse(stored.response)).toEqual(JSON.parse(apiResponse));
  });

  it("blocks a sample whose input still holds personal data the firewall's settings let through", async () => {
    // An email scores 0.95: with the firewall raised to 0.99 it is stored as sent, and the sample's second look finds it.
    await updateSettings(system, { "pii.minScore": 0.99 });
    invalidateSettingsCache();
    try {
      const sent = interaction({ interaction_id: "leaky-sample", user_intent: "Mail jane.doe@example.com her balance", correction: "Serve the cached balance" });
      expect((await postInteractions(key, { interactions: [sent] })).json.accepted).toBe(1);
      const stored = await database.prisma.interaction.findFirstOrThrow({ where: { externalId: "leaky-sample" }, include: { sample: true } });
      expect(stored.userIntent).toBe(sent.user_intent);
      expect(stored.sample).toMatchObject({ status: "BLOCKED", residualPii: 1, statusReason: "1 personal data finding remains after redaction" });
      expect(stored.sample!.input).toEqual({
        user_intent: sent.user_intent,
        agent_action: stored.agentAction,
        api_response: sent.api_response,
        error_category: sent.error_category,
      });
    } finally {
      await updateSettings(system, { "pii.minScore": 0.5 });
      invalidateSettingsCache();
    }
  });

  it("pages through every sample once, newest first, when one batch made more than a page of them", async () => {
    const batch = Array.from({ length: 80 }, (_, i) => interaction({ interaction_id: `paged-${i}`, correction: `Retry later, variant ${i}` }));
    expect((await postInteractions(key, { interactions: batch })).json.accepted).toBe(80);
    const total = await database.prisma.sample.count();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { samples, nextCursor } = await listSamples({ cursor });
      expect(samples.length).toBeGreaterThan(0);
      seen.push(...samples.map((sample) => sample.id));
      for (let i = 1; i < samples.length; i++) expect(samples[i - 1].createdAt.getTime()).toBeGreaterThanOrEqual(samples[i].createdAt.getTime());
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("trains the pre-screen on decisions and reports its hold-out accuracy", async () => {
    const result = await trainPrescreen(alice);
    expect(result.decisions).toBeGreaterThanOrEqual(2);
    const stored = await database.prisma.prescreenModel.findFirstOrThrow({ orderBy: { trainedAt: "desc" } });
    expect(stored.decisions).toBe(result.decisions);
    // Too few decisions for an honest accuracy figure.
    expect(result.accuracy).toBeNull();
  });
});
