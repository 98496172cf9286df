import { Worker } from "node:worker_threads";
import type { StudentModel, TrainingExample } from "@/lib/domain/student-model";
import { threadEntry } from "@/lib/server/threads";

/**
 * Trains the student on a thread of its own: thousands of samples take
 * seconds of CPU, which on the main thread would stall every request the
 * server answers meanwhile (the agents' /remedy among them). Aborting ends
 * the thread at once, so a cancelled run stops mid-training.
 */
export function trainOffThread(examples: TrainingExample[], signal: AbortSignal): Promise<{ model: StudentModel; trainingMs: number }> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted before training"));
    const thread = threadEntry("train-worker", "lib/server/distillation/train-worker.ts");
    const worker = new Worker(thread.url, { workerData: { ...thread.workerData, examples } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new Error("aborted during training")));
    signal.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (message: { model: StudentModel; trainingMs: number } | { error: string }) =>
      finish(() => ("error" in message ? reject(new Error(message.error)) : resolve(message))));
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the training thread exited (${code}) before answering`))));
  });
}
