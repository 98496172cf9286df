/**
 * Remedy's process: opens the database once (PGlite allows one owner),
 * applies migrations, makes sure there is an admin, then serves Next.js with
 * request ids, JSON request logs and HTTP metrics around every request.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import next from "next";
import { DatabaseBusyError } from "@/lib/db/lock";
import { MigrationError } from "@/lib/db/migrator";
import { guardRequest } from "@/lib/server/auth/request-guard";
import { serveAgentFastPath } from "@/lib/server/http/agent-api";
import { setPrepareRunner } from "@/lib/server/ingest";
import { defaultWorkerCount, startPrepareWorkers } from "@/lib/server/ingest/workers";
import { JOBS } from "@/lib/server/jobs/kinds";
import { startJobRunner } from "@/lib/server/jobs/runner";
import { logger } from "@/lib/server/logger";
import { metrics, routeLabel } from "@/lib/server/metrics";
import { startUp } from "@/lib/server/startup";

const dev = process.argv.includes("--dev");
const SHUTDOWN_DRAIN_MS = 10_000;
/** How long an idle job runner on the embedded database sleeps when no queued job is due sooner. */
const EMBEDDED_IDLE_POLL_MS = 30_000;
const log = logger();

async function main() {
  const { config, database, migration, firstAdmin, createGeneratedAdmin } = await startUp("server");
  log.info({ database: database.kind, location: database.location, applied: migration.applied, latest: migration.latest }, "database ready");
  const workers = await startIngestWorkers(config.REMEDY_INGEST_WORKERS ?? defaultWorkerCount());
  setPrepareRunner(workers?.run);

  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const { httpRequests, httpDuration } = metrics();

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.url ?? "/").split("?")[0];
      const labels = { method: req.method ?? "GET", route: routeLabel(path), status: String(res.statusCode) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
      const entry = { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (path.startsWith("/_next/")) log.debug(entry, "request");
      else log.info(entry, "request");
    });
    // The agents' hot path is answered here, before Next's router, with its own headers (the request id, the API's security headers).
    if (serveAgentFastPath(req, res, requestId)) return;
    req.headers["x-request-id"] = requestId;
    // Lets the page guard send people back where they were after sign-in.
    req.headers["x-remedy-path"] = req.url ?? "/";
    res.setHeader("x-request-id", requestId);
    if (guardRequest(req, res)) return;
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error, requestId }, "unhandled request error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`Internal error. Request id ${requestId}.`);
    });
  });

  try {
    await listen(server, config.PORT, config.HOSTNAME);
  } catch (error) {
    // Nothing is serving: release the database (and its lock) and stop at once, with the reason.
    console.error(`Remedy cannot start: ${listenFailure(error, config.PORT, config.HOSTNAME)}`);
    await Promise.allSettled([database.close(), workers?.close()]);
    process.exit(1);
  }
  // Only now, with the server serving, may a generated password be created and shown: it is never lost to a failed start.
  const admin = firstAdmin ?? (await createGeneratedAdmin());
  const url = `http://localhost:${config.PORT}`;
  const lines = [``, `  Remedy is ready at ${url}`, `  Database: ${database.kind} (${database.location})`];
  if (admin?.generatedPassword) {
    lines.push(`  First admin: ${admin.email}`, `  Password:    ${admin.generatedPassword}   (shown once; change it under Account)`);
    lines.push(`  Lost it? npm run remedy -- reset-password --email ${admin.email}`);
  } else if (admin) {
    lines.push(`  First admin: ${admin.email} with the password in REMEDY_ADMIN_PASSWORD`);
  } else {
    lines.push(`  Sign in at ${url}/signin`);
  }
  console.log(lines.join("\n") + "\n");

  const jobs = config.REMEDY_JOBS === "on"
    ? startJobRunner({
      jobs: JOBS,
      pollMs: config.REMEDY_JOB_POLL_MS,
      // The embedded database is this process's alone: what is enqueued here wakes the runner, and an
      // idle poll would only be a query on the thread that answers the agents.
      idleMaxMs: database.kind === "pglite" ? EMBEDDED_IDLE_POLL_MS : undefined,
      concurrency: config.REMEDY_JOB_CONCURRENCY,
    })
    : undefined;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing requests in flight");
    // Requests in flight finish and get their answer: an agent that saw its batch
    // stored but never heard so would resend it, and items without an
    // interaction_id would be stored twice. Idle keep-alive sockets close now;
    // anything still open after the drain period is cut.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) => setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_DRAIN_MS).unref());
    // The job runner stops claiming now; a job still running after the same
    // period is left to its lease, and another instance takes it over.
    Promise.all([Promise.race([drained, deadline]), jobs?.stop(SHUTDOWN_DRAIN_MS)])
      // Closing PGlite flushes it to disk; wait for it before exiting.
      .then(() => Promise.all([database.close(), workers?.close()]))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function listen(server: http.Server, port: number, hostname: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function listenFailure(error: unknown, port: number, hostname: string | undefined): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${hostname ?? "all addresses"}, port ${port}`;
  if (code === "EADDRINUSE") return `${where} is already in use by another process. Stop it, or start Remedy with another PORT.`;
  if (code === "EACCES") return `this user may not listen on ${where}. Use a port above 1023, or another PORT.`;
  return `could not listen on ${where}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Ingestion works without its threads, only slower: a thread that cannot start is logged, not fatal. */
async function startIngestWorkers(count: number) {
  if (count === 0) return undefined;
  try {
    const workers = await startPrepareWorkers(count, (error) => log.error({ err: error }, "an ingest worker stopped"));
    log.info({ workers: count }, "ingest workers ready");
    return workers;
  } catch (error) {
    log.error({ err: error }, "ingest workers could not start; batches are prepared on the main thread");
    return undefined;
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseBusyError || error instanceof MigrationError) {
    console.error(`Remedy cannot start: ${error.message}`);
  } else {
    log.fatal({ err: error }, "Remedy failed to start");
  }
  process.exit(1);
});
