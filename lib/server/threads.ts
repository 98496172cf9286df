import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The file a worker thread runs. The production server runs compiled
 * (`npm run build` writes dist/, see scripts/build-server.mjs) and so do its
 * threads; under tsx (tests, `npm run dev`, benchmarks) a thread loads the
 * TypeScript source through tsx, which threads do not inherit from
 * `node --import tsx`. Paths are found from the project root at run time:
 * route bundles reach the trainer too, and a `new URL(…, import.meta.url)`
 * would make the bundler pull tsx and esbuild into them.
 */
export function threadEntry(compiled: "ingest-worker" | "train-worker", source: string): { url: URL; workerData: { entry?: string } } {
  if (process.env.REMEDY_COMPILED === "1") return { url: fromRoot(`dist/${compiled}.mjs`), workerData: {} };
  return { url: fromRoot("lib/server/ingest/worker-boot.mjs"), workerData: { entry: fromRoot(source).href } };
}

/** A TypeScript module run on a thread through tsx (tests give misbehaving ones). */
export function sourceThread(entry: URL): { url: URL; workerData: { entry: string } } {
  return { url: fromRoot("lib/server/ingest/worker-boot.mjs"), workerData: { entry: entry.href } };
}

const fromRoot = (file: string) => pathToFileURL(path.join(process.cwd(), file));
