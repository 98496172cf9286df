/**
 * Every benchmark, one after another (they would skew each other run together):
 * ingestion, the PII firewall, the review queue, the agents' hot path
 * (/remedy, /knowledge), rollouts' safety nets (rollback, breaker), the KPI
 * report, one agent's flood against another's ingestion, and the server's
 * memory. Prints their output; exits non-zero if one of them failed. The
 * ingest, review, remedy, rollouts, flood and memory benches serve the
 * production build: run
 * `npm run build` first.
 *
 *   npm run bench
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const benches = [
  "scripts/bench-ingest.ts",
  "scripts/bench-pii.ts",
  "scripts/bench-review.ts",
  "scripts/bench-remedy.ts",
  "scripts/bench-rollouts.ts",
  "scripts/bench-kpis.ts",
  "scripts/bench-flood.ts",
  "scripts/bench-memory.ts",
];

let failed = 0;
for (const script of benches) {
  console.log(`\n==> ${script}\n`);
  const started = performance.now();
  const result = spawnSync(tsx, [script], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    failed += 1;
    console.log(`\n${script} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else {
    console.log(`\n(${script}: ${seconds} s)`);
  }
}
process.exit(failed > 0 ? 1 : 0);
