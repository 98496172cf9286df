import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

/** A port the system has free right now (asked of a throwaway process: the config must be synchronous). */
function freePortSync(): string {
  const script = "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

// Evaluated first in the runner process; workers inherit the environment.
// A fresh data directory (removed by e2e/teardown.ts) and a free port, so that two runs on one machine never meet.
process.env.REMEDY_E2E_DATA ??= mkdtempSync(path.join(os.tmpdir(), "remedy-e2e-"));
process.env.REMEDY_E2E_PORT ??= freePortSync();
// Passes the password policy: long enough, not common, and without "admin", the email's name.
export const ADMIN = { email: "admin@remedy.local", password: "e2e-first-run-passphrase" };

const port = Number(process.env.REMEDY_E2E_PORT);

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // One server and one database for every spec: the first-run journey runs
  // first, the first half of the loop next, and the specs that reconfigure
  // stages and thresholds (knowledge, distillation, rollouts, KPIs) last.
  projects: [
    { name: "first run", testMatch: /(foundation|security)\.spec\.ts$/ },
    { name: "ingestion and review", testMatch: /(ingestion|review|jobs)\.spec\.ts$/, dependencies: ["first run"] },
    { name: "the loop's second half", testMatch: /(knowledge|distillation|rollouts|kpis)\.spec\.ts$/, dependencies: ["ingestion and review"] },
    // The console's own flows seed agents of their own and filter to them; they come after the
    // specs above, whose counts they would otherwise change.
    { name: "console flows", testMatch: /(finding|review-flow)\.spec\.ts$/, dependencies: ["the loop's second half"] },
    // Every page again, with the data the specs before made: narrow screens and accessibility.
    { name: "screens and accessibility", testMatch: /(screens|a11y)\.spec\.ts$/, dependencies: ["console flows"] },
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu", "--no-first-run"],
    },
  },
  webServer: {
    // The production build, started as a user starts it.
    command: "npm start",
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      REMEDY_DATA_DIR: process.env.REMEDY_E2E_DATA,
      REMEDY_ADMIN_EMAIL: ADMIN.email,
      REMEDY_ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
  },
});
