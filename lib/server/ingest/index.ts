import { getDatabase } from "@/lib/db/client";
import type { SqlConnection } from "@/lib/db/sql";
import { rollUp, utcDay } from "@/lib/domain/rollups";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { stageFor, type Stage } from "@/lib/domain/stage";
import type { ItemError } from "@/lib/schemas/interactions";
import type { AuthenticatedAgent } from "@/lib/server/agents";
import { prepareInPlace, type PreparedItem, type PrepareRunner, type RefusalReason } from "./prepare";
import { consume, exhausted } from "./rate-limit";
import { currentPrescreen, insertSampleRows, planSamples, type LoadedPrescreen, type SampleCandidate } from "@/lib/server/samples";
import { pseudonymSecret } from "@/lib/server/secrets";
import { cachedListSettings, cachedPiiSettings, cachedSettings } from "@/lib/server/settings/cache";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; errors: ItemError[] }>;
  stage: { from: Stage; to: Stage } | null;
}

export type IngestOutcome =
  | { kind: "refused"; status: 400 | 413; reason: RefusalReason; message: string; received: number }
  /** `received` is null when the body was refused unread. */
  | { kind: "rate_limited"; retryAfterSeconds: number; received: number | null }
  | ({ kind: "stored" } & IngestResult);

const globalForIngest = globalThis as unknown as { __remedyPrepareRunner?: PrepareRunner };

/** The server hands batches to its worker threads; without them (tests, the CLI) they are prepared in place. */
export function setPrepareRunner(runner: PrepareRunner | undefined): void {
  globalForIngest.__remedyPrepareRunner = runner;
}

/**
 * Stores a request body from one agent: every item validated on its own,
 * personal data redacted before anything is written, valid items stored
 * together in one transaction with their patterns, daily rollups and the
 * agent's stage. A retried item (same agent and interaction_id) is a
 * duplicate and changes nothing. A key with no token left is refused before
 * its body is parsed; otherwise the limit is charged per item once the body
 * is parsed, before the database is touched.
 */
export async function ingestInteractions(agent: AuthenticatedAgent, body: Uint8Array, requestId?: string): Promise<IngestOutcome> {
  const [secret, pii, settings] = await Promise.all([pseudonymSecret(), cachedPiiSettings(), cachedSettings()]);
  const [rate, burst] = [settings["ingest.ratePerSecond"], settings["ingest.burst"]];
  const empty = exhausted(agent.keyId, rate, burst);
  if (!empty.ok) return { kind: "rate_limited", retryAfterSeconds: empty.retryAfterSeconds, received: null };
  const run = globalForIngest.__remedyPrepareRunner ?? prepareInPlace;
  const batch = await run(body, { now: Date.now(), secret, pii });
  if (!batch.ok) return { kind: "refused", ...batch };

  const limited = consume(agent.keyId, batch.received, rate, burst);
  if (!limited.ok) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds, received: batch.received };

  const { items, rows, rejected, duplicates } = batch;
  if (items.length === 0) return { kind: "stored", accepted: 0, duplicates, rejected, stage: null };
  const [lists, prescreen] = await Promise.all([cachedListSettings(), currentPrescreen()]);
  const database = await getDatabase();
  const outcome = await withDeadlockRetry(() =>
    database.transaction((conn) => storeBatch(conn, agent, { items, rows }, { settings, lists, prescreen }, requestId)),
  );
  return {
    kind: "stored",
    accepted: outcome.accepted,
    duplicates: duplicates + (items.length - outcome.accepted),
    rejected,
    stage: outcome.stage,
  };
}

/** PostgreSQL may still pick a victim among concurrent writers; the whole batch is tried again after a short, random pause. */
async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== "40P01" && code !== "40001")) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** The batch's rows arrive as one JSON document (see StoredRow in prepare.ts), zipped with the ids decided here. */
const INSERT_INTERACTIONS = `
  INSERT INTO interactions (id, agent_id, external_id, occurred_at, user_intent, agent_action, api_response, retry_strategy,
                            final_outcome, error_category, failed, confidence, latency_ms, model_version, correction,
                            session_id, metadata, pii_counts, pii_total, pattern_id)
  SELECT COALESCE(u.id, nextval('interactions_id_seq'::regclass)), $1::uuid, u.x, u.t, u.ui, u.aa, COALESCE(u.ar, 'null'::jsonb), u.rs,
         u.fo, u.ec, u.ec IS NOT NULL, u.cf, u.lm, u.mv, u.co, u.si, u.md, u.pc, u.pt, u.pi
    FROM ROWS FROM (
           jsonb_to_recordset($2::text::jsonb) AS (x text, t timestamptz, ui text, aa text, ar jsonb, rs text, fo text, ec text,
                                                   cf float8, lm int, mv text, co text, si text, md jsonb, pc jsonb, pt int),
           unnest($3::uuid[]),
           unnest($4::bigint[])
         ) AS u(x, t, ui, aa, ar, rs, fo, ec, cf, lm, mv, co, si, md, pc, pt, pi, id)
   -- Same order in every writer: overlapping retries of one agent wait for each other instead of deadlocking.
   ORDER BY u.x
  ON CONFLICT (agent_id, external_id) DO NOTHING
  RETURNING id, external_id`;

/**
 * One transaction on the driver, per batch, in few statements: on PGlite
 * every statement costs about a millisecond on the thread that owns the
 * database, whatever it does, so the counters and rollups go in one.
 */
async function storeBatch(
  conn: SqlConnection,
  agent: AuthenticatedAgent,
  { items, rows }: { items: PreparedItem[]; rows: Uint8Array },
  context: { settings: Settings; lists: ListSettings; prescreen: LoadedPrescreen | null },
  requestId: string | undefined,
): Promise<{ accepted: number; stage: IngestResult["stage"] }> {
  const patternIds = await ensurePatterns(conn, agent.agentId, items);

  // Items without an interaction_id get their ids up front, to tie rows back to items.
  const idOf = new Map<PreparedItem, bigint>();
  const anonymous = items.filter((item) => item.externalId === null);
  if (anonymous.length > 0) {
    const ids = await conn.query<{ id: string | bigint }>(
      `SELECT nextval('interactions_id_seq'::regclass) AS id FROM generate_series(1, $1)`,
      [anonymous.length],
    );
    anonymous.forEach((item, index) => idOf.set(item, BigInt(ids[index].id)));
  }
  const patternOf = (item: PreparedItem) => {
    if (!item.fingerprint) return null;
    const id = patternIds.get(item.fingerprint.hash);
    if (!id) throw new Error(`pattern ${item.fingerprint.hash} of agent ${agent.agentId} is missing after it was created`);
    return id;
  };
  // Concurrent batches of one agent insert their interactions side by side.
  const returned = await conn.query<{ id: string | bigint; external_id: string | null }>(INSERT_INTERACTIONS, [
    agent.agentId,
    rows,
    items.map((item) => patternOf(item)),
    items.map((item) => idOf.get(item)?.toString() ?? null),
  ]);
  const byExternalId = new Map(items.filter((item) => item.externalId !== null).map((item) => [item.externalId!, item]));
  const storedIds = new Set<string>();
  for (const row of returned) {
    if (row.external_id !== null) idOf.set(byExternalId.get(row.external_id)!, BigInt(row.id));
    storedIds.add(String(row.id));
  }
  const inserted = items.filter((item) => storedIds.has(String(idOf.get(item))));
  if (inserted.length === 0) return { accepted: 0, stage: null };

  // From here to commit, one agent's batches take turns: they write the same
  // hot rows (the agent's counter, its daily rollups, its patterns). Turns
  // are cheaper than contending row by row and cannot deadlock; other agents'
  // batches run alongside. While the lock is held, what the counters say
  // stays true until this transaction commits.
  await conn.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [agent.agentId]);
  const counted = await updateCounters(conn, agent.agentId, inserted, patternOf);
  const next = stageFor(counted.interactions, context.settings);
  let stage: IngestResult["stage"] = null;
  if (next !== counted.stage) {
    await conn.query(`UPDATE agents SET stage = $2::"Stage", stage_changed_at = now() WHERE id = $1::uuid`, [agent.agentId, next]);
    // The audit event of a stage change, written in the same transaction (see recordAudit for the shape).
    await conn.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, request_id)
       VALUES ('AGENT', $1, $2, 'agent.stage_change', 'agent', $1, $3::jsonb, $4::jsonb, $5)`,
      [agent.agentId, `agent:${agent.agentName}`, JSON.stringify({ stage: counted.stage }), JSON.stringify({ stage: next, interactions: counted.interactions }), requestId ?? null],
    );
    stage = { from: counted.stage, to: next };
  }

  const withCorrection = inserted.filter((item) => item.sample !== null);
  if (withCorrection.length > 0) {
    const candidates: SampleCandidate[] = withCorrection.map((item) => {
      const patternId = patternOf(item)!;
      return {
        interactionId: idOf.get(item)!,
        agentId: agent.agentId,
        patternId,
        patternCount: counted.patterns.get(patternId) ?? 1,
        category: item.errorCategory!,
        ...item.sample!,
        confidence: item.confidence,
        hasRetry: item.retried,
        piiRedactions: item.piiTotal,
      };
    });
    await insertSampleRows(conn, planSamples(candidates, { stage: next, ...context }));
  }
  return { accepted: inserted.length, stage };
}

/**
 * Makes sure every fingerprint of the batch has a pattern row and returns
 * their ids, creating the new ones in the same statement. New rows are
 * created in fingerprint order, so two batches creating the same patterns
 * wait for each other instead of deadlocking; one created by a batch that
 * committed meanwhile is read again.
 */
async function ensurePatterns(conn: SqlConnection, agentId: string, items: PreparedItem[]): Promise<Map<string, string>> {
  const first = new Map<string, PreparedItem>();
  for (const item of items) if (item.fingerprint && !first.has(item.fingerprint.hash)) first.set(item.fingerprint.hash, item);
  if (first.size === 0) return new Map();
  const unique = [...first.values()];
  const hashes = unique.map((item) => item.fingerprint!.hash);
  const found = await conn.query<{ id: string; fingerprint: string }>(
    `WITH batch AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(f, c, a, e, t)
     ), created AS (
       INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
       SELECT gen_random_uuid(), $1::uuid, f, c, a, e, t, t, 0 FROM batch ORDER BY f
       ON CONFLICT (agent_id, fingerprint) DO NOTHING
       RETURNING id, fingerprint
     )
     SELECT id::text, fingerprint FROM created
     UNION ALL
     SELECT id::text, fingerprint FROM error_patterns WHERE agent_id = $1::uuid AND fingerprint IN (SELECT f FROM batch)`,
    [
      agentId,
      hashes,
      unique.map((item) => item.fingerprint!.category),
      unique.map((item) => item.fingerprint!.actionTemplate),
      unique.map((item) => item.fingerprint!.errorTemplate),
      unique.map((item) => item.occurredAt.toISOString()),
    ],
  );
  const ids = new Map(found.map((row) => [row.fingerprint, row.id]));
  const missing = hashes.filter((hash) => !ids.has(hash));
  if (missing.length > 0) {
    const again = await conn.query<{ id: string; fingerprint: string }>(
      `SELECT id::text, fingerprint FROM error_patterns WHERE agent_id = $1::uuid AND fingerprint = ANY($2::text[])`,
      [agentId, missing],
    );
    for (const row of again) ids.set(row.fingerprint, row.id);
  }
  return ids;
}

/**
 * Adds the stored items to their patterns' counters and daily rollups, to the
 * agent's daily rollups and to the agent's counter, in one statement.
 * Returns the agent's new count and current stage, and the patterns' counts.
 */
async function updateCounters(
  conn: SqlConnection,
  agentId: string,
  inserted: PreparedItem[],
  patternOf: (item: PreparedItem) => string | null,
): Promise<{ interactions: number; stage: Stage; patterns: Map<string, number> }> {
  const byPattern = new Map<string, { count: number; first: Date; last: Date; days: Map<string, number> }>();
  for (const item of inserted) {
    const patternId = patternOf(item);
    if (!patternId) continue;
    let entry = byPattern.get(patternId);
    if (!entry) {
      entry = { count: 0, first: item.occurredAt, last: item.occurredAt, days: new Map() };
      byPattern.set(patternId, entry);
    }
    entry.count += 1;
    if (item.occurredAt < entry.first) entry.first = item.occurredAt;
    if (item.occurredAt > entry.last) entry.last = item.occurredAt;
    const day = utcDay(item.occurredAt);
    entry.days.set(day, (entry.days.get(day) ?? 0) + 1);
  }
  const patternIds = [...byPattern.keys()];
  const patternDays = patternIds.flatMap((id) => [...byPattern.get(id)!.days].map(([day, n]) => ({ id, day, n })));
  // A correction counts as applied when the agent reports a retry strategy; it failed when the interaction still failed.
  const agentDays = rollUp(inserted.map((item) => ({
    occurredAt: item.occurredAt,
    modelVersion: item.modelVersion,
    failed: item.errorCategory !== null,
    latencyMs: item.latencyMs,
    correctionApplied: item.retried,
  })));
  const rows = await conn.query<{ kind: "agent" | "pattern"; id: string | null; stage: Stage | null; count: string | number }>(
    `WITH patterns AS (
       UPDATE error_patterns p SET count = p.count + d.n,
              first_seen_at = LEAST(p.first_seen_at, d.f), last_seen_at = GREATEST(p.last_seen_at, d.l)
         FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS d(id, n, f, l)
        WHERE p.id = d.id
        RETURNING p.id, p.count
     ), pattern_days AS (
       INSERT INTO pattern_daily (pattern_id, day, failures)
       SELECT id, day, n FROM unnest($6::uuid[], $7::date[], $8::int[]) AS d(id, day, n)
       ON CONFLICT (pattern_id, day) DO UPDATE SET failures = pattern_daily.failures + EXCLUDED.failures
     ), agent_days AS (
       INSERT INTO agent_daily (day, agent_id, model_version, total, failures, latency_sum_ms, latency_count, latency_buckets,
                                corrections_applied, corrections_failed)
       SELECT d, $1::uuid, v, t, f, s, c, string_to_array(b, ',')::int[], ca, cf
         FROM unnest($9::date[], $10::text[], $11::int[], $12::int[], $13::bigint[], $14::int[], $15::text[], $16::int[], $17::int[])
              AS r(d, v, t, f, s, c, b, ca, cf)
       ON CONFLICT (day, agent_id, model_version) DO UPDATE SET
         total = agent_daily.total + EXCLUDED.total,
         failures = agent_daily.failures + EXCLUDED.failures,
         latency_sum_ms = agent_daily.latency_sum_ms + EXCLUDED.latency_sum_ms,
         latency_count = agent_daily.latency_count + EXCLUDED.latency_count,
         latency_buckets = ARRAY(SELECT a + b FROM unnest(agent_daily.latency_buckets, EXCLUDED.latency_buckets) AS z(a, b)),
         corrections_applied = agent_daily.corrections_applied + EXCLUDED.corrections_applied,
         corrections_failed = agent_daily.corrections_failed + EXCLUDED.corrections_failed
     ), agent AS (
       UPDATE agents SET interaction_count = interaction_count + $18 WHERE id = $1::uuid RETURNING interaction_count, stage
     )
     SELECT 'agent' AS kind, NULL AS id, stage, interaction_count AS count FROM agent
     UNION ALL
     SELECT 'pattern', id::text, NULL, count FROM patterns`,
    [
      agentId,
      patternIds,
      patternIds.map((id) => byPattern.get(id)!.count),
      patternIds.map((id) => byPattern.get(id)!.first.toISOString()),
      patternIds.map((id) => byPattern.get(id)!.last.toISOString()),
      patternDays.map((row) => row.id),
      patternDays.map((row) => row.day),
      patternDays.map((row) => row.n),
      agentDays.map((row) => row.day),
      agentDays.map((row) => row.modelVersion),
      agentDays.map((row) => row.total),
      agentDays.map((row) => row.failures),
      agentDays.map((row) => String(row.latencySumMs)),
      agentDays.map((row) => row.latencyCount),
      agentDays.map((row) => row.latencyBuckets.join(",")),
      agentDays.map((row) => row.correctionsApplied),
      agentDays.map((row) => row.correctionsFailed),
      inserted.length,
    ],
  );
  const agent = rows.find((row) => row.kind === "agent");
  if (!agent) throw new Error(`agent ${agentId} disappeared during ingestion`);
  const patterns = new Map(rows.filter((row) => row.kind === "pattern").map((row) => [row.id!, Number(row.count)]));
  return { interactions: Number(agent.count), stage: agent.stage!, patterns };
}
