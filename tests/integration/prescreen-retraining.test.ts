import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { startJobRunner, type JobRunner } from "@/lib/server/jobs";
import { JOBS } from "@/lib/server/jobs/kinds";
import { claimSamples, decideSample } from "@/lib/server/review";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createUser } from "@/lib/server/users";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

describe.each(BACKENDS)("pre-screen retraining as a background job on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let reviewer: RequestContext;
  let runner: JobRunner | undefined;
  let decided = 0;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 100_000 });
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: "retrained", description: "" });
    const { key } = await issueApiKey(system, { agentId: agent.id, label: "" });
    const sent = Array.from({ length: 60 }, (_, i) => interaction({ correction: `Serve the cached balance, case ${i}`, confidence_score: 0.9 }));
    expect((await postInteractions(key, { interactions: sent })).json.accepted).toBe(60);
    const { user } = await createUser(system, { email: "rita@example.com", role: "REVIEWER", password: "reviewer-password" });
    reviewer = { actor: { type: "USER", id: user.id, email: user.email, role: "REVIEWER" } };
  });
  afterEach(() => runner?.stop(2_000));
  afterAll(() => close());

  /** Decides `count` more samples, approving and rejecting in turn so the model sees both. */
  async function decide(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const [sample] = await claimSamples(reviewer);
      decided += 1;
      await decideSample(reviewer, decided % 2 ? { decision: "approve", sampleId: sample.id } : { decision: "reject", sampleId: sample.id, reason: "LOW_VALUE" });
    }
  }

  const retrainings = () => database.prisma.job.findMany({ where: { kind: "prescreen.retrain" }, orderBy: { id: "asc" } });

  it("queues one retraining with the 50th decision, however many follow before it runs", async () => {
    await decide(49);
    expect(await retrainings()).toEqual([]);
    await decide(1);
    const [queued, ...others] = await retrainings();
    expect(others).toEqual([]);
    expect(queued).toMatchObject({ status: "QUEUED", singletonKey: "prescreen.retrain", createdBy: "rita@example.com" });
    await decide(2);
    expect((await retrainings()).map((job) => job.id)).toEqual([queued.id]);
  });

  it("retrains in the runner as the system, recording the model and its result on the job", async () => {
    runner = startJobRunner({ jobs: JOBS, pollMs: 20 });
    const deadline = Date.now() + 30_000;
    let [job] = await retrainings();
    while (job.status !== "SUCCEEDED" && Date.now() < deadline) {
      await sleep(50);
      [job] = await retrainings();
    }
    expect(job).toMatchObject({ status: "SUCCEEDED", attempts: 1, progress: 1, result: { decisions: 52 } });
    const model = await database.prisma.prescreenModel.findFirstOrThrow({ orderBy: { trainedAt: "desc" } });
    expect(model.decisions).toBe(52);
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "prescreen.train" } });
    expect(audit).toMatchObject({ actorType: "SYSTEM", actorLabel: "pre-screen retraining" });
  });

  it("queues nothing more until another 50 decisions arrive after that training", async () => {
    await decide(3);
    expect(await retrainings()).toHaveLength(1);
  });
});
