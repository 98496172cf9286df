import { db } from "@/lib/db/client";
import { fingerprintFailure, type Fingerprint } from "@/lib/domain/fingerprint";
import { createRedactionContext, mergeReports, redactJson, redactText, type PiiReport, type PiiSettings } from "@/lib/domain/pii";
import { rollUp, utcDay } from "@/lib/domain/rollups";
import { stageFor, type Stage } from "@/lib/domain/stage";
import { checkStorable, interactionSchema, MAX_FUTURE_SKEW_MS, type InteractionInput, type ItemError } from "@/lib/schemas/interactions";
import type { AuthenticatedAgent } from "./agents";
import { recordAudit } from "./audit";
import { insertSamples, currentPrescreen, type SampleCandidate } from "./samples";
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
  apiResponseValue: unknown;
  externalId: string | null;
  occurredAt: Date;
  userIntent: string;
  agentAction: string;
  apiResponse: string;
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
    apiResponse: JSON.stringify(apiResponse.value),
    apiResponseValue: apiResponse.value,
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
  const secret = process.env.REMEDY_PSEUDONYM_SECRET ?? "remedy-pseudonyms";
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
  const prisma = await db();
  const outcome = await prisma.$transaction(async (tx) => {
    // Lock patterns in fingerprint order, so concurrent batches never deadlock.
    const fingerprints = [...new Map(prepared.filter((p) => p.fingerprint).map((p) => [p.fingerprint!.hash, p])).values()]
      .sort((a, b) => a.fingerprint!.hash.localeCompare(b.fingerprint!.hash));
    const patternIds = new Map<string, string>();
    if (fingerprints.length > 0) {
      const rows = await tx.$queryRawUnsafe<Array<{ id: string; fingerprint: string }>>(
        `INSERT INTO error_patterns (id, agent_id, fingerprint, error_category, action_template, error_template, first_seen_at, last_seen_at, count)
         SELECT gen_random_uuid(), $1::uuid, f, c, a, e, t, t, 0
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(f, c, a, e, t)
         ON CONFLICT (agent_id, fingerprint) DO UPDATE SET fingerprint = EXCLUDED.fingerprint
         RETURNING id::text, fingerprint`,
        agent.agentId,
        fingerprints.map((p) => p.fingerprint!.hash),
        fingerprints.map((p) => p.fingerprint!.category),
        fingerprints.map((p) => p.fingerprint!.actionTemplate),
        fingerprints.map((p) => p.fingerprint!.errorTemplate),
        fingerprints.map((p) => p.occurredAt.toISOString()),
      );
      for (const row of rows) patternIds.set(row.fingerprint, row.id);
    }

    // Ids drawn up front tie each stored row back to its item, with or without an interaction_id.
    const ids = await tx.$queryRawUnsafe<Array<{ id: bigint }>>(
      `SELECT nextval(pg_get_serial_sequence('interactions', 'id')) AS id FROM generate_series(1, $1)`,
      prepared.length,
    );
    prepared.forEach((item, index) => { item.id = BigInt(ids[index].id); });
    const column = <T>(pick: (p: Prepared) => T) => prepared.map(pick);
    const insertedIds = await tx.$queryRawUnsafe<Array<{ id: bigint }>>(
      `INSERT INTO interactions (id, agent_id, external_id, occurred_at, user_intent, agent_action, api_response, retry_strategy,
                                 final_outcome, error_category, failed, confidence, latency_ms, model_version, correction,
                                 session_id, metadata, pattern_id, pii_counts, pii_total)
       SELECT id, $1::uuid, x, t, ui, aa, ar::jsonb, rs, fo, ec, ec IS NOT NULL, cf, lm, mv, co, si, md::jsonb, pi::uuid, pc::jsonb, pt
         FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::float8[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[],
                     $19::bigint[])
              AS u(x, t, ui, aa, ar, rs, fo, ec, cf, lm, mv, co, si, md, pi, pc, pt, id)
       ON CONFLICT (agent_id, external_id) DO NOTHING
       RETURNING id`,
      agent.agentId,
      column((p) => p.externalId),
      column((p) => p.occurredAt.toISOString()),
      column((p) => p.userIntent),
      column((p) => p.agentAction),
      column((p) => p.apiResponse),
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
      column((p) => String(p.id)),
    );
    const stored = new Set(insertedIds.map((row) => String(row.id)));
    const inserted = prepared.filter((p) => stored.has(String(p.id)));
    if (inserted.length === 0) return { accepted: 0, stage: null };

    await updatePatterns(tx, inserted, patternIds);
    await updateAgentRollups(tx, agent.agentId, inserted);

    const [counted] = await tx.$queryRawUnsafe<Array<{ interaction_count: bigint; stage: Stage }>>(
      `UPDATE agents SET interaction_count = interaction_count + $2 WHERE id = $1::uuid RETURNING interaction_count, stage`,
      agent.agentId,
      inserted.length,
    );
    const next = stageFor(Number(counted.interaction_count), settings);
    let stage: IngestResult["stage"] = null;
    if (next !== counted.stage) {
      await tx.agent.update({ where: { id: agent.agentId }, data: { stage: next, stageChangedAt: new Date() } });
      await recordAudit(tx, { actor: { type: "AGENT", id: agent.agentId, name: agent.agentName }, requestId }, {
        action: "agent.stage_change",
        targetType: "agent",
        targetId: agent.agentId,
        before: { stage: counted.stage },
        after: { stage: next, interactions: Number(counted.interaction_count) },
      });
      stage = { from: counted.stage, to: next };
    }

    const withCorrection = inserted.filter((item) => item.errorCategory !== null && item.correction !== null);
    if (withCorrection.length > 0) {
      const counts = await patternCounts(tx, withCorrection.map((item) => patternIds.get(item.fingerprint!.hash)!));
      const candidates: SampleCandidate[] = withCorrection.map((item) => {
        const patternId = patternIds.get(item.fingerprint!.hash)!;
        return {
          interactionId: item.id!,
          agentId: agent.agentId,
          patternId,
          patternCount: counts.get(patternId) ?? 1,
          category: item.errorCategory!,
          input: { user_intent: item.userIntent, agent_action: item.agentAction, api_response: item.apiResponseValue, error_category: item.errorCategory! },
          output: item.correction!,
          confidence: item.confidence,
          hasRetry: item.retryStrategy !== null,
          piiRedactions: item.pii.total,
        };
      });
      await insertSamples(tx, candidates, { stage: next, settings, lists, prescreen });
    }
    return { accepted: inserted.length, stage };
  }, { timeout: 60_000, maxWait: 60_000 });

  return {
    accepted: outcome.accepted,
    duplicates: duplicates + (prepared.length - outcome.accepted),
    rejected,
    stage: outcome.stage,
  };
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof db>>["$transaction"]>[0]>[0];

async function patternCounts(tx: Tx, ids: string[]): Promise<Map<string, number>> {
  const rows = await tx.errorPattern.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, count: true } });
  return new Map(rows.map((row) => [row.id, row.count]));
}

async function updatePatterns(tx: Tx, inserted: Prepared[], patternIds: Map<string, string>): Promise<void> {
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
  if (byPattern.size === 0) return;
  const ids = [...byPattern.keys()].sort();
  await tx.$executeRawUnsafe(
    `UPDATE error_patterns p SET count = p.count + d.n,
            first_seen_at = LEAST(p.first_seen_at, d.f), last_seen_at = GREATEST(p.last_seen_at, d.l)
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS d(id, n, f, l)
      WHERE p.id = d.id`,
    ids,
    ids.map((id) => byPattern.get(id)!.count),
    ids.map((id) => byPattern.get(id)!.first.toISOString()),
    ids.map((id) => byPattern.get(id)!.last.toISOString()),
  );
  const daily = ids.flatMap((id) => [...byPattern.get(id)!.days.entries()].sort().map(([day, n]) => ({ id, day, n })));
  await tx.$executeRawUnsafe(
    `INSERT INTO pattern_daily (pattern_id, day, failures)
     SELECT id, day, n FROM unnest($1::uuid[], $2::date[], $3::int[]) AS d(id, day, n)
     ON CONFLICT (pattern_id, day) DO UPDATE SET failures = pattern_daily.failures + EXCLUDED.failures`,
    daily.map((row) => row.id),
    daily.map((row) => row.day),
    daily.map((row) => row.n),
  );
}

async function updateAgentRollups(tx: Tx, agentId: string, inserted: Prepared[]): Promise<void> {
  // A correction counts as applied when the agent reports a retry strategy; it failed when the interaction still failed.
  const rows = rollUp(inserted.map((item) => ({
    occurredAt: item.occurredAt,
    modelVersion: item.modelVersion,
    failed: item.errorCategory !== null,
    latencyMs: item.latencyMs,
    correctionApplied: item.retryStrategy !== null,
  })));
  await tx.$executeRawUnsafe(
    `INSERT INTO agent_daily (day, agent_id, model_version, total, failures, latency_sum_ms, latency_count, latency_buckets,
                              corrections_applied, corrections_failed)
     SELECT d, $1::uuid, v, t, f, s, c, string_to_array(b, ',')::int[], ca, cf
       FROM unnest($2::date[], $3::text[], $4::int[], $5::int[], $6::bigint[], $7::int[], $8::text[], $9::int[], $10::int[])
            AS r(d, v, t, f, s, c, b, ca, cf)
     ON CONFLICT (day, agent_id, model_version) DO UPDATE SET
       total = agent_daily.total + EXCLUDED.total,
       failures = agent_daily.failures + EXCLUDED.failures,
       latency_sum_ms = agent_daily.latency_sum_ms + EXCLUDED.latency_sum_ms,
       latency_count = agent_daily.latency_count + EXCLUDED.latency_count,
       latency_buckets = ARRAY(SELECT a + b FROM unnest(agent_daily.latency_buckets, EXCLUDED.latency_buckets) AS z(a, b)),
       corrections_applied = agent_daily.corrections_applied + EXCLUDED.corrections_applied,
       corrections_failed = agent_daily.corrections_failed + EXCLUDED.corrections_failed`,
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
  );
}
