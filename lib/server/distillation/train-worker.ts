import { parentPort, workerData } from "node:worker_threads";
import { trainStudent, type TrainingExample } from "@/lib/domain/student-model";

/** Trains one student off the main thread (see trainer.ts) and sends the model back. */
const { examples } = workerData as { examples: TrainingExample[] };
try {
  const started = performance.now();
  const model = trainStudent(examples);
  parentPort!.postMessage({ model, trainingMs: Math.round(performance.now() - started) });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
