import os from "node:os";
import { Worker } from "node:worker_threads";
import { prepareBatch, type PreparedBatch, type PrepareOptions, type PrepareRunner } from "./ingest-prepare";

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
  /** False from the moment the thread fails until its replacement takes the slot. */
  alive: boolean;
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

const READY_TIMEOUT_MS = 30_000;
const RESPAWN_PAUSE_MS = 1_000;

const WORKER_ENTRY = new URL("./ingest-worker.ts", import.meta.url);

/** `entry` is the worker's module; tests give one that misbehaves on purpose. */
export async function startPrepareWorkers(size: number, onError: (error: Error) => void, entry: URL = WORKER_ENTRY): Promise<PrepareWorkers> {
  let nextId = 1;
  let closing = false;
  const slots: Slot[] = [];

  const spawn = (index: number): Promise<void> => {
    const worker = new Worker(new URL("./ingest-worker-boot.mjs", import.meta.url), {
      workerData: { entry: entry.href },
    });
    const slot: Slot = { worker, pending: new Map(), alive: true };
    slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => reject(new Error("an ingest worker did not start within 30 s")), READY_TIMEOUT_MS);
      worker.on("message", (answer: Answer) => {
        if ("ready" in answer) {
          ready = true;
          clearTimeout(timer);
          resolve();
          return;
        }
        const job = slot.pending.get(answer.id);
        if (!job) return;
        slot.pending.delete(answer.id);
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
        if (!slot.alive) return;
        slot.alive = false;
        if (closing) return;
        onError(error);
        setTimeout(() => {
          if (!closing) spawn(index).catch(onError);
        }, ready ? 0 : RESPAWN_PAUSE_MS).unref();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`ingest worker exited with code ${code}`)));
    });
  };

  try {
    await Promise.all(Array.from({ length: size }, (_, index) => spawn(index)));
  } catch (error) {
    closing = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    throw error;
  }

  const run: PrepareRunner = (body: Uint8Array, options: PrepareOptions) => {
    // The least busy live worker: batches differ in size, so round-robin would queue behind a big one.
    const live = slots.filter((slot) => slot.alive);
    // While every worker is being replaced, the batch is prepared here rather than refused.
    if (live.length === 0) return Promise.resolve(prepareBatch(body, options));
    const slot = live.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = nextId++;
    return new Promise<PreparedBatch>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // The body moves to the worker rather than being copied; a view into a shared buffer is copied first.
      const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
      slot.worker.postMessage({ id, body: owned, options }, [owned.buffer as ArrayBuffer]);
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
