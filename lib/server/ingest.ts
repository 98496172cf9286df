import { getDatabase } from "@/lib/db/client";
import type { SqlConnection } from "@/lib/db/sql";
import { fingerprintFailure, type Fingerprint } from "@/lib/domain/fingerprint";
import { createRedactionContext, mergeReports, redactJson, redactText, type PiiReport, type PiiSettings } from "@/lib/domain/pii";
import { rollUp, utcDay } from "@/lib/domain/rollups";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { stageFor, type Stage } from "@/lib/domain/stage";
import { checkStorable, interactionSchema, MAX_FUTURE_SKEW_MS, type InteractionInput, type ItemError } from "@/lib/schemas/interactions";
import type { AuthenticatedAgent } from "./agents";
import { currentPrescreen, insertSampleRows, planSamples, type LoadedPrescreen, type SampleCandidate } from "./samples";
import { pseudonymSecret } from "./secrets";
import { cachedListSettings, cachedPiiSettings, cachedSettings } from "./settings-cache";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; errors: ItemError[] }>;
  stage: { from: Stage; to: Stage } | null;
}

/** An interaction after validation and the PII firewall, ready to store. */
interface Prepared {
  id?: bigint;
  externalId: string | null;
  occurredAt: Date;
  userIntent: string;
  agentAction: string;
  apiResponse: unknown;
  retryStrategy: string | null;
  finalOutcome: string;
  errorCategory: string | null;
  confidence: number;
  latencyMs: number | null;
  modelVersion: string;
  correction: string | null;
  sessionId: string | null;
  metadata: string | null;
  pii: PiiReport;
  fingerprint: Fingerprint | null;
}

export function validateItem(raw: unknown, now: number): { ok: true; item: InteractionInput } | { ok: false; errors: ItemError[] } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: "(item)", message: "must be a JSON object" }] };
  }
  const parsed = interactionSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: ItemError[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) errors.push({ field: key, message: "is not a field of Agent API v1; put free-form data in metadata" });
      } else {
        const field = issue.path.length > 0 ? issue.path.join(".") : "(item)";
        const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
        errors.push({ field, message });
      }
    }
    return { ok: false, errors };
  }
  const storable = checkStorable(parsed.data);
  if (storable.length > 0) return { ok: false, errors: storable };
  if (Date.parse(parsed.data.timestamp) - now > MAX_FUTURE_SKEW_MS) {
    return { ok: false, errors: [{ field: "timestamp", message: "is more than 5 minutes in the future; check the agent's clock" }] };
  }
  return { ok: true, item: parsed.data };
}

function prepare(item: InteractionInput, secret: string, settings: PiiSettings): Prepared {
  // One context per interaction: the same address in two fields gets one placeholder.
  const context = createRedactionContext();
  const options = { secret, context, settings };
  const text = (value: string) => redactText(value, options);
  const optionalText = (value: string | null | undefined) => (value == null ? null : text(value));

  const userIntent = text(item.user_intent);
  const agentAction = text(item.agent_action);
  const finalOutcome = text(item.final_outcome);
  const retryStrategy = optionalText(item.retry_strategy);
  const errorCategory = optionalText(item.error_category);
  const correction = optionalText(item.correction);
  const sessionId = optionalText(item.session_id);
  const apiResponse = redactJson(item.api_response, options);
  const metadata = item.metadata === undefined ? null : redactJson(item.metadata, options);
  const pii = mergeReports(
    ...[userIntent, agentAction, finalOutcome, retryStrategy, errorCategory, correction, sessionId, apiResponse, metadata]
      .filter((part) => part !== null)
      .map((part) => part.report),
  );
  return {
    externalId: item.interaction_id ?? null,
    occurredAt: new Date(item.timestamp),
    userIntent: userIntent.text,
    agentAction: agentAction.text,
    apiResponse: apiResponse.value,
    retryStrategy: retryStrategy?.text ?? null,
    finalOutcome: finalOutcome.text,
    errorCategory: errorCategory?.text ?? null,
    confidence: item.confidence_score,
    latencyMs: item.latency_ms ?? null,
    modelVersion: item.model_version ?? "",
    correction: correction?.text ?? null,
    sessionId: sessionId?.text ?? null,
    metadata: metadata ? JSON.stringify(metadata.value) : null,
    pii,
    fingerprint: errorCategory ? fingerprintFailure(errorCategory.text, agentAction.text, apiResponse.value) : null,
  };
}

/**
 * Stores a batch from one agent: every item validated on its own, personal
 * data redacted before anything is written, valid items stored together in
 * one transaction with their patterns, daily rollups and the agent's stage.
 * A retried item (same agent and interaction_id) is a duplicate and changes nothing.
 */
export async function ingestInteractions(agent: AuthenticatedAgent, items: unknown[], requestId?: string): Promise<IngestResult> {
  const now = Date.now();
  const secret = await pseudonymSecret();
  const piiSettings = await cachedPiiSettings();
  const rejected: IngestResult["rejected"] = [];
  const prepared: Prepared[] = [];
  const seenIds = new Set<string>();
  let duplicates = 0;
  items.forEach((raw, index) => {
    const result = validateItem(raw, now);
    if (!result.ok) {
      rejected.push({ index, errors: result.errors });
      return;
    }
    const id = result.item.interaction_id;
    if (id !== undefined) {
      if (seenIds.has(id)) {
        duplicates += 1;
        return;
      }
      seenIds.add(id);
    }
    prepared.push(prepare(result.item, secret, piiSettings));
  });
  if (prepared.length === 0) return { accepted: 0, duplicates, rejected, stage: null };

  const [settings, lists, prescreen] = await Promise.all([cachedSettings(), cachedListSettings(), currentPrescreen()]);
  const database = await getDatabase();
  const outcome = await withDeadlockRetry(() =>
    database.transaction((conn) => storeBatch(conn, agent, prepared, { settings, lists, prescreen }, requestId)),
  );
  return {
    accepted: outcome.accepted,
    duplicates: duplicates + (prepared.length - outcome.accepted),
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

/** One transaction on the driver, per batch. */
async function storeBatch(
  conn: SqlConnection,
  agent: AuthenticatedAgent,
  prepared: Prepared[],
  context: { settings: Settings; lists: ListSettings; prescreen: LoadedPrescreen | null },
  requestId: string | undefined,
): Promise<{ accepted: number; stage: IngestResult["stage"] }> {
  // A retried attempt starts clean: ids from a rolled-back attempt mean nothing.
  for (const item of prepared) item.id = undefined;
  // One agent's batches write the same hot rows (its patterns, daily rollups
  // and counter). Taking turns per agent is faster than contending row by row
  // and cannot deadlock; other agents' batches run alongside. Validation and
  // the PII firewall ran before this, outside the transaction.
  await conn.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [agent.agentId]);
  const patternIds = await ensurePatterns(conn, agent.agentId, prepared);

  // Items without an interaction_id get their ids up front, to tie rows back to items.
  const anonymous = prepared.filter((item) => item.externalId === null);
  if (anonymous.length > 0) {
    const ids = await conn.query<{ id: string | bigint }>(
      `SELECT nextval(pg_get_serial_sequence('interactions', 'id')) AS id FROM generate_series(1, $1)`,
      [anonymous.length],
    );
    anonymous.forEach((item, index) => { item.id = BigInt(ids[index].id); });
  }
  const column = <T>(pick: (p: Prepared) => T) => prepared.map(pick);
  const returned = await conn.query<{ id: string | bigint; external_id: string | null }>(
    `INSERT INTO interactions (id, agent_id, external_id, occurred_at, user_intent, agent_action, api_response, retry_strategy,
                               final_outcome, error_category, failed, confidence, latency_ms, model_version, correction,
                               session_id, metadata, pattern_id, pii_counts, pii_total)
     SELECT COALESCE(id, nextval(pg_get_serial_sequence('interactions', 'id'))), $1::uuid, x, t, ui, aa, ar::jsonb, rs, fo, ec,
            ec IS NOT NULL, cf, lm, mv, co, si, md::jsonb, pi, pc::jsonb, pt
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::float8[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::uuid[], $17::text[], $18::int[],
                   $19::bigint[])
            AS u(x, t, ui, aa, ar, rs, fo, ec, cf, lm, mv, co, si, md, pi, pc, pt, id)
      -- Same order in every writer: overlapping retries wait for each other instead of deadlocking.
      ORDER BY x
     ON CONFLICT (agent_id, external_id) DO NOTHING
     RETURNING id, external_id`,
    [
      agent.agentId,
      column((p) => p.externalId),
      column((p) => p.occurredAt.toISOString()),
      column((p) => p.userIntent),
      column((p) => p.agentAction),
      column((p) => JSON.stringify(p.apiResponse)),
      column((p) => p.retryStrategy),
      column((p) => p.finalOutcome),
      column((p) => p.errorCategory),
      column((p) => p.confidence),
      column((p) => p.latencyMs),
      column((p) => p.modelVersion),
      column((p) => p.correction),
      column((p) => p.sessionId),
      column((p) => p.metadata),
      column((p) => (p.fingerprint ? patternIds.get(p.fingerprint.hash) ?? null : null)),
      column((p) => (p.pii.total > 0 ? JSON.stringify(p.pii.counts) : null)),
      column((p) => p.pii.total),
      column((p) => (p.id === undefined ? null : p.id.toString())),
    ],
  );
  const byExternalId = new Map(prepared.filter((p) => p.externalId !== null).map((p) => [p.externalId!, p]));
  const storedIds = new Set<string>();
  for (const row of returned) {
    if (row.external_id !== null) byExternalId.get(row.external_id)!.id = BigInt(row.id);
    storedIds.add(String(row.id));
  }
  const inserted = prepared.filter((p) => p.id !== undefined && storedIds.has(p.id.toString()));
  if (inserted.length === 0) return { accepted: 0, stage: null };

  const counts = await updatePatterns(conn, inserted, patternIds);
  await updateAgentRollups(conn, agent.agentId, inserted);

  const [counted] = await conn.query<{ interaction_count: string | bigint; stage: Stage }>(
    `UPDATE agents SET interaction_count = interaction_count + $2 WHERE id = $1::uuid RETURNING interaction_count, stage`,
    [agent.agentId, inserted.length],
  );
  const total = Number(counted.interaction_count);
  const next = stageFor(total, context.settings);
  let stage: IngestResult["stage"] = null;
  if (next !== counted.stage) {
    await conn.query(`UPDATE agents SET stage = $2::"Stage", stage_changed_at = now() WHERE id = $1::uuid`, [agent.agentId, next]);
    // The audit event of a stage change, written in the same transaction (see recordAudit for the shape).
    await conn.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, request_id)
       VALUES ('AGENT', $1, $2, 'agent.stage_change', 'agent', $1, $3::jsonb, $4::jsonb, $5)`,
      [agent.agentId, `agent:${agent.agentName}`, JSON.stringify({ stage: counted.stage }), JSON.stringify({ stage: next, interactions: total }), requestId ?? null],
    );
    stage = { from: counted.stage, to: next };
  }

  const withCorrection = inserted.filter((item) => item.errorCategory !== null && item.correction !== null);
  if (withCorrection.length > 0) {
    const candidates: SampleCandidate[] = withCorrection.map((item) => {
      const patternId = patternIds.get(item.fingerprint!.hash)!;
      return {
        interactionId: item.id!,
        agentId: agent.agentId,
        patternId,
        patternCount: counts.get(patternId) ?? 1,
        category: item.errorCategory!,
        input: { user_intent: item.userIntent, agent_action: item.agentAction, api_response: item.apiResponse, error_category: item.errorCategory! },
        output: item.correction!,
        confidence: item.confidence,
        hasRetry: item.retryStrategy !== null,
        piiRedactions: item.pii.total,
      };
    });
    await insertSampleRows(conn, planSamples(candidates, { stage: next, ...context }));
  }
  return { accepted: inserted.length, stage };
}

/**
 * Makes sure every fingerprint of the batch has a pattern row and returns the
 * ids. Existing patterns are only read here: their counters change at the end
 * of the transaction, so concurrent batches do not queue behind each other.
 */
async function ensurePatterns(conn: SqlConnection, agentId: string, prepared: Prepared[]): Promise<Map<string, string>> {
  const unique = [...new Map(prepared.filter((p) => p.fingerprint).map((p) => [p.fingerprint!.hash, p])).values()]
    .sort((a, b) => a.fingerprint!.hash.localeCompare(b.fingerprint!.hash));
  if (unique.length === 0) return new Map();
  const hashes = unique.map((p) => p.fingerprint!.hash);
  const read = () => conn.query<{ id: string; fingerprint: string }>(
    `SELECT id::text, fingerprint FROM error_patterns WHERE agent_id = $1::uuid AND fingerprint = ANY($2::text[])`,
    [agentId, hashes],
  );
  const ids = new Map((await read()).map((row) => [row.fingerprint, row.id]));
  const missing = unique.filter((p) => !ids.has(p.fingerprint!.hash));
  if (missing.length > 0) {
    await conn.query(
      `INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
       SELECT gen_random_uuid(), $1::uuid, f, c, a, e, t, t, 0
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(f, c, a, e, t)
       ON CONFLICT (agent_id, fingerprint) DO NOTHING`,
      [
        agentId,
        missing.map((p) => p.fingerprint!.hash),
        missing.map((p) => p.fingerprint!.category),
        missing.map((p) => p.fingerprint!.actionTemplate),
        missing.map((p) => p.fingerprint!.errorTemplate),
        missing.map((p) => p.occurredAt.toISOString()),
      ],
    );
    for (const row of await read()) ids.set(row.fingerprint, row.id);
  }
  return ids;
}

/** Adds the batch to its patterns' counters and daily rollups; returns each pattern's new count. */
async function updatePatterns(conn: SqlConnection, inserted: Prepared[], patternIds: Map<string, string>): Promise<Map<string, number>> {
  const byPattern = new Map<string, { count: number; first: Date; last: Date; days: Map<string, number> }>();
  for (const item of inserted) {
    if (!item.fingerprint) continue;
    const id = patternIds.get(item.fingerprint.hash)!;
    let entry = byPattern.get(id);
    if (!entry) {
      entry = { count: 0, first: item.occurredAt, last: item.occurredAt, days: new Map() };
      byPattern.set(id, entry);
    }
    entry.count += 1;
    if (item.occurredAt < entry.first) entry.first = item.occurredAt;
    if (item.occurredAt > entry.last) entry.last = item.occurredAt;
    const day = utcDay(item.occurredAt);
    entry.days.set(day, (entry.days.get(day) ?? 0) + 1);
  }
  if (byPattern.size === 0) return new Map();
  const ids = [...byPattern.keys()].sort();
  const updated = await conn.query<{ id: string; count: number }>(
    `UPDATE error_patterns p SET count = p.count + d.n,
            first_seen_at = LEAST(p.first_seen_at, d.f), last_seen_at = GREATEST(p.last_seen_at, d.l)
       FROM (SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS u(id, n, f, l) ORDER BY id) d
      WHERE p.id = d.id
      RETURNING p.id::text, p.count`,
    [
      ids,
      ids.map((id) => byPattern.get(id)!.count),
      ids.map((id) => byPattern.get(id)!.first.toISOString()),
      ids.map((id) => byPattern.get(id)!.last.toISOString()),
    ],
  );
  const daily = ids.flatMap((id) => [...byPattern.get(id)!.days.entries()].sort().map(([day, n]) => ({ id, day, n })));
  await conn.query(
    `INSERT INTO pattern_daily (pattern_id, day, failures)
     SELECT id, day, n FROM unnest($1::uuid[], $2::date[], $3::int[]) AS d(id, day, n) ORDER BY id, day
     ON CONFLICT (pattern_id, day) DO UPDATE SET failures = pattern_daily.failures + EXCLUDED.failures`,
    [daily.map((row) => row.id), daily.map((row) => row.day), daily.map((row) => row.n)],
  );
  return new Map(updated.map((row) => [row.id, Number(row.count)]));
}

async function updateAgentRollups(conn: SqlConnection, agentId: string, inserted: Prepared[]): Promise<void> {
  // A correction counts as applied when the agent reports a retry strategy; it failed when the interaction still failed.
  const rows = rollUp(inserted.map((item) => ({
    occurredAt: item.occurredAt,
    modelVersion: item.modelVersion,
    failed: item.errorCategory !== null,
    latencyMs: item.latencyMs,
    correctionApplied: item.retryStrategy !== null,
  })));
  await conn.query(
    `INSERT INTO agent_daily (day, agent_id, model_version, total, failures, latency_sum_ms, latency_count, latency_buckets,
                              corrections_applied, corrections_failed)
     SELECT d, $1::uuid, v, t, f, s, c, string_to_array(b, ',')::int[], ca, cf
       FROM unnest($2::date[], $3::text[], $4::int[], $5::int[], $6::bigint[], $7::int[], $8::text[], $9::int[], $10::int[])
            AS r(d, v, t, f, s, c, b, ca, cf)
      ORDER BY d, v
     ON CONFLICT (day, agent_id, model_version) DO UPDATE SET
       total = agent_daily.total + EXCLUDED.total,
       failures = agent_daily.failures + EXCLUDED.failures,
       latency_sum_ms = agent_daily.latency_sum_ms + EXCLUDED.latency_sum_ms,
       latency_count = agent_daily.latency_count + EXCLUDED.latency_count,
       latency_buckets = ARRAY(SELECT a + b FROM unnest(agent_daily.latency_buckets, EXCLUDED.latency_buckets) AS z(a, b)),
       corrections_applied = agent_daily.corrections_applied + EXCLUDED.corrections_applied,
       corrections_failed = agent_daily.corrections_failed + EXCLUDED.corrections_failed`,
    [
      agentId,
      rows.map((row) => row.day),
      rows.map((row) => row.modelVersion),
      rows.map((row) => row.total),
      rows.map((row) => row.failures),
      rows.map((row) => String(row.latencySumMs)),
      rows.map((row) => row.latencyCount),
      rows.map((row) => row.latencyBuckets.join(",")),
      rows.map((row) => row.correctionsApplied),
      rows.map((row) => row.correctionsFailed),
    ],
  );
}
