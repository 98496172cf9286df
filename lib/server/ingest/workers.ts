import os from "node:os";
import { Worker } from "node:worker_threads";
import { FairQueue } from "@/lib/domain/fair-queue";
import { LARGE_BATCH_BYTES, prepareInPlace, type PreparedBatch, type PrepareOptions, type PrepareRunner } from "./prepare";
import { sourceThread, threadEntry } from "@/lib/server/threads";

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
  /** The body's size, kept when the body itself moves to the thread. */
  bytes: number;
}

/** A batch waiting for a free thread. */
interface Waiting extends Job {
  body: Uint8Array;
  options: PrepareOptions;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Job>;
  /** Only a ready thread gets batches; one starting or dead gets none. */
  state: "starting" | "ready" | "dead";
  /** Why the pool ended this thread, if it did; an ended thread gets no more batches. */
  ended: string | null;
  /** Restarted whenever the thread answers; fires when a thread with batches has answered nothing for too long. */
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

/**
 * A thread works on one batch at a time, except that a batch of at most
 * SMALL_BATCH_BYTES may join one of at least LARGE_BATCH_BYTES, which then gives way to
 * it between its steps (see `prepareBatchInSlices`). A 1 MiB body takes a thread 15 to 60
 * ms, and another agent's batch of ten waited behind it as long (`npm run bench:flood`:
 * B's p99 ×2.9 while A's first invalid megabytes were parsed); now it waits for one step
 * at most, parsing the body being the longest.
 */
const SMALL_BATCH_BYTES = 64 * 1024;
const SMALL_BESIDE_LARGE = 4;

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

export interface PrepareWorkerOptions {
  /** The worker's module; tests give one that misbehaves on purpose. */
  entry?: URL;
  jobTimeoutMs?: number;
}

export async function startPrepareWorkers(
  size: number,
  onError: (error: Error) => void,
  { entry, jobTimeoutMs = JOB_TIMEOUT_MS }: PrepareWorkerOptions = {},
): Promise<PrepareWorkers> {
  let nextId = 1;
  let closing = false;
  const slots: Slot[] = [];
  /**
   * Each thread works on one batch at a time; the others wait here, taken
   * fairly between agents by size (see FairQueue): an agent sending megabyte
   * after megabyte does not queue in front of another agent's next batch.
   */
  const waiting = new FairQueue<Waiting>();

  const spawn = (index: number): Promise<void> => {
    const thread = entry ? sourceThread(entry) : threadEntry("ingest-worker", "lib/server/ingest/worker.ts");
    const worker = new Worker(thread.url, {
      workerData: thread.workerData,
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
          dispatch();
          return;
        }
        const job = slot.pending.get(answer.id);
        if (!job) return;
        slot.pending.delete(answer.id);
        watch(slot);
        if ("error" in answer) job.reject(new Error(`ingest worker failed: ${answer.error}`));
        else job.resolve(answer.result);
        dispatch();
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
        // Batches still waiting for a thread are not lost with this one: with no thread left, they are prepared here.
        if (readySlots().length === 0) drainInPlace();
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

  function readySlots() {
    return slots.filter((slot) => slot.state === "ready" && slot.ended === null);
  }

  /** Gives each idle thread the next waiting batch, and a thread on a large batch small ones beside it. */
  function dispatch() {
    for (const slot of readySlots()) {
      for (;;) {
        const next = takeFor(slot);
        if (!next) break;
        send(slot, next);
      }
    }
  }

  function takeFor(slot: Slot): Waiting | undefined {
    if (slot.pending.size === 0) return waiting.shift();
    const [first] = slot.pending.values();
    if (first.bytes < LARGE_BATCH_BYTES || slot.pending.size > SMALL_BESIDE_LARGE) return undefined;
    return waiting.shift((job) => job.bytes <= SMALL_BATCH_BYTES);
  }

  function send(slot: Slot, next: Waiting) {
    const id = nextId++;
    // The body moves to the worker rather than being copied; a view into a shared buffer is copied first.
    const { body, options } = next;
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
    slot.worker.postMessage({ id, body: owned, options }, [owned.buffer as ArrayBuffer]);
    slot.pending.set(id, next);
    // A batch joining one under way does not restart its clock.
    if (slot.watchdog === null) watch(slot);
  }

  function drainInPlace() {
    for (let next = waiting.shift(); next; next = waiting.shift()) prepareInPlace(next.body, next.options).then(next.resolve, next.reject);
  }

  const prepare: PrepareRunner = (body, options, lane = "") => {
    // While no worker is ready (one is being replaced), the batch is prepared here rather than refused.
    if (readySlots().length === 0) return prepareInPlace(body, options);
    return new Promise<PreparedBatch>((resolve, reject) => {
      waiting.push(lane, body.byteLength, { body, options, resolve, reject, bytes: body.byteLength });
      dispatch();
    });
  };

  return {
    run: prepare,
    size,
    async close() {
      closing = true;
      for (let next = waiting.shift(); next; next = waiting.shift()) next.reject(new Error("the ingest workers are closing"));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
