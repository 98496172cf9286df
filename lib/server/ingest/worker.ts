import { parentPort } from "node:worker_threads";
import { LARGE_BATCH_BYTES, prepareBatch, prepareBatchInSlices, type PreparedBatch, type PrepareOptions } from "./prepare";

/**
 * A thread of the ingest pool: prepares one request body per message (see workers.ts). A large
 * body is prepared in slices, giving way between them to the messages that arrived meanwhile: the
 * pool sends small batches of other agents beside a large one, and they are answered first.
 */
const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve));

function answer(id: number, prepared: () => PreparedBatch | Promise<PreparedBatch>) {
  try {
    const result = prepared();
    if (result instanceof Promise) result.then((done) => post(id, done), (error: unknown) => fail(id, error));
    else post(id, result);
  } catch (error) {
    fail(id, error);
  }
}

// The rows move to the main thread rather than being copied.
const post = (id: number, result: PreparedBatch) => parentPort!.postMessage({ id, result }, result.ok ? [result.rows.buffer as ArrayBuffer] : []);
const fail = (id: number, error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) });

parentPort!.on("message", ({ id, body, options }: { id: number; body: Uint8Array; options: PrepareOptions }) => {
  answer(id, () => (body.byteLength >= LARGE_BATCH_BYTES ? prepareBatchInSlices(body, options, giveWay) : prepareBatch(body, options)));
});
parentPort!.postMessage({ ready: true });
