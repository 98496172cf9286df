/**
 * The review queue at scale: with 100,000 pending samples, how long does the
 * server take to produce the queue page, and to claim the next sample?
 * Goals (issue 5): page < 150 ms, claim < 20 ms. And in Chromium against the
 * production build (issue 16): time from opening the page to the first sample
 * on screen, and from a decision (the `a` key) to the next sample on screen.
 *   npm run bench:review        (BENCH_SKIP_HTTP=1 skips the production-build parts, BENCH_SKIP_PG=1 PostgreSQL)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright";
import { openAndMigrate, setProcessDatabase, type Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { claimSamples, decideSample, queueFacets, queueStats } from "@/lib/server/review";
import { createUser } from "@/lib/server/users";
import { startServer, SYSTEM_ADMIN_PASSWORD, withDatabase } from "../tests/helpers/server";
import { startCluster } from "../tests/setup/postgres-cluster";

const PENDING = 100_000;

async function seed(database: Database): Promise<void> {
  await database.withConnection(async (conn) => {
    await conn.exec(`
      INSERT INTO agents (id, name, updated_at, stage) VALUES ('00000000-0000-4000-8000-000000000001', 'bench-agent', now(), 'SMALL_SCALE');
      INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
      SELECT ('00000000-0000-4000-9000-' || lpad(p::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 'fp' || p, 'cat' || (p % 7),
             'get /orders/{n}/status/' || p, '{n} upstream unavailable', now() - interval '10 days', now(), 1000
        FROM generate_series(1, 50) p;
      INSERT INTO interactions (id, agent_id, occurred_at, user_intent, agent_action, api_response, final_outcome, error_category, failed, confidence, pattern_id, correction)
      SELECT g, '00000000-0000-4000-8000-000000000001', now() - g * interval '1 second', 'Where is my order?', 'GET /orders/' || g || '/status',
             '{"error": "503 upstream unavailable"}'::jsonb, 'apologised', 'cat' || (g % 7), true, 0.9,
             ('00000000-0000-4000-9000-' || lpad((1 + g % 50)::text, 12, '0'))::uuid, 'Serve the cached status'
        FROM generate_series(1, ${PENDING}) g;
      SELECT setval(pg_get_serial_sequence('interactions', 'id'), ${PENDING});
      INSERT INTO samples (id, interaction_id, agent_id, pattern_id, input, output, original_output, error_category, confidence, grade, grade_reason, stage, status, status_reason, created_at)
      SELECT gen_random_uuid(), g, '00000000-0000-4000-8000-000000000001', ('00000000-0000-4000-9000-' || lpad((1 + g % 50)::text, 12, '0'))::uuid,
             jsonb_build_object('user_intent', 'Where is my order?', 'agent_action', 'GET /orders/' || g || '/status', 'api_response', '{"error": "503"}'::jsonb, 'error_category', 'cat' || (g % 7)),
             'Serve the cached status', 'Serve the cached status', 'cat' || (g % 7), 0.9,
             (CASE WHEN g % 10 = 0 THEN 'HIGH' ELSE 'LOW' END)::"ValueGrade", 'bench', 'SMALL_SCALE', 'PENDING', 'bench', now() - g * interval '1 second'
        FROM generate_series(1, ${PENDING}) g;
      ANALYZE;`);
  });
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function inProcess(label: string, database: Database): Promise<string[]> {
  setProcessDatabase(database);
  const started = performance.now();
  await seed(database);
  const seeded = performance.now() - started;
  const { user } = await createUser({ actor: { type: "SYSTEM", label: "bench" } }, { email: `bench-${label.toLowerCase()}@example.com`, role: "REVIEWER", password: "bench-password" });
  const ctx: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: "REVIEWER" } };
  // Warm up caches and the query plan.
  for (let i = 0; i < 5; i++) {
    const held = await claimSamples(ctx);
    await decideSample(ctx, { decision: "approve", sampleId: held[0].id });
  }
  const claims: number[] = [];
  const stats: number[] = [];
  const facets: number[] = [];
  for (let i = 0; i < 100; i++) {
    let t = performance.now();
    const held = await claimSamples(ctx);
    claims.push(performance.now() - t);
    await decideSample(ctx, { decision: "approve", sampleId: held[0].id });
    if (i % 5 === 0) {
      t = performance.now();
      await queueStats(ctx);
      stats.push(performance.now() - t);
      t = performance.now();
      await queueFacets();
      facets.push(performance.now() - t);
    }
  }
  return [
    `${label}: seeded ${PENDING.toLocaleString("en-US")} pending samples in ${(seeded / 1000).toFixed(1)} s`,
    `  claim next sample      p50 ${fmt(percentile(claims, 0.5))}  p95 ${fmt(percentile(claims, 0.95))}   (goal < 20 ms)`,
    `  queue stats (panel)    p50 ${fmt(percentile(stats, 0.5))}  p95 ${fmt(percentile(stats, 0.95))}`,
    `  queue filter facets    p50 ${fmt(percentile(facets, 0.5))}  p95 ${fmt(percentile(facets, 0.95))}`,
  ];
}

/** Signs in over HTTP the way a browser does, returning the session cookie. */
async function signIn(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
    redirect: "manual",
  });
  const session = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).find((cookie) => cookie.includes("session-token"));
  if (!session) throw new Error(`sign-in failed: ${response.status}`);
  return session;
}

async function overHttp(): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-bench-review-"));
  try {
    await withDatabase({ kind: "pglite", dataDir }, seed);
    const server = await startServer({ kind: "pglite", dataDir });
    try {
      const cookie = await signIn(server.url, "admin@remedy.local", SYSTEM_ADMIN_PASSWORD);
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const response = await fetch(`${server.url}/review`, { headers: { cookie } });
        await response.text();
        if (response.status !== 200) throw new Error(`GET /review answered ${response.status}`);
        if (i >= 5) times.push(performance.now() - t);
      }
      return [
        `PGlite over HTTP: GET /review (queue page, signed in)  p50 ${fmt(percentile(times, 0.5))}  p95 ${fmt(percentile(times, 0.95))}   (goal < 150 ms)`,
        ...(await inChromium(server.url, cookie)),
      ];
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const CARD = '[aria-label="Sample under review"]';

/**
 * The review loop as a reviewer feels it, in Chromium: opening /review until the
 * first card is on screen (server-rendered, so no claim round trip), and pressing
 * `a` until the next sample's card replaces it (the held samples are already in
 * the browser; the decision is saved in the background).
 */
async function inChromium(url: string, cookie: string): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name, value: value.join("="), url }]);
    const page = await context.newPage();
    const opens: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t = performance.now();
      await page.goto(`${url}/review`, { waitUntil: "commit" });
      await page.locator(CARD).waitFor({ state: "visible" });
      if (i >= 5) opens.push(performance.now() - t);
    }
    await page.waitForLoadState("networkidle");
    const decisions: number[] = [];
    for (let i = 0; i < 60; i++) {
      const before = await page.locator(CARD).getAttribute("data-sample-id");
      const t = performance.now();
      await page.keyboard.press("a");
      await page.waitForFunction(
        ([selector, id]) => document.querySelector(selector!)?.getAttribute("data-sample-id") !== id,
        [CARD, before] as const,
        { polling: "raf" },
      );
      if (i >= 5) decisions.push(performance.now() - t);
      // A reviewer reads for a moment before the next key; the saved decision lands meanwhile.
      await page.waitForTimeout(150);
    }
    return [
      `Chromium, production build (PGlite, 100,000 pending):`,
      `  page open → first sample on screen   p50 ${fmt(percentile(opens, 0.5))}  p95 ${fmt(percentile(opens, 0.95))}   (${opens.length} opens)`,
      `  decision (a) → next sample on screen p50 ${fmt(percentile(decisions, 0.5))}  p95 ${fmt(percentile(decisions, 0.95))}   (${decisions.length} decisions)`,
    ];
  } finally {
    await browser.close();
  }
}

async function main() {
  const lines: string[] = ["", "Review queue with 100,000 pending samples", ""];
  const pglite = await openAndMigrate({ kind: "pglite-memory" });
  lines.push(...(await inProcess("PGlite", pglite.database)));
  await pglite.database.close();

  // Skippable when only the PGlite and browser figures are wanted.
  if (process.env.BENCH_SKIP_PG !== "1") {
    const cluster = await startCluster();
    try {
      const postgres = await openAndMigrate({ kind: "postgres", url: cluster.url, poolSize: 4 });
      lines.push(...(await inProcess("PostgreSQL", postgres.database)));
      await postgres.database.close();
    } finally {
      cluster.stop();
    }
  }
  // Skippable while another build is being made; the HTTP figure needs a current `next build`.
  if (process.env.BENCH_SKIP_HTTP !== "1") lines.push(...(await overHttp()));
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
