import os from "node:os";
import { Worker } from "node:worker_threads";
import { prepareInPlace, type PreparedBatch, type PrepareOptions, type PrepareRunner } from "./prepare";

/**
 * Worker threads that run `prepareBatch` (parse, validate, PII firewall,
 * fingerprints) for the server, so that the main thread, which owns PGlite
 * or the PostgreSQL pool, spends its time writing. While one batch is in its
 * transaction the next is being redacted on another core. Started by
 * server.ts only: route code reaches the pool through `setPrepareRunner`.
 */

type Answer = { id: number; result: PreparedBatch } | { id: number; error: string } | { ready: true };

interface Job {
  resolve: (result: PreparedBatch) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Job>;
  /** Only a ready thread gets batches; one starting or dead gets none. */
  state: "starting" | "ready" | "dead";
  /** Why the pool ended this thread, if it did; an ended thread gets no more batches. */
  ended: string | null;
  /** Times the batch the thread is working on: the oldest pending one, as a thread answers in order. */
  watchdog: NodeJS.Timeout | null;
}

export interface PrepareWorkers {
  run: PrepareRunner;
  size: number;
  close(): Promise<void>;
}

/** One thread per spare core, at most four: on two cores, one worker beside the main thread. */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

/**
 * A batch's parsed items live for the whole batch; with V8's default 16 MiB
 * semi-spaces they survive two scavenges, are promoted, and the old
 * generation's marking then costs more than the scavenges saved. A young
 * generation of 192 MiB (64 MiB semi-spaces, as the server's main thread gets
 * from `npm start`) lets a batch die young: measured on PostgreSQL, the
 * garbage collector's threads used about 30 % less CPU per row. V8 grows the
 * space only as allocation demands.
 */
const YOUNG_GENERATION_MB = 192;

const READY_TIMEOUT_MS = 30_000;
const RESPAWN_PAUSE_MS = 1_000;
/**
 * A batch takes tens of milliseconds of a thread's time; a thread still on
 * one after this long is stuck (a pathological input for some pattern, say),
 * and every batch queued behind it would wait forever. The thread is ended
 * and replaced, and the batches it held fail. Time a batch spends queued
 * does not count.
 */
const JOB_TIMEOUT_MS = 30_000;

const WORKER_ENTRY = new URL("./worker.ts", import.meta.url);

export interface PrepareWorkerOptions {
  /** The worker's module; tests give one that misbehaves on purpose. */
  entry?: URL;
  jobTimeoutMs?: number;
}

export async function startPrepareWorkers(
  size: number,
  onError: (error: Error) => void,
  { entry = WORKER_ENTRY, jobTimeoutMs = JOB_TIMEOUT_MS }: PrepareWorkerOptions = {},
): Promise<PrepareWorkers> {
  let nextId = 1;
  let closing = false;
  const slots: Slot[] = [];

  const spawn = (index: number): Promise<void> => {
    const worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
      workerData: { entry: entry.href },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, pending: new Map(), state: "starting", ended: null, watchdog: null };
    slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      // A thread that never says it is ready is ended; its exit restarts it below.
      const timer = setTimeout(() => end(slot, `ingest worker did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
      worker.on("message", (answer: Answer) => {
        if ("ready" in answer) {
          clearTimeout(timer);
          slot.state = "ready";
          resolve();
          return;
        }
        const job = slot.pending.get(answer.id);
        if (!job) return;
        slot.pending.delete(answer.id);
        watch(slot);
        if ("error" in answer) job.reject(new Error(`ingest worker failed: ${answer.error}`));
        else job.resolve(answer.result);
      });
      // A worker that dies takes its jobs with it: their requests get a 500
      // and nothing was written for them. A fresh worker takes its place, at
      // once after a crash, after a pause when it could not even start.
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
        for (const job of slot.pending.values()) job.reject(error);
        slot.pending.clear();
        watch(slot);
        if (slot.state === "dead") return;
        const wasReady = slot.state === "ready";
        slot.state = "dead";
        if (closing) return;
        onError(error);
        setTimeout(() => {
          // A replacement that fails reports itself through its own `fail`.
          if (!closing) spawn(index).catch(() => {});
        }, wasReady ? 0 : RESPAWN_PAUSE_MS).unref();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(slot.ended ?? `ingest worker exited with code ${code}`)));
    });
  };

  /** (Re)starts the clock on the batch a thread is now working on, if any. */
  const watch = (slot: Slot) => {
    if (slot.watchdog !== null) clearTimeout(slot.watchdog);
    slot.watchdog = slot.pending.size === 0
      ? null
      : setTimeout(() => end(slot, `ingest worker spent more than ${jobTimeoutMs / 1000} s on one batch and was ended`), jobTimeoutMs);
  };

  /** Ends a thread for `reason`; its exit fails its batches and replaces it. */
  const end = (slot: Slot, reason: string) => {
    if (slot.ended !== null) return;
    slot.ended = reason;
    void slot.worker.terminate();
  };

  try {
    await Promise.all(Array.from({ length: size }, (_, index) => spawn(index)));
  } catch (error) {
    closing = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    throw error;
  }

  const run: PrepareRunner = (body: Uint8Array, options: PrepareOptions) => {
    // The least busy ready worker: batches differ in size, so round-robin would queue behind a big one.
    const ready = slots.filter((slot) => slot.state === "ready" && slot.ended === null);
    // While no worker is ready (one is being replaced), the batch is prepared here rather than refused.
    if (ready.length === 0) return prepareInPlace(body, options);
    const slot = ready.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = nextId++;
    // The body moves to the worker rather than being copied; a view into a shared buffer is copied first.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
    return new Promise<PreparedBatch>((resolve, reject) => {
      slot.worker.postMessage({ id, body: owned, options }, [owned.buffer as ArrayBuffer]);
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) watch(slot);
    });
  };

  return {
    run,
    size,
    async close() {
      closing = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
