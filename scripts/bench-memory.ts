/**
 * Memory of the production server on the embedded database (PGlite), as `npm start` runs it:
 * resident memory (RSS) of the server and every process it starts, sampled every 50 ms.
 * Reports the peak while starting and the idle figure 30 s after ready, for a first start
 * (an empty data directory) and a restart, then after an ingestion load and 30 s later.
 * Needs the production build (`npm run build`). Prints a table; asserts nothing.
 *
 *   npm run bench:memory
 *   npm run bench:memory -- --interactions 50000     # the load (default 20,000, in batches of 500)
 *
 * Goal (issue 15): idle ≤ 400 MiB on PGlite.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAgentWithKey, raiseRateLimit, startServer, type RunningServer } from "../tests/helpers/server";
import { makeBatches, postInteractions } from "../tests/system/load";

const { values: args } = parseArgs({ options: { interactions: { type: "string", default: "20000" }, idle: { type: "string", default: "30" } } });
const IDLE_SECONDS = Number(args.idle);
const MiB = 1024 * 1024;

/** Resident bytes of a process and all its descendants, from /proc. */
function treeRss(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      continue;
    }
    for (const [child, parent] of parents) if (parent === pid) queue.push(child);
  }
  return total;
}

/** Samples a process tree's RSS every 50 ms until stopped; returns the peak. */
function sampler(pid: () => number | undefined) {
  let peak = 0;
  const timer = setInterval(() => {
    const p = pid();
    if (p) peak = Math.max(peak, treeRss(p));
  }, 50);
  return { stop: () => (clearInterval(timer), peak), reset: () => (peak = 0) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;

/** Starts the server, tracking the peak RSS of its process tree while it starts. */
async function startMeasured(dataDir: string): Promise<{ server: RunningServer; startPeak: number; idle: number }> {
  let pid: number | undefined;
  // The spawned process is found as the newest node child of this process running dist/server.mjs.
  const watch = sampler(() => pid ?? (pid = findServerPid()));
  const server = await startServer({ kind: "pglite", dataDir }, { env: { LOG_LEVEL: "warn" } });
  pid = server.pid;
  await sleep(2_000);
  const startPeak = watch.stop();
  await sleep(IDLE_SECONDS * 1000);
  return { server, startPeak, idle: treeRss(server.pid) };
}

function findServerPid(): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === process.pid && cmdline.includes("dist/server.mjs")) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-memory-"));
  const dataDir = path.join(root, "data");
  const rows: Array<[string, string, string]> = [];
  try {
    const first = await startMeasured(dataDir);
    rows.push(["first start (empty data directory)", fmt(first.startPeak), fmt(first.idle)]);
    await first.server.stop();

    const key = await createAgentWithKey({ kind: "pglite", dataDir }, "memory-bench");
    await raiseRateLimit({ kind: "pglite", dataDir });
    const again = await startMeasured(dataDir);
    rows.push(["restart", fmt(again.startPeak), fmt(again.idle)]);

    const total = Number(args.interactions);
    const load = sampler(() => again.server.pid);
    const started = performance.now();
    for (const batch of makeBatches("mem", 7, total, 500)) {
      const result = await postInteractions(again.server.url, key, batch);
      if (result.status !== 202) throw new Error(`ingestion answered ${result.status}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const loadPeak = load.stop();
    const afterLoad = treeRss(again.server.pid);
    await sleep(IDLE_SECONDS * 1000);
    rows.push([`ingesting ${total.toLocaleString("en-US")} interactions (${Math.round(total / seconds).toLocaleString("en-US")}/s, one client)`, fmt(loadPeak), fmt(afterLoad)]);
    rows.push([`${IDLE_SECONDS} s after the load`, "", fmt(treeRss(again.server.pid))]);
    await again.server.stop();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(`\nPGlite, production server (RSS of the server and its child processes; idle = ${IDLE_SECONDS} s after ready)\n`);
  console.log(`${"phase".padEnd(width)}  ${"peak".padStart(9)}  ${"idle / after".padStart(12)}`);
  for (const [phase, peak, idle] of rows) console.log(`${phase.padEnd(width)}  ${peak.padStart(9)}  ${idle.padStart(12)}`);
  console.log(`\nGoal: idle ≤ 400 MiB on PGlite.`);
}

await main();
