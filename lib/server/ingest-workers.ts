import os from "node:os";
import { Worker } from "node:worker_threads";
import type { PreparedBatch, PrepareOptions, PrepareRunner } from "./ingest-prepare";

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

export async function startPrepareWorkers(size: number, onError: (error: Error) => void): Promise<PrepareWorkers> {
  let nextId = 1;
  let closing = false;
  const slots: Slot[] = [];

  const spawn = (index: number): Promise<void> => {
    const worker = new Worker(new URL("./ingest-worker-boot.mjs", import.meta.url), {
      workerData: { entry: new URL("./ingest-worker.ts", import.meta.url).href },
    });
    const slot: Slot = { worker, pending: new Map() };
    slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("an ingest worker did not start within 30 s")), READY_TIMEOUT_MS);
      worker.on("message", (answer: Answer) => {
        if ("ready" in answer) {
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
      // A worker that dies takes its jobs with it; their requests get a 500
      // and nothing was written for them. A fresh worker takes its place.
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
        for (const job of slot.pending.values()) job.reject(error);
        slot.pending.clear();
        if (closing || slots[index] !== slot) return;
        onError(error);
        spawn(index).catch(onError);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`ingest worker exited with code ${code}`)));
    });
  };

  await Promise.all(Array.from({ length: size }, (_, index) => spawn(index)));

  const run: PrepareRunner = (body: Uint8Array, options: PrepareOptions) => {
    // The least busy worker: batches differ in size, so round-robin would queue behind a big one.
    const slot = slots.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
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
