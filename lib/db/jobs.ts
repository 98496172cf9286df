import type { JobStatus } from "@/lib/domain/jobs";
import type { Prisma } from "./generated/client";
import { beforeCursorSql, decodeCursor, pageOf } from "./keyset";
import { empty, join, sql, type Sql } from "./sql";

/**
 * The jobs table: enqueue, claim under a lease, renew, finish, cancel, list.
 * Every function takes a Prisma client or an open transaction, so a use-case
 * can enqueue a job in its own transaction: the job exists if and only if
 * that transaction commits. Times are the database's clock (`now()`), never
 * a server's, so replicas with skewed clocks agree on who holds a lease.
 */
type Client = Prisma.TransactionClient;

export interface JobRow {
  id: string;
  kind: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  progress: number;
  progressNote: string | null;
  result: unknown;
  lastError: string | null;
  cancelRequested: boolean;
  singletonKey: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdBy: string;
}

/** A job a runner holds; every write it makes names the lease token, so a runner that lost the lease changes nothing. */
export interface ClaimedJob extends JobRow {
  leaseToken: string;
}

/** The lease as a runner presents it. */
export interface Lease {
  id: string;
  leaseToken: string;
}

interface StoredJob {
  id: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number | bigint;
  max_attempts: number | bigint;
  run_at: Date | string;
  locked_until: Date | string | null;
  locked_by: string | null;
  progress: number | string;
  progress_note: string | null;
  result: string | null;
  last_error: string | null;
  cancel_requested: boolean;
  singleton_key: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  created_by: string;
}

// JSON travels as text both ways: how each driver adapter decodes jsonb in a raw query differs.
const COLUMNS = sql`id::text AS id, kind, payload::text AS payload, status::text AS status, attempts, max_attempts, run_at,
  locked_until, locked_by, progress, progress_note, result::text AS result, last_error, cancel_requested, singleton_key,
  created_at, started_at, finished_at, created_by`;

const LIVE = sql`status IN ('QUEUED', 'RUNNING')`;

/** What a crashed or stopped runner leaves behind, as the job's last error. */
const ABANDONED = sql`'the runner stopped (crash or shutdown) during attempt ' || attempts`;

const date = (value: Date | string) => new Date(value);
const optionalDate = (value: Date | string | null) => (value === null ? null : new Date(value));

// PGlite returns int8 and numeric as numbers where pg returns strings or bigints: normalised here, once.
function toJob(row: StoredJob): JobRow {
  return {
    id: String(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payload),
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: date(row.run_at),
    lockedUntil: optionalDate(row.locked_until),
    lockedBy: row.locked_by,
    progress: Number(row.progress),
    progressNote: row.progress_note,
    result: row.result === null ? null : JSON.parse(row.result),
    lastError: row.last_error,
    cancelRequested: Boolean(row.cancel_requested),
    singletonKey: row.singleton_key,
    createdAt: date(row.created_at),
    startedAt: optionalDate(row.started_at),
    finishedAt: optionalDate(row.finished_at),
    createdBy: row.created_by,
  };
}

/** `now()` plus a number of milliseconds, on the database's clock. */
const fromNow = (ms: number): Sql => sql`now() + ${ms}::float8 * interval '1 millisecond'`;

export interface NewJob {
  kind: string;
  payload: unknown;
  maxAttempts: number;
  /** At most one QUEUED or RUNNING job per key; enqueueing another returns that one. */
  singletonKey?: string | null;
  /** Not claimed before this many milliseconds from now. */
  delayMs?: number;
  createdBy: string;
}

/**
 * Inserts a job, or, when a live job holds its singleton key, returns that
 * one. A concurrent enqueue of the same key waits for the first to commit and
 * then finds its job; should that job end before it is read, the insert is
 * tried again.
 */
export async function insertJob(client: Client, job: NewJob): Promise<{ job: JobRow; created: boolean }> {
  for (let tries = 0; tries < 3; tries++) {
    const [inserted] = await client.$queryRaw<StoredJob[]>(sql`
      INSERT INTO jobs (kind, payload, max_attempts, run_at, singleton_key, created_by)
      VALUES (${job.kind}, ${JSON.stringify(job.payload ?? null)}::jsonb, ${job.maxAttempts}::int, ${fromNow(job.delayMs ?? 0)},
              ${job.singletonKey ?? null}, ${job.createdBy})
      ON CONFLICT (singleton_key) WHERE ${LIVE} DO NOTHING
      RETURNING ${COLUMNS}`);
    if (inserted) return { job: toJob(inserted), created: true };
    const [live] = await client.$queryRaw<StoredJob[]>(sql`
      SELECT ${COLUMNS} FROM jobs WHERE singleton_key = ${job.singletonKey} AND ${LIVE}`);
    if (live) return { job: toJob(live), created: false };
  }
  throw new Error(`Could not enqueue a ${job.kind} job: its singleton key ${job.singletonKey} kept changing hands.`);
}

/**
 * Claims up to `limit` jobs of the given kinds in one statement: due QUEUED
 * jobs, and RUNNING jobs whose lease expired (their runner stopped) that may
 * still run. SKIP LOCKED lets runners claim side by side without waiting for
 * or ever sharing a job; a fresh lease token makes this runner the only one
 * whose writes count. Kinds this runner has no handler for stay for a runner
 * that has one (an older replica during a rolling deploy).
 */
export async function claimJobs(
  client: Client,
  { kinds, limit, leaseMs, runner }: { kinds: readonly string[]; limit: number; leaseMs: number; runner: string },
): Promise<ClaimedJob[]> {
  if (kinds.length === 0 || limit < 1) return [];
  const rows = await client.$queryRaw<Array<StoredJob & { lease_token: string }>>(sql`
    WITH next AS (
      SELECT id AS next_id FROM jobs
       WHERE kind IN (${join([...kinds])})
         AND ((status = 'QUEUED' AND run_at <= now())
           OR (status = 'RUNNING' AND locked_until < now() AND attempts < max_attempts AND NOT cancel_requested))
       ORDER BY run_at, id
       LIMIT ${limit}::int
       FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs SET status = 'RUNNING', lease_token = gen_random_uuid(), locked_until = ${fromNow(leaseMs)},
           locked_by = ${runner}, attempts = attempts + 1, started_at = now(),
           -- A RUNNING job taken over was abandoned mid-attempt: say so until this attempt ends.
           last_error = CASE WHEN jobs.status = 'RUNNING' THEN ${ABANDONED} ELSE last_error END
      FROM next WHERE jobs.id = next.next_id
    RETURNING ${COLUMNS}, lease_token::text AS lease_token`);
  return rows.map((row) => ({ ...toJob(row), leaseToken: row.lease_token }));
}

/**
 * Milliseconds until one of these kinds is next due, by the database's clock: a queued job's
 * start or a running job's lease running out (it is taken over then). Null when none is
 * waiting; zero or less when one is due now.
 */
export async function msUntilNextDue(client: Client, kinds: readonly string[]): Promise<number | null> {
  if (kinds.length === 0) return null;
  const [row] = await client.$queryRaw<Array<{ ms: number | null }>>(sql`
    SELECT (EXTRACT(EPOCH FROM (min(CASE WHEN status = 'QUEUED' THEN run_at ELSE locked_until END) - now())) * 1000)::float8 AS ms
      FROM jobs WHERE kind IN (${join([...kinds])}) AND status IN ('QUEUED', 'RUNNING')`);
  return row?.ms ?? null;
}

/**
 * Ends the jobs whose runner stopped mid-attempt and that may not run again:
 * out of attempts (FAILED, with the reason) or cancelled meanwhile (CANCELLED).
 */
export async function endAbandonedJobs(client: Client): Promise<JobRow[]> {
  const rows = await client.$queryRaw<StoredJob[]>(sql`
    UPDATE jobs SET status = CASE WHEN cancel_requested THEN 'CANCELLED'::"JobStatus" ELSE 'FAILED'::"JobStatus" END,
           last_error = ${ABANDONED}, finished_at = now(), lease_token = NULL, locked_until = NULL
     WHERE status = 'RUNNING' AND locked_until < now() AND (attempts >= max_attempts OR cancel_requested)
    RETURNING ${COLUMNS}`);
  return rows.map(toJob);
}

/** Runners (host:pid) that hold RUNNING jobs on this host. */
export async function runnersOnHost(client: Client, host: string): Promise<string[]> {
  const rows = await client.$queryRaw<Array<{ locked_by: string }>>(sql`
    SELECT DISTINCT locked_by FROM jobs WHERE status = 'RUNNING' AND locked_by LIKE ${`${host}:%`}`);
  return rows.map((row) => row.locked_by);
}

/** Ends the leases of runners known to be gone, so their jobs are settled now rather than when the lease runs out. */
export async function expireLeasesOf(client: Client, runners: string[]): Promise<number> {
  if (runners.length === 0) return 0;
  return client.$executeRaw(sql`
    UPDATE jobs SET locked_until = now() - interval '1 millisecond'
     WHERE status = 'RUNNING' AND locked_by = ANY(${runners}::text[])`);
}

/**
 * Extends a lease and stores the latest progress. Null when the lease is no
 * longer this runner's (it expired and another runner took the job, or the
 * job was retried): the runner must stop recording anything for it.
 */
export async function renewLease(
  client: Client,
  lease: Lease,
  leaseMs: number,
  progress: { fraction: number; note: string | null } | null,
): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await client.$queryRaw<Array<{ cancel_requested: boolean }>>(sql`
    UPDATE jobs SET locked_until = ${fromNow(leaseMs)}
           ${progress ? sql`, progress = ${progress.fraction}::float8, progress_note = ${progress.note}` : empty}
     WHERE id = ${lease.id}::bigint AND lease_token = ${lease.leaseToken}::uuid
    RETURNING cancel_requested`);
  return row ? { cancelRequested: Boolean(row.cancel_requested) } : null;
}

// The lease token alone identifies the holder: it is cleared whenever a job
// leaves RUNNING and replaced whenever another runner takes it over. A runner
// whose lease ran out but whose job nobody took yet may still finish it.
const held = (lease: Lease) => sql`id = ${lease.id}::bigint AND lease_token = ${lease.leaseToken}::uuid`;
const released = sql`lease_token = NULL, locked_until = NULL`;

/** Records success; false when the lease was lost (nothing changed). */
export async function completeJob(client: Client, lease: Lease, result: unknown): Promise<boolean> {
  const rows = await client.$queryRaw<unknown[]>(sql`
    UPDATE jobs SET status = 'SUCCEEDED', result = ${result === undefined ? null : JSON.stringify(result)}::jsonb,
           progress = 1, finished_at = now(), ${released}
     WHERE ${held(lease)}
    RETURNING id`);
  return rows.length === 1;
}

/**
 * Records a failed attempt: QUEUED again after `retryDelayMs`, or FAILED for
 * good when it is null. A job someone asked to cancel ends CANCELLED instead.
 * Returns the job's new status, or null when the lease was lost.
 */
export async function failJob(client: Client, lease: Lease, error: string, retryDelayMs: number | null): Promise<JobStatus | null> {
  const outcome = retryDelayMs === null
    ? sql`status = CASE WHEN cancel_requested THEN 'CANCELLED'::"JobStatus" ELSE 'FAILED'::"JobStatus" END, finished_at = now()`
    : sql`status = CASE WHEN cancel_requested THEN 'CANCELLED'::"JobStatus" ELSE 'QUEUED'::"JobStatus" END,
          finished_at = CASE WHEN cancel_requested THEN now() END, run_at = ${fromNow(retryDelayMs)}`;
  const [row] = await client.$queryRaw<Array<{ status: string }>>(sql`
    UPDATE jobs SET ${outcome}, last_error = ${error}, ${released}
     WHERE ${held(lease)}
    RETURNING status::text AS status`);
  return row ? (row.status as JobStatus) : null;
}

/** Records that a running job stopped because someone cancelled it; false when the lease was lost. */
export async function cancelRunningJob(client: Client, lease: Lease): Promise<boolean> {
  const rows = await client.$queryRaw<unknown[]>(sql`
    UPDATE jobs SET status = 'CANCELLED', finished_at = now(), ${released}
     WHERE ${held(lease)}
    RETURNING id`);
  return rows.length === 1;
}

/** A job by id; `forUpdate` locks it for the rest of the transaction. */
export async function findJob(client: Client, id: string, { forUpdate = false } = {}): Promise<JobRow | null> {
  const [row] = await client.$queryRaw<StoredJob[]>(sql`
    SELECT ${COLUMNS} FROM jobs WHERE id = ${id}::bigint ${forUpdate ? sql`FOR UPDATE` : empty}`);
  return row ? toJob(row) : null;
}

/**
 * Cancels a live job: a QUEUED one at once; a RUNNING one is flagged, and its
 * runner aborts the handler when it next renews the lease.
 */
export async function requestCancel(client: Client, id: string): Promise<JobRow | null> {
  const [row] = await client.$queryRaw<StoredJob[]>(sql`
    UPDATE jobs SET cancel_requested = TRUE,
           status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED'::"JobStatus" ELSE status END,
           finished_at = CASE WHEN status = 'QUEUED' THEN now() ELSE finished_at END
     WHERE id = ${id}::bigint AND ${LIVE}
    RETURNING ${COLUMNS}`);
  return row ? toJob(row) : null;
}

/**
 * Queues a FAILED or CANCELLED job again with all its attempts. The last
 * error stays until the next attempt ends. Null when the job is not FAILED or
 * CANCELLED, or another live job holds its singleton key.
 */
export async function requeueJob(client: Client, id: string): Promise<JobRow | null> {
  const [row] = await client.$queryRaw<StoredJob[]>(sql`
    UPDATE jobs SET status = 'QUEUED', attempts = 0, run_at = now(), cancel_requested = FALSE, progress = 0,
           progress_note = NULL, result = NULL, started_at = NULL, finished_at = NULL, locked_by = NULL
     WHERE id = ${id}::bigint AND status IN ('FAILED', 'CANCELLED')
       AND (singleton_key IS NULL
            OR NOT EXISTS (SELECT 1 FROM jobs live WHERE live.singleton_key = jobs.singleton_key AND live.status IN ('QUEUED', 'RUNNING')))
    RETURNING ${COLUMNS}`);
  return row ? toJob(row) : null;
}

export interface JobFilter {
  status?: JobStatus;
  kind?: string;
  /** Keyset pagination (lib/db/keyset.ts): jobs older than this cursor, newest first. */
  cursor?: string;
  limit?: number;
}

export async function listJobs(client: Client, filter: JobFilter): Promise<{ jobs: JobRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const rows = await client.$queryRaw<StoredJob[]>(sql`
    SELECT ${COLUMNS} FROM jobs
     WHERE ${beforeCursorSql(decodeCursor(filter.cursor, "bigint"), sql`created_at`, sql`id`, "bigint")}
       ${filter.status ? sql`AND status = ${filter.status}::"JobStatus"` : empty}
       ${filter.kind ? sql`AND kind = ${filter.kind}` : empty}
     -- Qualified: the bare name would sort by the id::text output column.
     ORDER BY jobs.created_at DESC, jobs.id DESC
     LIMIT ${limit + 1}::int`);
  const { items, nextCursor } = pageOf(rows.map(toJob), limit, (job) => ({ at: job.createdAt, id: job.id }));
  return { jobs: items, nextCursor };
}

export async function countJobsByStatus(client: Client): Promise<Partial<Record<JobStatus, number>>> {
  const rows = await client.$queryRaw<Array<{ status: string; count: number | bigint }>>(sql`
    SELECT status::text AS status, count(*)::int AS count FROM jobs GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

export async function jobKinds(client: Client): Promise<string[]> {
  const rows = await client.$queryRaw<Array<{ kind: string }>>(sql`SELECT DISTINCT kind FROM jobs ORDER BY kind LIMIT 200`);
  return rows.map((row) => row.kind);
}
