import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openAndMigrate, setProcessDatabase, type Database } from "@/lib/db/client";
import { claimJobs, completeJob, failJob, findJob, insertJob, renewLease, type JobRow } from "@/lib/db/jobs";
import { sql } from "@/lib/db/sql";
import type { RequestContext } from "@/lib/server/actor";
import { cancelJob, enqueueJob, listJobs, queueJob, retryJob, startJobRunner, type JobRunner } from "@/lib/server/jobs";
import { UserError } from "@/lib/server/errors";
import { createRunsTable, failingJob, recordJob, TEST_JOBS, waitJob } from "../fixtures/test-jobs";
import { BACKENDS, createPostgresDatabase, type Backend } from "../helpers/db";

const admin: RequestContext = { actor: { type: "USER", id: "00000000-0000-4000-8000-000000000001", email: "admin@example.com", role: "ADMIN" } };
const FIXTURE = fileURLToPath(new URL("../fixtures/job-runner.ts", import.meta.url));
const ABANDONED = (attempt: number) => `the runner stopped (crash or shutdown) during attempt ${attempt}`;

let tokens = 0;
const token = (what: string) => `${what}-${++tokens}-${Date.now()}`;

describe.each(BACKENDS)("background jobs on %s", (backend: Backend) => {
  let database: Database;
  let url: string | undefined;
  let dropDatabase = async () => {};
  const runners: JobRunner[] = [];
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    // Like openTestDatabase, keeping the URL for runners in other processes.
    if (backend === "postgres") {
      const created = await createPostgresDatabase();
      url = created.url;
      dropDatabase = created.drop;
      ({ database } = await openAndMigrate({ kind: "postgres", url, poolSize: 6 }));
    } else {
      ({ database } = await openAndMigrate({ kind: "pglite-memory" }));
    }
    setProcessDatabase(database);
    await createRunsTable();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop(2_000)));
    for (const child of processes.splice(0)) child.kill("SIGKILL");
    // No test leaves work behind for the next one's runners.
    await database.prisma.$executeRaw(sql`UPDATE jobs SET status = 'CANCELLED' WHERE status IN ('QUEUED', 'RUNNING')`);
  });

  afterAll(async () => {
    await database.close();
    await dropDatabase();
  });

  function startRunner(options: Partial<Parameters<typeof startJobRunner>[0]> = {}): JobRunner {
    const runner = startJobRunner({ jobs: TEST_JOBS, pollMs: 20, leaseMs: 3_000, ...options });
    runners.push(runner);
    return runner;
  }

  /** A runner in a process of its own (PostgreSQL only), resolved once it polls. */
  async function startRunnerProcess(env: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: { ...process.env, DATABASE_URL: url!, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    processes.push(child);
    await new Promise<void>((resolve, reject) => {
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.split("\n").includes("ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the runner process exited with ${code} before it was ready: ${output}`)));
    });
    return child;
  }

  /** Two runners taking from the same table: two processes on PostgreSQL, two runners in this process on PGlite (one process owns it). */
  async function startTwoRunners(): Promise<void> {
    if (backend === "postgres") await Promise.all([startRunnerProcess({ CONCURRENCY: "2" }), startRunnerProcess({ CONCURRENCY: "2" })]);
    else {
      startRunner({ concurrency: 2, label: "first" });
      startRunner({ concurrency: 2, label: "second" });
    }
  }

  async function job(id: string): Promise<JobRow> {
    return (await findJob(database.prisma, id))!;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
      await sleep(25);
    }
  }

  const settled = (id: string, status: JobRow["status"]) => until(() => job(id), (row) => row.status === status, `job ${id} to be ${status.toLowerCase()}`);

  async function runsOf(key: string): Promise<Array<{ what: string; pid: number; at: Date }>> {
    const rows = await database.prisma.$queryRaw<Array<{ what: string; pid: number; at: Date }>>(sql`
      SELECT what, pid, at FROM job_test_runs WHERE token = ${key} ORDER BY at`);
    return rows.map((row) => ({ what: row.what, pid: Number(row.pid), at: new Date(row.at) }));
  }

  it("runs a job, records its result and audits who enqueued it", async () => {
    const key = token("simple");
    startRunner();
    const { job: queued, created } = await enqueueJob(admin, recordJob, { token: key });
    expect(created).toBe(true);
    const done = await settled(queued.id, "SUCCEEDED");
    expect(done).toMatchObject({ attempts: 1, progress: 1, result: { token: key }, createdBy: "admin@example.com", lastError: null });
    expect(done.finishedAt).not.toBeNull();
    expect(await runsOf(key)).toHaveLength(1);
    const audit = await database.prisma.auditEvent.findFirst({ where: { action: "job.enqueue", targetId: queued.id } });
    expect(audit?.actorLabel).toBe("admin@example.com");
  });

  it("gives one job to exactly one of two runners", async () => {
    await startTwoRunners();
    const key = token("one");
    const { job: queued } = await enqueueJob(admin, recordJob, { token: key });
    await settled(queued.id, "SUCCEEDED");
    // Time for a second runner to run it too, were it able to.
    await sleep(300);
    expect(await runsOf(key)).toHaveLength(1);
  });

  it("shares many jobs between two runners, none run twice and none missed", async () => {
    await startTwoRunners();
    const keys = Array.from({ length: 60 }, () => token("many"));
    const ids: string[] = [];
    for (const key of keys) ids.push((await enqueueJob(admin, recordJob, { token: key, sleepMs: 5 })).job.id);
    await until(
      () => database.prisma.job.count({ where: { id: { in: ids.map(BigInt) }, status: "SUCCEEDED" } }),
      (count) => count === ids.length,
      "every job to succeed",
      60_000,
    );
    const runs = await database.prisma.$queryRaw<Array<{ token: string; runs: number }>>(sql`
      SELECT token, count(*)::int AS runs FROM job_test_runs WHERE token LIKE 'many-%' GROUP BY token`);
    expect(runs).toHaveLength(keys.length);
    expect(runs.filter((row) => Number(row.runs) !== 1)).toEqual([]);
    const holders = await database.prisma.job.findMany({ where: { id: { in: ids.map(BigInt) } }, distinct: ["lockedBy"], select: { lockedBy: true } });
    expect(holders.length, "both runners did work").toBe(2);
  });

  it("claims only the kinds it has handlers for", async () => {
    startRunner();
    const { job: unknown } = await insertJob(database.prisma, { kind: "test.nobody-handles-this", payload: {}, maxAttempts: 1, createdBy: "test" });
    const { job: known } = await enqueueJob(admin, recordJob, { token: token("known") });
    await settled(known.id, "SUCCEEDED");
    expect((await job(unknown.id)).status).toBe("QUEUED");
  });

  it("takes over a job whose runner stopped mid-attempt, saying why the attempt was repeated", async () => {
    const key = token("taken-over");
    const { job: queued } = await enqueueJob(admin, recordJob, { token: key });
    const [claimed] = await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 100, runner: "crashed" });
    expect(claimed.id).toBe(queued.id);
    // The crashed runner renews nothing; its lease runs out.
    await sleep(150);
    startRunner({ label: "survivor" });
    const done = await settled(queued.id, "SUCCEEDED");
    expect(done).toMatchObject({ attempts: 2, lockedBy: "survivor", lastError: ABANDONED(1) });
    expect(await runsOf(key)).toHaveLength(1);
  });

  it("fails a job for good, with the reason, when its runner stopped during the last attempt", async () => {
    const key = token("last-attempt");
    const { job: queued } = await insertJob(database.prisma, { kind: "test.record", payload: { token: key }, maxAttempts: 1, createdBy: "test" });
    await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 100, runner: "crashed" });
    await sleep(150);
    startRunner();
    const failed = await settled(queued.id, "FAILED");
    expect(failed).toMatchObject({ attempts: 1, lastError: ABANDONED(1) });
    expect(failed.finishedAt).not.toBeNull();
    expect(await runsOf(key)).toHaveLength(0);
  });

  it("leaves a job that outlives the shutdown deadline to another runner", async () => {
    const key = token("shutdown");
    const first = startRunner({ leaseMs: 600, label: "stopping" });
    const { job: queued } = await enqueueJob(admin, waitJob, { token: key, onlyFirstRun: true });
    await until(() => runsOf(key), (runs) => runs.length === 1, "the first run to start");
    await first.stop(50);
    expect((await job(queued.id)).status).toBe("RUNNING");
    startRunner({ label: "next" });
    const done = await settled(queued.id, "SUCCEEDED");
    expect(done).toMatchObject({ attempts: 2, lockedBy: "next", lastError: ABANDONED(1), result: { resumedOnRun: 2 } });
  });

  if (backend === "postgres") {
    it("resumes a job on another process after its runner is killed mid-job", async () => {
      const key = token("killed");
      const doomed = await startRunnerProcess({ LEASE_MS: "1000" });
      const { job: queued } = await enqueueJob(admin, waitJob, { token: key, onlyFirstRun: true });
      await until(() => job(queued.id), (row) => row.progress === 0.5, "the first run to report progress");
      doomed.kill("SIGKILL");
      await new Promise((resolve) => doomed.once("exit", resolve));
      await startRunnerProcess({ LEASE_MS: "1000" });
      const done = await settled(queued.id, "SUCCEEDED");
      expect(done).toMatchObject({ attempts: 2, lastError: ABANDONED(1), result: { resumedOnRun: 2 } });
      const runs = await runsOf(key);
      expect(runs.map((run) => run.what)).toEqual(["ran", "ran"]);
      expect(runs[0].pid).toBe(doomed.pid);
      expect(runs[1].pid).not.toBe(doomed.pid);
    });
  }

  it("cancels a queued job at once; it never runs", async () => {
    const key = token("cancel-queued");
    const { job: queued } = await enqueueJob(admin, recordJob, { token: key }, { delayMs: 200 });
    const cancelled = await cancelJob(admin, queued.id);
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.finishedAt).not.toBeNull();
    startRunner();
    await sleep(400);
    expect(await runsOf(key)).toHaveLength(0);
    await expect(cancelJob(admin, queued.id)).rejects.toThrow("This job already ended (cancelled).");
    expect(await database.prisma.auditEvent.count({ where: { action: "job.cancel", targetId: queued.id } })).toBe(1);
  });

  it("shows a running job's progress, and cancelling it aborts the handler", async () => {
    const key = token("cancel-running");
    startRunner({ leaseMs: 600 });
    const { job: queued } = await enqueueJob(admin, waitJob, { token: key });
    const running = await until(() => job(queued.id), (row) => row.progress === 0.5, "progress to be recorded");
    expect(running).toMatchObject({ status: "RUNNING", progressNote: "halfway" });
    const requested = await cancelJob(admin, queued.id);
    expect(requested).toMatchObject({ status: "RUNNING", cancelRequested: true });
    const started = Date.now();
    const cancelled = await settled(queued.id, "CANCELLED");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cancelled.finishedAt).not.toBeNull();
    expect((await runsOf(key)).map((run) => run.what)).toEqual(["ran", "aborted"]);
  });

  it("retries a failing job with growing waits, then fails it with the handler's message", async () => {
    const key = token("failing");
    startRunner({ retry: { baseMs: 200, maxMs: 10_000 }, random: () => 0.999 });
    const { job: queued } = await enqueueJob(admin, failingJob, { token: key });
    const failed = await settled(queued.id, "FAILED");
    expect(failed).toMatchObject({ attempts: 3, lastError: "boom on run 3" });
    const at = (await runsOf(key)).map((run) => run.at.getTime());
    expect(at).toHaveLength(3);
    const [firstWait, secondWait] = [at[1] - at[0], at[2] - at[1]];
    expect(firstWait).toBeGreaterThanOrEqual(190);
    expect(secondWait).toBeGreaterThanOrEqual(390);
    expect(secondWait).toBeGreaterThan(firstWait);
  });

  it("sleeps while idle on the embedded database's terms, yet runs what is enqueued at once, what is delayed on time and retries after their backoff", async () => {
    // The idle maximum far beyond the test: only a wake-up or a due time can start these jobs.
    startRunner({ pollMs: 20, idleMaxMs: 60_000, retry: { baseMs: 300, maxMs: 10_000 }, random: () => 0.999 });
    await sleep(100);
    const now = await enqueueJob(admin, recordJob, { token: token("woken") });
    const ran = await settled(now.job.id, "SUCCEEDED");
    expect(ran.finishedAt!.getTime() - ran.createdAt.getTime()).toBeLessThan(2_000);

    const delayedKey = token("delayed");
    const delayed = await enqueueJob(admin, recordJob, { token: delayedKey }, { delayMs: 700 });
    await settled(delayed.job.id, "SUCCEEDED");
    const [run] = await runsOf(delayedKey);
    expect(run.at.getTime() - delayed.job.createdAt.getTime()).toBeGreaterThanOrEqual(650);
    expect(run.at.getTime() - delayed.job.createdAt.getTime()).toBeLessThan(3_000);

    const failingKey = token("failing-idle");
    const failing = await enqueueJob(admin, failingJob, { token: failingKey });
    await settled(failing.job.id, "FAILED");
    const at = (await runsOf(failingKey)).map((attempt) => attempt.at.getTime());
    expect(at).toHaveLength(3);
    expect(at[2] - at[0]).toBeLessThan(5_000);
  });

  it("does not hand a failed attempt out again before its backoff", async () => {
    const { job: queued } = await insertJob(database.prisma, { kind: "test.record", payload: { token: token("backoff") }, maxAttempts: 3, createdBy: "test" });
    const [claimed] = await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 5_000, runner: "a" });
    expect(await failJob(database.prisma, claimed, "upstream timed out", 60_000)).toBe("QUEUED");
    const waiting = await job(queued.id);
    expect(waiting.lastError).toBe("upstream timed out");
    expect(waiting.runAt.getTime() - Date.now()).toBeGreaterThan(55_000);
    expect(await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 5_000, runner: "b" })).toEqual([]);
  });

  it("ignores a runner that lost its lease: its late writes change nothing", async () => {
    const { job: queued } = await insertJob(database.prisma, { kind: "test.record", payload: { token: token("stale") }, maxAttempts: 3, createdBy: "test" });
    const [stale] = await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 100, runner: "stalled" });
    await sleep(150);
    const [current] = await claimJobs(database.prisma, { kinds: ["test.record"], limit: 1, leaseMs: 5_000, runner: "current" });
    expect(current.id).toBe(queued.id);
    expect(await completeJob(database.prisma, stale, { from: "stalled" })).toBe(false);
    expect(await failJob(database.prisma, stale, "late failure", null)).toBeNull();
    expect(await renewLease(database.prisma, stale, 5_000, { fraction: 0.9, note: "late" })).toBeNull();
    expect(await job(queued.id)).toMatchObject({ status: "RUNNING", lockedBy: "current", result: null, progress: 0, lastError: ABANDONED(1) });
    expect(await completeJob(database.prisma, current, { from: "current" })).toBe(true);
    expect(await job(queued.id)).toMatchObject({ status: "SUCCEEDED", result: { from: "current" } });
  });

  it("leaves no job behind when the enqueueing transaction rolls back", async () => {
    const key = token("rolled-back");
    await expect(
      database.prisma.$transaction(async (tx) => {
        await queueJob(tx, admin, recordJob, { token: key });
        throw new Error("the use-case failed after enqueueing");
      }),
    ).rejects.toThrow("the use-case failed after enqueueing");
    const jobs = await database.prisma.job.findMany({ where: { kind: "test.record" }, select: { payload: true } });
    expect(jobs.filter((row) => (row.payload as { token: string }).token === key)).toEqual([]);
  });

  it("keeps one live job per singleton key, and allows another once it ended", async () => {
    const singletonKey = token("singleton");
    const enqueued = await Promise.all(Array.from({ length: 5 }, () => enqueueJob(admin, recordJob, { token: singletonKey }, { singletonKey })));
    expect(new Set(enqueued.map((result) => result.job.id)).size).toBe(1);
    expect(enqueued.filter((result) => result.created)).toHaveLength(1);
    const first = enqueued[0].job.id;
    startRunner();
    await settled(first, "SUCCEEDED");
    const again = await enqueueJob(admin, recordJob, { token: singletonKey }, { singletonKey });
    expect(again.created).toBe(true);
    expect(again.job.id).not.toBe(first);
  });

  it("retries a failed job on request with all its attempts, keeping its last error in view", async () => {
    const key = token("retried");
    const runner = startRunner({ retry: { baseMs: 10, maxMs: 10 } });
    const { job: queued } = await enqueueJob(admin, failingJob, { token: key });
    await settled(queued.id, "FAILED");
    await runner.stop(1_000);
    await expect(retryJob(admin, "999999999")).rejects.toThrow("That job was not found.");
    const retried = await retryJob(admin, queued.id);
    expect(retried).toMatchObject({ status: "QUEUED", attempts: 0, lastError: "boom on run 3" });
    await expect(retryJob(admin, queued.id)).rejects.toThrow("Only a failed or cancelled job can be retried; this one is queued.");
    startRunner({ retry: { baseMs: 10, maxMs: 10 } });
    expect(await settled(queued.id, "FAILED")).toMatchObject({ attempts: 3, lastError: "boom on run 6" });
    expect(await database.prisma.auditEvent.count({ where: { action: "job.retry", targetId: queued.id } })).toBe(1);
  });

  it("refuses to retry a singleton job while another with its key is live", async () => {
    const singletonKey = token("singleton-retry");
    const { job: old } = await enqueueJob(admin, recordJob, { token: singletonKey }, { singletonKey });
    await cancelJob(admin, old.id);
    await enqueueJob(admin, recordJob, { token: singletonKey }, { singletonKey, delayMs: 60_000 });
    const refused = await retryJob(admin, old.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).status).toBe(409);
  });

  it("lists jobs newest first, a page at a time, filtered by status and kind", async () => {
    const kind = `test.listed-${backend}`;
    // One statement: every job shares its created_at, so the pages rest on the id alone.
    await database.prisma.$executeRaw(sql`
      INSERT INTO jobs (kind, payload, max_attempts, created_by) SELECT ${kind}, '{}'::jsonb, 1, 'test' FROM generate_series(1, 60)`);
    const first = await listJobs({ kind, limit: 50 });
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await listJobs({ kind, limit: 50, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((item) => BigInt(item.id));
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    expect(first.kinds).toContain(kind);
    await cancelJob(admin, String(ids[0]));
    expect((await listJobs({ kind, status: "CANCELLED" })).items.map((item) => item.id)).toEqual([String(ids[0])]);
    expect((await listJobs({ kind, status: "QUEUED" })).items).toHaveLength(50);
    expect((await listJobs({ kind: "test.no-such-kind" })).items).toEqual([]);
  });
});
