import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { scoreOfFactors } from "@/lib/domain/prescreen";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { startJobRunner } from "@/lib/server/jobs";
import { JOBS } from "@/lib/server/jobs/kinds";
import { bulkDecide, claimSamples, decideSample, previewBulk, previewBulkSamples, queueStats, undoSample } from "@/lib/server/review";
import { trainPrescreen } from "@/lib/server/samples";
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

describe.each(BACKENDS)("the review flow on %s: bulk previews, rescoring, undo", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let alice: RequestContext;
  let bob: RequestContext;
  let mainAgent: string;
  let bulkAgent: string;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 100_000 });
    invalidateSettingsCache();
    for (const [name, count] of [["main", 30], ["bulk", 25]] as const) {
      const agent = await createAgent(system, { name, description: "" });
      if (name === "main") mainAgent = agent.id;
      else bulkAgent = agent.id;
      const { key } = await issueApiKey(system, { agentId: agent.id, label: "" });
      const sent = Array.from({ length: count }, (_, i) => interaction({ correction: `Serve the cached balance (${name} ${i})`, confidence_score: 0.8 + (i % 10) / 60 }));
      expect((await postInteractions(key, { interactions: sent })).json.accepted).toBe(count);
    }
    alice = await reviewer("alice@example.com");
    bob = await reviewer("bob@example.com");
  });
  afterAll(() => close());

  it("previews exactly the samples a bulk decision decides, page by page, leaving out what another reviewer holds", async () => {
    const filter = { agentId: bulkAgent };
    const held = await claimSamples(bob, filter);
    const first = await previewBulkSamples(alice, filter, 0);
    const second = await previewBulkSamples(alice, filter, 1);
    expect(first.total).toBe(25 - held.length);
    expect(first.samples).toHaveLength(first.pageSize);
    expect(first.samples.length + second.samples.length).toBe(first.total);
    const previewed = [...first.samples, ...second.samples].map((sample) => sample.id);
    expect(new Set(previewed).size).toBe(first.total);
    expect(previewed).not.toEqual(expect.arrayContaining([held[0].id]));
    expect(first.samples[0]).toMatchObject({ agentName: "bulk", userIntent: expect.any(String), output: expect.stringContaining("Serve the cached balance") });

    const { count } = await bulkDecide(alice, { decision: "approve", filter, expected: await previewBulk(alice, filter) });
    expect(count).toBe(first.total);
    const decided = await database.prisma.sample.findMany({ where: { agentId: bulkAgent, status: "APPROVED" }, select: { id: true, bulkDecided: true } });
    expect(decided.map((sample) => sample.id).sort()).toEqual([...previewed].sort());
    expect(decided.every((sample) => sample.bulkDecided)).toBe(true);
  });

  it("counts bulk decisions apart in the reviewer's day, and never trains the pre-screen on them", async () => {
    const held = await claimSamples(alice, { agentId: mainAgent });
    for (const [i, sample] of held.slice(0, 4).entries()) {
      await decideSample(alice, i % 2 ? { decision: "approve", sampleId: sample.id } : { decision: "reject", sampleId: sample.id, reason: "LOW_VALUE" });
    }
    const stats = await queueStats(alice);
    expect(stats.doneToday).toBe(4);
    expect(stats.bulkToday).toBe(25 - 5);
    const trained = await trainPrescreen(alice);
    expect(trained.decisions).toBe(4);
  });

  it("rescores the pending samples in the background after a training, with explanations that add up to the score", async () => {
    // Ingested before any model existed: no score, so the score-range filter could not find them.
    expect(await database.prisma.sample.count({ where: { status: "PENDING", prescreenScore: { not: null } } })).toBe(0);
    const runner = startJobRunner({ jobs: JOBS, pollMs: 20 });
    try {
      const deadline = Date.now() + 30_000;
      let job = await database.prisma.job.findFirst({ where: { kind: "prescreen.rescore" } });
      while (job?.status !== "SUCCEEDED" && Date.now() < deadline) {
        await sleep(50);
        job = await database.prisma.job.findFirst({ where: { kind: "prescreen.rescore" } });
      }
      expect(job).toMatchObject({ status: "SUCCEEDED" });
    } finally {
      await runner.stop(2_000);
    }
    const pending = await database.prisma.sample.findMany({ where: { status: "PENDING" }, select: { prescreenScore: true, prescreenFactors: true } });
    expect(pending.length).toBeGreaterThan(0);
    for (const sample of pending) {
      expect(sample.prescreenScore).not.toBeNull();
      const factors = sample.prescreenFactors as Array<{ feature: string; contribution: number }>;
      expect(factors[0].feature).toBe("typical sample");
      expect(scoreOfFactors(factors)).toBeCloseTo(sample.prescreenScore!, 6);
    }
    const inRange = await claimSamples(bob, { agentId: mainAgent, minScore: 0, maxScore: 1 });
    expect(inRange.length).toBeGreaterThan(0);
  });

  it("undoes a one-key approval: back in the queue, held by the same reviewer, its knowledge forgotten, one audit event", async () => {
    const [sample] = await claimSamples(alice, { agentId: mainAgent });
    await decideSample(alice, { decision: "approve", sampleId: sample.id });
    const evidence = await database.prisma.knowledgeEvidence.findFirstOrThrow({ where: { sampleId: sample.id }, include: { entry: true } });
    const approvalsBefore = evidence.entry.approvals;

    await expect(undoSample(bob, sample.id)).rejects.toThrow("Only the reviewer who decided a sample can undo it.");
    await undoSample(alice, sample.id);

    const after = await database.prisma.sample.findUniqueOrThrow({ where: { id: sample.id } });
    expect(after).toMatchObject({ status: "PENDING", decidedById: null, lockedById: (alice.actor as { id: string }).id });
    expect(after.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await database.prisma.knowledgeEvidence.count({ where: { sampleId: sample.id } })).toBe(0);
    const entry = await database.prisma.knowledgeEntry.findUniqueOrThrow({ where: { id: evidence.entryId } });
    expect(entry.approvals).toBe(approvalsBefore - 1);
    expect(await database.prisma.auditEvent.count({ where: { action: "sample.undo", targetId: sample.id } })).toBe(1);
    // Held by alice again: it is what she sees first.
    expect((await claimSamples(alice, { agentId: mainAgent })).map((held) => held.id)).toContain(sample.id);
    await expect(undoSample(alice, sample.id)).rejects.toThrow("no decision to undo");
  });

  it("refuses an undo after the reviewer's next decision, after the window, after a training, and for a bulk decision", async () => {
    const held = await claimSamples(alice, { agentId: mainAgent });
    await decideSample(alice, { decision: "reject", sampleId: held[0].id, reason: "DUPLICATE" });
    await sleep(5);
    await decideSample(alice, { decision: "approve", sampleId: held[1].id });
    await expect(undoSample(alice, held[0].id)).rejects.toThrow("you decided another sample since");

    await database.prisma.sample.update({ where: { id: held[1].id }, data: { decidedAt: new Date(Date.now() - 60_000) } });
    await expect(undoSample(alice, held[1].id)).rejects.toThrow("Too late to undo");

    await decideSample(alice, { decision: "approve", sampleId: held[2].id });
    await trainPrescreen(system);
    await expect(undoSample(alice, held[2].id)).rejects.toThrow("already trained on this decision");

    const bulk = await database.prisma.sample.findFirstOrThrow({ where: { bulkDecided: true } });
    await database.prisma.sample.update({ where: { id: bulk.id }, data: { decidedAt: new Date() } });
    await expect(undoSample(alice, bulk.id)).rejects.toThrow("Only a one-key approve or reject can be undone.");

    const manager = { actor: { type: "USER", id: (alice.actor as { id: string }).id, email: "m@example.com", role: "MANAGER" } } as const;
    await expect(undoSample(manager, held[2].id)).rejects.toThrow("does not allow");
  });
});
