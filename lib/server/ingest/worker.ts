import { parentPort } from "node:worker_threads";
import { prepareBatch, type PrepareOptions } from "./prepare";

/** A thread of the ingest pool: prepares one request body per message (see workers.ts). */
parentPort!.on("message", ({ id, body, options }: { id: number; body: Uint8Array; options: PrepareOptions }) => {
  try {
    const result = prepareBatch(body, options);
    // The rows move to the main thread rather than being copied.
    parentPort!.postMessage({ id, result }, result.ok ? [result.rows.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
parentPort!.postMessage({ ready: true });
