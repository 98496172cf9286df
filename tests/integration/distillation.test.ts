import os from "node:os";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getDataset } from "@/app/api/v1/ops/distillation-runs/[id]/dataset/route";
import { GET as getRunsRoute, POST as postRunsRoute } from "@/app/api/v1/ops/distillation-runs/route";
import { GET as getVersionsRoute, POST as postVersionsRoute } from "@/app/api/v1/ops/model-versions/route";
import type { Database } from "@/lib/db/client";
import { setServingModel } from "@/lib/db/models";
import { bumpServingVersion } from "@/lib/db/serving";
import { sql } from "@/lib/db/sql";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { cancelDistillation, getRun, listRuns, previewDistillation, startDistillation } from "@/lib/server/distillation";
import { distillationJob } from "@/lib/server/distillation/job";
import { startJobRunner, type JobRunner } from "@/lib/server/jobs";
import { bulkDecide } from "@/lib/server/review";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createAccessToken } from "@/lib/server/tokens";
import { createUser } from "@/lib/server/users";
import { postRemedy, within } from "../helpers/agent-api";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const NO_PARAMS = { params: Promise.resolve({}) };
const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };

/** Four corrections, each for its own failure; ids and numbers vary, as in real traffic. */
const KINDS = [
  { category: "rate_limit", action: "GET /api/accounts/{n}/balance", error: "429 Rate Limit Exceeded", intent: "check balance", correction: "Wait for Retry-After, then retry once" },
  { category: "timeout", action: "POST /api/payments/{n}/capture", error: "upstream timed out after 30s", intent: "capture payment", correction: "Check the payment status before retrying the capture" },
  { category: "auth_expired", action: "GET /api/orders/{n}", error: "401 token expired", intent: "where is my order", correction: "Refresh the OAuth token and repeat the call" },
  { category: "not_found", action: "GET /api/customers/{n}/address", error: "404 customer not found", intent: "update delivery address", correction: "Ask the user to confirm their customer number" },
];

function failure(kind: (typeof KINDS)[number], n: number) {
  return { user_intent: kind.intent, agent_action: kind.action.replace("{n}", String(1000 + n)), api_response: { error: kind.error }, error_category: kind.category };
}

async function person(email: string, role: "OPERATOR" | "MANAGER" | "REVIEWER"): Promise<RequestContext> {
  const { user } = await createUser(system, { email, role, password: "a-long-enough-password" });
  return { actor: { type: "USER", id: user.id, email, role } };
}

function opsRequest(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function json(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe.each(BACKENDS)("distillation on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let agentId: string;
  let key: string;
  let operator: RequestContext;
  let operatorToken: string;
  let managerToken: string;
  const runners: JobRunner[] = [];

  const startRunner = (label?: string) => {
    const runner = startJobRunner({ jobs: [distillationJob], pollMs: 20, leaseMs: 3_000, label });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 100_000 });
    invalidateSettingsCache();
    agentId = (await createAgent(system, { name: `distilled-${backend}`, description: "" })).id;
    key = (await issueApiKey(system, { agentId, label: "" })).key;
    operator = await person(`op-${backend}@example.com`, "OPERATOR");
    const manager = await person(`mgr-${backend}@example.com`, "MANAGER");
    const reviewer = await person(`rev-${backend}@example.com`, "REVIEWER");
    operatorToken = (await createAccessToken(operator, { name: "pipeline" })).token;
    managerToken = (await createAccessToken(manager, { name: "reader" })).token;
    const items = KINDS.flatMap((kind, k) => Array.from({ length: 12 }, (_, n) => interaction({ ...failure(kind, k * 100 + n), correction: kind.correction, confidence_score: 0.95, retry_strategy: null })));
    // Two below the quality filter: approved, but not distilled.
    items.push(interaction({ ...failure(KINDS[0], 999), correction: KINDS[0].correction, confidence_score: 0.8, retry_strategy: null }));
    items.push(interaction({ ...failure(KINDS[1], 998), correction: KINDS[1].correction, confidence_score: 0.85, retry_strategy: null }));
    expect((await postInteractions(key, { interactions: items })).json.accepted).toBe(50);
    const { count } = await bulkDecide(reviewer, { decision: "approve", filter: { agentId }, expected: 50 });
    expect(count).toBe(50);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop(2_000)));
  });
  afterAll(() => close());

  it("previews what a run would use and cost, before anything starts", async () => {
    const preview = await previewDistillation({ agentId, patternIds: [] });
    expect(preview).toMatchObject({ qualifying: 48, used: 48, corrections: 4, qualityFilter: 0.9, costPerSample: 10, estimatedCost: 480, blockers: [] });
    const capped = await previewDistillation({ agentId, patternIds: [], maxSamples: 20 });
    expect(capped).toMatchObject({ used: 20, estimatedCost: 200 });
    const empty = await previewDistillation({ agentId, patternIds: [], from: "2001-01-01", to: "2001-01-02" });
    expect(empty.blockers.join(" ")).toMatch(/0 approved samples above confidence 0.90 are in scope; a run needs at least 20/);
    await expect(startDistillation(operator, { agentId, patternIds: [], from: "2001-01-01", to: "2001-01-02" })).rejects.toThrow(/at least 20/);
    expect(await database.prisma.distillationRun.count()).toBe(0);
  });

  it("trains a student that passes safety, with every figure stored, and the model answers /remedy once it serves", async () => {
    const { runId } = await startDistillation(operator, { agentId, patternIds: [] });
    startRunner();
    const { value: run } = await within(20_000, () => getRun(runId), (r) => r.status === "SUCCEEDED" || r.status === "FAILED");
    expect(run.status).toBe("SUCCEEDED");
    // round(12 × 0.2) = 2 of each correction held out.
    expect(run.metrics).toMatchObject({ classes: 4, trainCount: 40, holdOutCount: 8, cost: 480 });
    expect(run.metrics!.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(run.metrics!.confusion).toHaveLength(4);
    expect(run.metrics!.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(8);
    expect(run.modelVersion).toMatchObject({ version: "student-1", safetyStatus: "PASS" });
    expect(run.modelVersion!.safetyReport!.checks.map((check) => [check.name, check.passed])).toEqual([["personal_data", true], ["deny_list", true], ["accuracy", true]]);
    // The sandbox replays the 8 held-out and the 2 low-confidence failures it never trained on.
    expect(run.modelVersion!.sandbox).toMatchObject({ replayed: 10 });
    expect(await database.prisma.distillationRunSample.count({ where: { runId } })).toBe(48);
    const audit = await database.prisma.auditEvent.findMany({ where: { targetId: runId }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["distillation.start", "distillation.complete"]);

    // Serving it is the rollout's job (issue 12); here it is set directly.
    await database.prisma.$transaction(async (tx) => {
      await setServingModel(tx, agentId, run.modelVersion!.id);
      await bumpServingVersion(tx);
    });
    const { value } = await within(1_000, () => postRemedy(key, failure(KINDS[2], 5_000)), (r) => r.json.source === "model");
    expect(value.json).toMatchObject({ correction: KINDS[2].correction, source: "model", version: "student-1", remedy_id: `mv_${run.modelVersion!.id}` });
  });

  it("a run fails safety when its outputs leak personal data or match the deny-list", async () => {
    // A reviewer edited corrections badly; the model can now say them.
    await database.prisma.$executeRaw(sql`
      UPDATE samples SET output = 'Transfer the refund without confirmation to the saved card' WHERE error_category = 'not_found' AND agent_id = ${agentId}::uuid`);
    const { runId } = await startDistillation(operator, { agentId, patternIds: [] });
    startRunner();
    const { value: run } = await within(20_000, () => getRun(runId), (r) => r.status === "SUCCEEDED" || r.status === "FAILED");
    expect(run.modelVersion!.safetyStatus).toBe("FAIL");
    const denied = run.modelVersion!.safetyReport!.checks.find((check) => check.name === "deny_list")!;
    expect(denied.passed).toBe(false);
    expect(run.modelVersion!.safetyReport!.offending[0].reason).toContain('deny-list entry "transfer * without confirm*"');
  });

  it("cancels a queued run, and settles a run whose server died mid-way as failed with the reason", async () => {
    const queued = await startDistillation(operator, { agentId, patternIds: [] });
    expect(await cancelDistillation(operator, queued.runId)).toEqual({ status: "CANCELLED" });
    await expect(cancelDistillation(operator, queued.runId)).rejects.toThrow(/already ended/);

    // A run whose job a process on this host held when it died: no runner of that pid exists.
    const killed = await startDistillation(operator, { agentId, patternIds: [] });
    const dead = `${os.hostname()}:2147483646`;
    await database.prisma.$executeRaw(sql`
      UPDATE jobs SET status = 'RUNNING', attempts = 1, locked_by = ${dead}, lease_token = gen_random_uuid(), locked_until = now() + interval '1 hour', started_at = now()
       WHERE kind = 'distillation.run' AND status = 'QUEUED'`);
    await database.prisma.distillationRun.update({ where: { id: killed.runId }, data: { status: "RUNNING", progress: 0.4 } });
    // The restarted server's runner settles it at once, not when the hour-long lease runs out.
    startRunner();
    const { value } = await within(5_000, () => getRun(killed.runId), (r) => r.status === "FAILED");
    expect(value.failureReason).toMatch(/^The server stopped during the run: .*Start it again\.$/);
    expect((await listRuns({})).runs.find((r) => r.id === killed.runId)?.status).toBe("FAILED");
  });

  it("the ops API starts and reads runs, registers an external model, exports its dataset; a manager's token reads but cannot start", async () => {
    const dry = await json(await postRunsRoute(opsRequest(operatorToken, "/api/v1/ops/distillation-runs", { method: "POST", body: { agent: `distilled-${backend}`, dry_run: true } }), NO_PARAMS));
    expect(dry).toMatchObject({ status: 200, body: { preview: { qualifying: 48, estimatedCost: 480 } } });
    const before = await database.prisma.distillationRun.count();
    const refused = await json(await postRunsRoute(opsRequest(managerToken, "/api/v1/ops/distillation-runs", { method: "POST", body: { agent: `distilled-${backend}` } }), NO_PARAMS));
    expect(refused).toMatchObject({ status: 403, body: { error: "Your role (manager) does not allow this." } });
    expect(await database.prisma.distillationRun.count()).toBe(before);
    expect((await getRunsRoute(opsRequest("rmt_aaaaaaaa_" + "b".repeat(40), "/api/v1/ops/distillation-runs"), { params: Promise.resolve({}) })).status).toBe(401);
    const unknownField = await json(await postRunsRoute(opsRequest(operatorToken, "/api/v1/ops/distillation-runs", { method: "POST", body: { agent: "x", surprise: 1 } }), NO_PARAMS));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.fields).toEqual({ surprise: "is not a field of this request" });

    const started = await json(await postRunsRoute(opsRequest(operatorToken, "/api/v1/ops/distillation-runs", { method: "POST", body: { agent: `distilled-${backend}` } }), NO_PARAMS));
    expect(started.status).toBe(202);
    startRunner();
    const runId = started.body.run_id as string;
    await within(20_000, () => getRun(runId), (r) => r.status === "SUCCEEDED");
    const listed = await json(await getRunsRoute(opsRequest(managerToken, "/api/v1/ops/distillation-runs"), { params: Promise.resolve({}) }));
    expect(listed.body.runs[0]).toMatchObject({ id: runId, status: "SUCCEEDED" });
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { targetId: runId, action: "distillation.start" } });
    expect(audit.actorLabel).toBe(`op-${backend}@example.com`);

    const dataset = await getDataset(opsRequest(operatorToken, `/api/v1/ops/distillation-runs/${runId}/dataset?format=openai`), { params: Promise.resolve({ id: runId }) });
    const lines = (await dataset.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(48);
    expect(lines[0].messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(JSON.parse(lines[0].messages[1].content)).toHaveProperty("error_category");

    const register = (body: unknown) => postVersionsRoute(opsRequest(operatorToken, "/api/v1/ops/model-versions", { method: "POST", body }), { params: Promise.resolve({}) }).then(json);
    const good = await register({ agent: `distilled-${backend}`, version: "ft-llm-1", artifact_uri: "s3://models/ft-llm-1", run_id: runId, metrics: { hold_out_accuracy: 0.93 }, outputs: KINDS.map((kind) => kind.correction) });
    expect(good).toMatchObject({ status: 201, body: { version: "ft-llm-1", safety: { status: "PASS" } } });
    const leaky = await register({ agent: `distilled-${backend}`, version: "ft-llm-2", artifact_uri: "s3://models/ft-llm-2", metrics: { hold_out_accuracy: 0.95 }, outputs: ["Email jane.doe@example.com the refund"] });
    expect(leaky.body.safety.status).toBe("FAIL");
    expect(leaky.body.safety.checks[0]).toMatchObject({ name: "personal_data", passed: false });
    expect((await register({ agent: `distilled-${backend}`, version: "ft-llm-1", artifact_uri: "s3://x/y", metrics: { hold_out_accuracy: 0.9 }, outputs: ["a"] })).status).toBe(409);
    const versions = await json(await getVersionsRoute(opsRequest(managerToken, `/api/v1/ops/model-versions?agent=distilled-${backend}`), { params: Promise.resolve({}) }));
    expect(versions.body.model_versions.map((v: { version: string }) => v.version)).toContain("ft-llm-1");
  });
});
