import { afterEach, describe, expect, it } from "vitest";
import { defaultPiiSettings } from "@/lib/domain/pii";
import { LARGE_BATCH_BYTES, prepareBatch, type PreparedBatch } from "./prepare";
import { startPrepareWorkers, type PrepareWorkers } from "./workers";

const options = { now: Date.parse("2026-11-26T12:00:00Z"), secret: "test-secret", pii: defaultPiiSettings };
const item = (id: string, extra: Record<string, unknown> = {}) => ({
  interaction_id: id,
  timestamp: "2026-11-26T11:00:00Z",
  user_intent: "Refund order 1234 for jane.doe@example.com",
  agent_action: "POST /api/v1/refunds/1234",
  api_response: { error: "402 card declined", card: "4111 1111 1111 1111" },
  final_outcome: "escalated",
  error_category: "payment",
  confidence_score: 0.9,
  correction: "Ask for another card",
  ...extra,
});
const misbehaving = new URL("../../../tests/fixtures/misbehaving-ingest-worker.ts", import.meta.url);
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

describe("ingest worker threads", () => {
  let workers: PrepareWorkers | undefined;
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
  });

  it("prepare a batch exactly as it is prepared in place, personal data already gone", async () => {
    workers = await startPrepareWorkers(2, (error) => { throw error; });
    const body = { interactions: [item("a"), item("b", { confidence_score: 7 }), item("a"), item("c", { api_response: null })] };
    const onThread = await workers.run(encode(body), options);
    expect(onThread).toEqual(prepareBatch(encode(body), options));
    const ok = onThread as Extract<PreparedBatch, { ok: true }>;
    expect(ok).toMatchObject({ ok: true, received: 4, duplicates: 1, rejected: [{ index: 1, errors: [{ field: "confidence_score" }] }] });
    expect(ok.items[0].occurredAt).toBeInstanceOf(Date);
    const rows = new TextDecoder().decode(ok.rows);
    expect(rows).not.toContain("jane.doe@example.com");
    expect(rows).not.toContain("4111 1111 1111 1111");
  });

  it("answer a body that is not JSON with the refusal a client would get", async () => {
    workers = await startPrepareWorkers(1, (error) => { throw error; });
    expect(await workers.run(encode("{nope"), options)).toMatchObject({ ok: false, status: 400, reason: "not_json" });
    expect(await workers.run(new Uint8Array([0xff, 0xfe]), options)).toMatchObject({ ok: false, status: 400, reason: "not_utf8" });
  });

  it("fail the batch a dying thread held, report it, and carry on with a fresh thread", async () => {
    const reported: Error[] = [];
    workers = await startPrepareWorkers(1, (error) => reported.push(error), { entry: misbehaving });
    await expect(workers.run(encode("crash"), options)).rejects.toThrow(/exited with code 3/);
    expect(reported).toHaveLength(1);
    // Right away, whether or not the replacement is up yet, the next batch is prepared, not refused.
    expect(await workers.run(encode({ interactions: [item("meanwhile")] }), options)).toMatchObject({ ok: true, received: 1 });
    await expect.poll(async () => {
      try {
        await workers!.run(encode("crash"), options);
        return "answered in place";
      } catch {
        return "crashed on a fresh thread";
      }
    }, { timeout: 10_000 }).toBe("crashed on a fresh thread");
    expect(reported).toHaveLength(2);
  });

  it("end a thread stuck on one batch, fail that batch only, and go on with a fresh thread", async () => {
    const reported: Error[] = [];
    workers = await startPrepareWorkers(1, (error) => reported.push(error), { entry: misbehaving, jobTimeoutMs: 500 });
    const started = Date.now();
    const stuck = workers.run(encode("hang"), options);
    const behind = workers.run(encode({ interactions: [item("behind")] }), options);
    await expect(stuck).rejects.toThrow(/more than 0.5 s on one batch and was ended/);
    // The batch waiting behind it was never the thread's: it is prepared all the same.
    await expect(behind).resolves.toMatchObject({ ok: true, received: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reported.map((error) => error.message)).toEqual(["ingest worker spent more than 0.5 s on one batch and was ended"]);
    // A fresh thread takes its place: there, unlike in place, a body of "crash" ends the thread.
    await expect.poll(() => workers!.run(encode("crash"), options).then(() => "answered in place", () => "on a fresh thread"), { timeout: 10_000 })
      .toBe("on a fresh thread");
  });

  it("let a busy thread work through a long queue: only time spent on one batch counts", async () => {
    const reported: Error[] = [];
    workers = await startPrepareWorkers(1, (error) => reported.push(error), { entry: misbehaving, jobTimeoutMs: 1_000 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => workers!.run(encode("busy:200"), options)));
    expect(answers.map((answer) => answer.ok)).toEqual(Array(8).fill(false));
    expect(answers[0]).toMatchObject({ reason: "not_json" });
    expect(reported).toEqual([]);
  });

  it("take another agent's small batch before the next of one agent's many large ones", async () => {
    workers = await startPrepareWorkers(1, (error) => { throw error; }, { entry: misbehaving });
    const order: string[] = [];
    const flood = Array.from({ length: 6 }, (_, i) => workers!.run(encode("busy:100"), options, "flood").then(() => order.push(`flood ${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const small = workers.run(encode("busy:1"), options, "other").then(() => order.push("other"));
    await Promise.all([...flood, small]);
    expect(order.indexOf("other")).toBeLessThanOrEqual(1);
  });

  it("answer another agent's small batch while a thread is still on a large one, and both as in place", async () => {
    workers = await startPrepareWorkers(1, (error) => { throw error; });
    const large = encode({ interactions: Array.from({ length: 800 }, (_, i) => item(`large-${i}`)) });
    expect(large.byteLength).toBeGreaterThan(LARGE_BATCH_BYTES);
    const expected = prepareBatch(large, options);
    const order: string[] = [];
    const flood = workers.run(large.slice(), options, "flood").then((result) => { order.push("large"); return result; });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const small = workers.run(encode({ interactions: [item("small")] }), options, "other").then((result) => { order.push("small"); return result; });
    const [floodResult, smallResult] = await Promise.all([flood, small]);
    expect(order).toEqual(["small", "large"]);
    expect(smallResult).toMatchObject({ ok: true, received: 1 });
    expect(floodResult).toEqual(expected);
  });

  it("refuse to start when the worker's module cannot load, so the server can go on without them", async () => {
    const missing = new URL("../../../tests/fixtures/no-such-worker.ts", import.meta.url);
    await expect(startPrepareWorkers(2, () => {}, { entry: missing })).rejects.toThrow(/no-such-worker|Cannot find|ERR_MODULE_NOT_FOUND/);
  });
});
