import { setAgentStage } from "@/lib/db/agents";
import { getDatabase } from "@/lib/db/client";
import { insertInteractions, reserveInteractionIds } from "@/lib/db/interactions";
import { ensurePatterns } from "@/lib/db/patterns";
import { addBatchToCounters, type PatternCount } from "@/lib/db/rollups";
import { bumpServingVersionOn } from "@/lib/db/serving";
import { insertSamples } from "@/lib/db/samples";
import { sql, type SqlConnection } from "@/lib/db/sql";
import { capabilityOf } from "@/lib/domain/knowledge";
import { outcomesByArm } from "@/lib/domain/rollouts";
import { rollUp, rollUpRemedies, utcDay } from "@/lib/domain/rollups";
import { addArmCounts } from "@/lib/db/rollouts";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { stageFor, type Stage } from "@/lib/domain/stage";
import type { ItemError } from "@/lib/schemas/interactions";
import type { AuthenticatedAgent } from "@/lib/server/agents";
import { prepareInPlace, type PreparedItem, type PrepareRunner, type RefusalReason } from "./prepare";
import { consume, exhausted } from "./rate-limit";
import { recordAudit } from "@/lib/server/audit";
import { currentPrescreen, planSamples, type LoadedPrescreen, type SampleCandidate } from "@/lib/server/samples";
import { pseudonymSecret } from "@/lib/server/secrets";
import { cachedListSettings, cachedPiiSettings, cachedSettings } from "@/lib/server/settings/cache";
import { processSingleton, setProcessSingleton } from "@/lib/process-state";
import { systemContext } from "@/lib/server/actor";
import { enqueueJob } from "@/lib/server/jobs";
import { learnAutoApprovedJob } from "@/lib/server/knowledge/learn-job";
import { logger } from "@/lib/server/logger";
import { liveRolloutFor, type LiveRollout } from "@/lib/server/remedy";
import { checkBreakersSoon } from "@/lib/server/rollouts/breaker";

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

const PREPARE_RUNNER = "ingest:prepare-runner";

/** The server hands batches to its worker threads; without them (tests, the CLI) they are prepared in place. */
export function setPrepareRunner(runner: PrepareRunner | undefined): void {
  setProcessSingleton(PREPARE_RUNNER, runner);
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
  const run = processSingleton<PrepareRunner | undefined>(PREPARE_RUNNER, () => undefined) ?? prepareInPlace;
  const batch = await run(body, { now: Date.now(), secret, pii });
  if (!batch.ok) return { kind: "refused", ...batch };

  const limited = consume(agent.keyId, batch.received, rate, burst);
  if (!limited.ok) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds, received: batch.received };

  const { items, rows, rejected, duplicates } = batch;
  if (items.length === 0) return { kind: "stored", accepted: 0, duplicates, rejected, stage: null };
  const [lists, prescreen, rollout] = await Promise.all([cachedListSettings(), currentPrescreen(), liveRolloutFor(agent.agentId)]);
  const database = await getDatabase();
  const outcome = await withDeadlockRetry(() =>
    database.transaction((conn) => storeBatch(conn, agent, { items, rows }, { settings, lists, prescreen, rollout }, requestId)),
  );
  // Acknowledged from here on: the circuit breaker judges the remedies this batch applied at once.
  checkBreakersSoon(agent.agentId, outcome.capabilities);
  if (outcome.autoApproved > 0) {
    // The memory layer learns from them in the background; a lost enqueue is caught up by the next.
    await enqueueJob(systemContext("ingestion"), learnAutoApprovedJob, {}, { singletonKey: learnAutoApprovedJob.kind }).catch((error: unknown) =>
      logger().error({ err: error }, "could not queue learning from auto-approved samples"));
  }
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

/**
 * One transaction on the driver, per batch, in few statements: on PGlite
 * every statement costs about a millisecond on the thread that owns the
 * database, whatever it does, so the counters and rollups go in one.
 */
async function storeBatch(
  conn: SqlConnection,
  agent: AuthenticatedAgent,
  { items, rows }: { items: PreparedItem[]; rows: Uint8Array },
  context: { settings: Settings; lists: ListSettings; prescreen: LoadedPrescreen | null; rollout: LiveRollout | null },
  requestId: string | undefined,
): Promise<{ accepted: number; stage: IngestResult["stage"]; autoApproved: number; capabilities: string[] }> {
  const patternIds = await ensurePatterns(conn, agent.agentId, newPatterns(items));

  // Items without an interaction_id get their ids up front, to tie rows back to items.
  const idOf = new Map<PreparedItem, bigint>();
  const anonymous = items.filter((item) => item.externalId === null);
  if (anonymous.length > 0) {
    const ids = await reserveInteractionIds(conn, anonymous.length);
    anonymous.forEach((item, index) => idOf.set(item, ids[index]));
  }
  const patternOf = (item: PreparedItem) => {
    if (!item.fingerprint) return null;
    const id = patternIds.get(item.fingerprint.hash);
    if (!id) throw new Error(`pattern ${item.fingerprint.hash} of agent ${agent.agentId} is missing after it was created`);
    return id;
  };
  // Concurrent batches of one agent insert their interactions side by side.
  const returned = await insertInteractions(
    conn,
    agent.agentId,
    rows,
    items.map((item) => patternOf(item)),
    items.map((item) => idOf.get(item)?.toString() ?? null),
  );
  const byExternalId = new Map(items.filter((item) => item.externalId !== null).map((item) => [item.externalId!, item]));
  const storedIds = new Set<string>();
  for (const row of returned) {
    if (row.external_id !== null) idOf.set(byExternalId.get(row.external_id)!, BigInt(row.id));
    storedIds.add(String(row.id));
  }
  const inserted = items.filter((item) => storedIds.has(String(idOf.get(item))));
  if (inserted.length === 0) return { accepted: 0, stage: null, autoApproved: 0, capabilities: [] };

  // From here to commit, one agent's batches take turns: they write the same
  // hot rows (the agent's counter, its daily rollups, its patterns). Turns
  // are cheaper than contending row by row and cannot deadlock; other agents'
  // batches run alongside. While the lock is held, what the counters say
  // stays true until this transaction commits.
  await conn.query(sql`SELECT pg_advisory_xact_lock(hashtextextended(${agent.agentId}, 0))`);
  const counted = await addBatchToCounters(conn, agent.agentId, {
    interactions: inserted.length,
    patterns: patternCounts(inserted, patternOf),
    // A correction counts as applied when the agent reports the remedy_id it applied; it failed when the interaction still failed.
    agentDays: rollUp(inserted.map((item) => ({
      occurredAt: item.occurredAt,
      modelVersion: item.modelVersion,
      failed: item.errorCategory !== null,
      latencyMs: item.latencyMs,
      correctionApplied: item.remedyId !== null,
    }))),
    remedies: rollUpRemedies(inserted.map((item) => ({ occurredAt: item.occurredAt, remedyId: item.remedyId, failed: item.errorCategory !== null }))),
  });
  if (context.rollout) {
    // A live rollout's arms are counted per step, so its gate never reads raw interactions.
    const { rollout } = context;
    const arms = outcomesByArm(inserted.map((item) => ({ modelVersion: item.modelVersion, failed: item.errorCategory !== null, latencyMs: item.latencyMs, remedyApplied: item.remedyId !== null })), rollout.candidate.version);
    await addArmCounts(conn, (["baseline", "candidate"] as const)
      .filter((arm) => arms[arm].interactions > 0)
      .map((arm) => ({ rolloutId: rollout.id, step: rollout.stepIndex, arm, ...arms[arm] })));
  }
  const next = stageFor(counted.interactions, context.settings);
  let stage: IngestResult["stage"] = null;
  if (next !== counted.stage) {
    await setAgentStage(conn, agent.agentId, next);
    // The stage decides where knowledge answers: every process rebuilds its remedy index.
    await bumpServingVersionOn(conn);
    await recordAudit(conn, { actor: { type: "AGENT", id: agent.agentId, name: agent.agentName }, requestId }, {
      action: "agent.stage_change",
      targetType: "agent",
      targetId: agent.agentId,
      before: { stage: counted.stage },
      after: { stage: next, interactions: counted.interactions },
    });
    stage = { from: counted.stage, to: next };
  }

  let autoApproved = 0;
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
    const planned = planSamples(candidates, { stage: next, ...context });
    await insertSamples(conn, planned);
    autoApproved = planned.filter((sample) => sample.status === "AUTO_APPROVED").length;
  }
  const capabilities = [...new Set(inserted.flatMap((item) => {
    const capability = item.remedyId === null ? null : capabilityOf(item.remedyId);
    return capability ? [capability] : [];
  }))];
  return { accepted: inserted.length, stage, autoApproved, capabilities };
}

/** The batch's distinct fingerprints, each with the first item that carried it. */
function newPatterns(items: PreparedItem[]) {
  const first = new Map<string, PreparedItem>();
  for (const item of items) if (item.fingerprint && !first.has(item.fingerprint.hash)) first.set(item.fingerprint.hash, item);
  return [...first.values()].map((item) => ({
    fingerprint: item.fingerprint!.hash,
    category: item.fingerprint!.category,
    actionTemplate: item.fingerprint!.actionTemplate,
    errorTemplate: item.fingerprint!.errorTemplate,
    firstSeenAt: item.occurredAt,
  }));
}

/** How many of the stored items each pattern gained, when, and on which days. */
function patternCounts(inserted: PreparedItem[], patternOf: (item: PreparedItem) => string | null): PatternCount[] {
  const byPattern = new Map<string, PatternCount>();
  for (const item of inserted) {
    const patternId = patternOf(item);
    if (!patternId) continue;
    let entry = byPattern.get(patternId);
    if (!entry) {
      entry = { patternId, count: 0, first: item.occurredAt, last: item.occurredAt, days: new Map() };
      byPattern.set(patternId, entry);
    }
    entry.count += 1;
    if (item.occurredAt < entry.first) entry.first = item.occurredAt;
    if (item.occurredAt > entry.last) entry.last = item.occurredAt;
    const day = utcDay(item.occurredAt);
    entry.days.set(day, (entry.days.get(day) ?? 0) + 1);
  }
  return [...byPattern.values()];
}
