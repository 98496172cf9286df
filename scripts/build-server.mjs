/**
 * Compiles the server process and its worker threads to plain JavaScript in
 * dist/, so that `npm start` runs without a TypeScript loader: no tsx, no
 * esbuild service process, no compiling at start, and less memory (see the
 * README's "Memory"). Packages stay imports of node_modules; the project's
 * own modules (the @/ paths of tsconfig.json) are bundled.
 *
 *   node scripts/build-server.mjs     (part of `npm run build`)
 */
import { build } from "esbuild";

const entries = {
  server: "server.ts",
  "ingest-worker": "lib/server/ingest/worker.ts",
  "train-worker": "lib/server/distillation/train-worker.ts",
};

await build({
  entryPoints: entries,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: "linked",
  logLevel: "warning",
  // Threads and the job runner choose dist/ files over TypeScript sources by this (lib/server/threads.ts).
  banner: { js: 'process.env.REMEDY_COMPILED = "1";' },
});
console.log(`Compiled ${Object.values(entries).join(", ")} to dist/`);
