import os from "node:os";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import { cancelRunningJob, claimJobs, completeJob, endAbandonedJobs, expireLeasesOf, failJob, msUntilNextDue, renewLease, runnersOnHost, type ClaimedJob } from "@/lib/db/jobs";
import { afterFailure, clampProgress, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY, heartbeatMs, JOB_LEASE_MS, type RetryPolicy } from "@/lib/domain/jobs";
import { processSingleton } from "@/lib/process-state";
import { logger } from "@/lib/server/logger";

/** What a handler gets besides its payload. */
export interface JobContext {
  /**
   * Aborted when someone cancels the job (seen at the runner's next lease
   * renewal), when the runner loses the lease, or when it stops and the job
   * outlives the shutdown deadline. A handler passes it on to what it awaits,
   * or checks it between steps, and throws once it is aborted.
   */
  signal: AbortSignal;
  /** How far the job is, 0 to 1, with a note for the Jobs page; stored at most once a second. */
  progress(fraction: number, note?: string): void;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  kind: string;
  payload: S;
  maxAttempts: number;
  run(payload: z.output<S>, job: JobContext): Promise<unknown>;
}

/**
 * A kind of background work: its name, the payload it accepts and what it
 * does. The handler's return value is stored as the job's result (JSON). A
 * handler may run more than once for one job (a runner can crash after the
 * work but before recording it), so it should be safe to repeat.
 */
export function defineJob<S extends z.ZodType>(
  kind: string,
  payload: S,
  run: (payload: z.output<S>, job: JobContext) => Promise<unknown>,
  { maxAttempts = DEFAULT_MAX_ATTEMPTS }: { maxAttempts?: number } = {},
): JobDefinition<S> {
  return { kind, payload, maxAttempts, run };
}

export interface JobRunnerOptions {
  /** The kinds this runner executes; it claims no others. */
  jobs: readonly JobDefinition[];
  /** How often to look for due jobs when nothing wakes the runner. */
  pollMs?: number;
  /**
   * When set above `pollMs`, an idle runner sleeps until the next queued job is due, at most
   * this long, instead of polling every `pollMs`. For a database no other process writes
   * (the embedded one): every enqueue here wakes the runner, and each poll is a query on the
   * main thread that the agents' requests would wait behind.
   */
  idleMaxMs?: number;
  /** Jobs run at once in this process. */
  concurrency?: number;
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Who holds a lease, shown on the Jobs page: host:pid by default. */
  label?: string;
  random?: () => number;
}

export interface JobRunner {
  /** Looks for due jobs now rather than at the next poll. */
  wake(): void;
  /**
   * Stops claiming and waits up to `deadlineMs` for the jobs running here.
   * Jobs still running then are abandoned: their handlers are aborted and
   * their leases left to expire, so another runner takes them over.
   */
  stop(deadlineMs: number): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A progress write waits at least this long after the previous one. */
const PROGRESS_WRITE_MS = 1_000;

class JobAbort extends Error {
  override name = "JobAbort";
  constructor(readonly why: "cancelled" | "lease lost" | "runner stopped") {
    super(`job aborted: ${why}`);
  }
}

// Runners live in the server entry's copy of this module, while jobs are
// often enqueued from a route bundle's copy: the wake-up goes through
// process-wide state.
const runners = processSingleton("jobs:runners", () => new Set<JobRunner>());

/** Wakes this process's runners after a commit that enqueued jobs. */
export function wakeJobRunners(): void {
  for (const runner of runners) runner.wake();
}

/**
 * Polls the jobs table and runs what it claims, renewing each lease while
 * its handler runs. Every outcome is written with the lease token: a runner
 * that lost its lease (it stalled past the expiry and another runner took the
 * job over) records nothing.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const registry = new Map<string, JobDefinition>();
  for (const definition of options.jobs) {
    if (registry.has(definition.kind)) throw new Error(`Two job definitions share the kind ${definition.kind}.`);
    registry.set(definition.kind, definition);
  }
  const kinds = [...registry.keys()];
  const pollMs = options.pollMs ?? 1_000;
  const idleMaxMs = Math.max(pollMs, options.idleMaxMs ?? pollMs);
  const concurrency = options.concurrency ?? 1;
  const leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const label = options.label ?? `${os.hostname()}:${process.pid}`;
  const random = options.random ?? Math.random;
  const log = logger().child({ runner: label });

  const active = new Map<string, { done: Promise<void>; abandon(): void }>();
  let stopping = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  let failing = false;

  function wake() {
    woken = true;
    interrupt?.();
  }

  function pause(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = null;
        woken = false;
        resolve();
      }
      interrupt = done;
    });
  }

  let checkedHost = false;

  /**
   * A server that restarts on the same host finds the jobs its previous
   * process held: that process is gone, so they are settled at once (a
   * distillation run is marked failed with the reason) instead of when their
   * leases run out.
   */
  async function endJobsOfGoneProcesses(prisma: Awaited<ReturnType<typeof db>>) {
    const host = os.hostname();
    const gone = (await runnersOnHost(prisma, host)).filter((runner) => {
      const pid = Number(runner.slice(host.length + 1));
      return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
    });
    if (gone.length > 0 && (await expireLeasesOf(prisma, gone)) > 0) log.warn({ runners: gone }, "jobs of a stopped process on this host are settled now");
  }

  /** Claims what is due; returns how long to wait before the next poll. */
  async function poll(): Promise<number> {
    const prisma = await db();
    if (!checkedHost) {
      await endJobsOfGoneProcesses(prisma);
      checkedHost = true;
    }
    for (const job of await endAbandonedJobs(prisma)) {
      log.error({ job: job.id, kind: job.kind, status: job.status, reason: job.lastError }, "job ended: its runner stopped mid-attempt");
    }
    const free = concurrency - active.size;
    if (free < 1) return pollMs;
    const claimed = await claimJobs(prisma, { kinds, limit: free, leaseMs, runner: label });
    for (const job of claimed) {
      const execution = execute(job);
      active.set(job.id, execution);
      void execution.done.finally(() => {
        active.delete(job.id);
        wake();
      });
    }
    if (claimed.length > 0 || active.size > 0 || idleMaxMs === pollMs) return pollMs;
    const dueInMs = await msUntilNextDue(prisma, kinds);
    return Math.min(idleMaxMs, Math.max(pollMs, dueInMs ?? idleMaxMs));
  }

  const loop = (async () => {
    while (!stopping) {
      let wait = pollMs;
      try {
        wait = await poll();
        if (failing) log.info("job runner reaches the database again");
        failing = false;
      } catch (error) {
        // One line per outage, not one per poll.
        if (!failing) log.error({ err: error }, "job runner cannot reach the database; retrying");
        failing = true;
      }
      if (!stopping) await pause(wait);
    }
  })();

  function execute(job: ClaimedJob): { done: Promise<void>; abandon(): void } {
    const definition = registry.get(job.kind)!;
    const jobLog = log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    const lease = { id: job.id, leaseToken: job.leaseToken };
    const controller = new AbortController();
    let abandoned = false;
    let pendingProgress: { fraction: number; note: string | null } | null = null;
    let lastWrite = 0;
    let progressTimer: NodeJS.Timeout | undefined;
    // Renewals run one after another so that a slow one never overtakes the next.
    let renewals = Promise.resolve();

    const leaseLost = () => controller.signal.reason instanceof JobAbort && controller.signal.reason.why === "lease lost";
    const renew = async () => {
      if (abandoned || leaseLost()) return;
      const progress = pendingProgress;
      pendingProgress = null;
      lastWrite = Date.now();
      try {
        const state = await renewLease(await db(), lease, leaseMs, progress);
        if (!state) controller.abort(new JobAbort("lease lost"));
        else if (state.cancelRequested && !controller.signal.aborted) controller.abort(new JobAbort("cancelled"));
      } catch (error) {
        // The lease outlasts two failed renewals; the next one may get through.
        jobLog.warn({ err: error }, "could not renew the job's lease");
      }
    };
    const beat = () => {
      renewals = renewals.then(renew);
    };
    const heartbeat = setInterval(beat, heartbeatMs(leaseMs));

    const context: JobContext = {
      signal: controller.signal,
      progress(fraction, note) {
        pendingProgress = { fraction: clampProgress(fraction), note: note ?? null };
        progressTimer ??= setTimeout(() => {
          progressTimer = undefined;
          beat();
        }, Math.max(0, lastWrite + PROGRESS_WRITE_MS - Date.now()));
      },
    };

    const done = (async () => {
      let outcome: { ok: true; result: unknown } | { ok: false; error: unknown; retryable: boolean };
      const payload = definition.payload.safeParse(job.payload);
      if (!payload.success) {
        // Retrying cannot fix a payload this version of the handler does not accept.
        outcome = { ok: false, error: new Error(`its payload does not match the ${job.kind} job: ${payload.error.issues[0]?.message}`), retryable: false };
      } else {
        jobLog.info("job started");
        try {
          outcome = { ok: true, result: await definition.run(payload.data, context) };
        } catch (error) {
          outcome = { ok: false, error, retryable: true };
        }
      }
      clearInterval(heartbeat);
      clearTimeout(progressTimer);
      await renewals;
      if (abandoned) return;
      if (leaseLost()) {
        jobLog.warn("job's lease was lost: another runner took it over; nothing recorded here");
        return;
      }
      const reason: unknown = controller.signal.reason;
      try {
        await record(outcome, reason instanceof JobAbort && reason.why === "cancelled");
      } catch (error) {
        // The lease expires and another runner runs the job again.
        jobLog.error({ err: error }, "could not record the job's outcome");
      }
    })();

    async function record(outcome: { ok: true; result: unknown } | { ok: false; error: unknown; retryable: boolean }, cancelled: boolean) {
      const prisma = await db();
      if (outcome.ok) {
        if (await completeJob(prisma, lease, outcome.result)) jobLog.info("job succeeded");
        else jobLog.warn("job finished after its lease was lost; the result was not recorded");
        return;
      }
      if (cancelled) {
        if (await cancelRunningJob(prisma, lease)) jobLog.info("job cancelled");
        return;
      }
      const message = errorMessage(outcome.error);
      const next = outcome.retryable ? afterFailure(job.attempts, job.maxAttempts, random, retry) : { retry: false as const };
      const status = await failJob(prisma, lease, message, next.retry ? next.delayMs : null);
      jobLog.error({ err: outcome.error, status, retryInMs: next.retry && status === "QUEUED" ? next.delayMs : undefined }, `job attempt failed: ${message}`);
    }

    return {
      done,
      abandon() {
        abandoned = true;
        clearInterval(heartbeat);
        clearTimeout(progressTimer);
        controller.abort(new JobAbort("runner stopped"));
      },
    };
  }

  const runner: JobRunner = {
    wake,
    async stop(deadlineMs) {
      if (!stopping) {
        stopping = true;
        runners.delete(runner);
        interrupt?.();
      }
      await loop;
      const running = [...active.values()];
      if (running.length === 0) return;
      log.info({ jobs: running.length, deadlineMs }, "waiting for running jobs before stopping");
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.all(running.map((execution) => execution.done)).then(() => true),
        new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), deadlineMs); }),
      ]);
      clearTimeout(timer);
      if (finished) return;
      for (const execution of active.values()) execution.abandon();
      log.warn({ jobs: active.size }, "stopped with jobs still running: their leases expire and another runner takes them over");
    },
  };
  runners.add(runner);
  log.info({ kinds, pollMs, idleMaxMs, concurrency }, "job runner started");
  return runner;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().slice(0, 2_000) || "the handler failed without a message";
}
