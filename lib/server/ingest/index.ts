import { setAgentStage } from "@/lib/db/agents";
import { getDatabase } from "@/lib/db/client";
import { insertInteractions, reserveInteractionIds } from "@/lib/db/interactions";
import { ensurePatterns } from "@/lib/db/patterns";
import { addBatchToCounters, type PatternCount } from "@/lib/db/rollups";
import { bumpServingVersionOn } from "@/lib/db/serving";
import { insertSamples } from "@/lib/db/samples";
import { sql, type SqlConnection } from "@/lib/db/sql";
import { bodyCost, ingestCost, refusedCost } from "@/lib/domain/ingest-cost";
import { capabilityOf } from "@/lib/domain/knowledge";
import { outcomesByArm } from "@/lib/domain/rollouts";
import { rollUp, rollUpRemedies, utcDay } from "@/lib/domain/rollups";
import { addArmCounts } from "@/lib/db/rollouts";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { stageFor, type Stage } from "@/lib/domain/stage";
import { MAX_BODY_BYTES, type ItemError } from "@/lib/schemas/interactions";
import type { AuthenticatedAgent } from "@/lib/server/agents";
import { prepareInPlace, type PreparedItem, type PrepareRunner, type RefusalReason } from "./prepare";
import { admit, charge, consume } from "./rate-limit";
import { recordAudit } from "@/lib/server/audit";
import { currentPrescreen, planSamples, type LoadedPrescreen, type SampleCandidate } from "@/lib/server/samples";
import { pseudonymSecret } from "@/lib/server/secrets";
import { cachedListSettings, cachedPiiSettings, cachedSettings } from "@/lib/server/settings/cache";
import { processSingleton, setProcessSingleton } from "@/lib/process-state";
import { systemContext } from "@/lib/server/actor";
import { enqueueJob } from "@/lib/server/jobs";
import { learnAutoApprovedJob } from "@/lib/server/knowledge/learn-job";
import { noteDatabaseWritten } from "@/lib/server/health";
import { logger } from "@/lib/server/logger";
import { liveRolloutFor, type LiveRollout } from "@/lib/server/remedy";
import { checkBreakersSoon } from "@/lib/server/rollouts/breaker";

export interface IngestResult {
  accepted: number;
  /** Of the accepted, how many reported a failure (an error_category). */
  failed: number;
  duplicates: number;
  rejected: Array<{ index: number; errors: ItemError[] }>;
  stage: { from: Stage; to: Stage } | null;
}

export type IngestOutcome =
  /** `unread` when the body was refused before it was read to its end. */
  | { kind: "refused"; status: 400 | 413; reason: RefusalReason | "too_large"; message: string; received: number; unread?: boolean }
  /** `received` is null when the body was refused unread. */
  | { kind: "rate_limited"; retryAfterSeconds: number; received: number | null; unread?: boolean }
  | ({ kind: "stored" } & IngestResult);

/** A request body as read: its bytes, or why it was not read to the end. */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string };

/** A request's body before it is read: what the client declared, and how to read it when the agent may send it. */
export interface IncomingBody {
  /** Content-Length, when the client sent one. */
  declaredBytes: number | null;
  /** Reads at most `limit` bytes; past them, answers 413 and leaves the rest unread. */
  read(limit: number): Promise<BodyRead>;
}

const TOO_LARGE = `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB. Send smaller batches.`;

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
 * duplicate and changes nothing.
 *
 * The agent's rate limit (per agent, whichever key) is spent as work is done,
 * refused bodies included: an agent with no token left, or a body declared
 * larger than 1 MiB, is refused before it is read; a body is charged for its
 * size once read, whatever it holds, then for the rest of its items, or
 * many times more when it yields nothing (see lib/domain/ingest-cost.ts),
 * before the database is touched.
 */
export async function ingestInteractions(agent: AuthenticatedAgent, body: IncomingBody, requestId?: string): Promise<IngestOutcome> {
  const [secret, pii, settings] = await Promise.all([pseudonymSecret(), cachedPiiSettings(), cachedSettings()]);
  const [rate, burst] = [settings["ingest.ratePerSecond"], settings["ingest.burst"]];
  const admitted = admit(agent.agentId, rate, burst);
  if (!admitted.ok) return { kind: "rate_limited", retryAfterSeconds: admitted.retryAfterSeconds, received: null, unread: true };
  // A body over the limit is refused like a full one that yielded nothing, whether it said so or was found out reading it.
  const tooLarge = () => {
    charge(agent.agentId, refusedCost(0, MAX_BODY_BYTES), rate, burst);
    return { kind: "refused" as const, status: 413 as const, reason: "too_large" as const, message: TOO_LARGE, received: 0, unread: true };
  };
  if (body.declaredBytes !== null && body.declaredBytes > MAX_BODY_BYTES) return tooLarge();

  const read = await body.read(MAX_BODY_BYTES);
  if (!read.ok) return read.status === 413 ? tooLarge() : { kind: "refused", status: read.status, reason: "bad_body", message: read.message, received: 0 };
  const bytes = read.bytes.byteLength;
  charge(agent.agentId, bodyCost(bytes), rate, burst);
  const run = processSingleton<PrepareRunner | undefined>(PREPARE_RUNNER, () => undefined) ?? prepareInPlace;
  // The agent is the batch's lane: worker threads take agents' batches by turns (see FairQueue).
  const batch = await run(read.bytes, { now: Date.now(), secret, pii }, agent.agentId);
  if (!batch.ok) {
    charge(agent.agentId, refusedCost(batch.received, bytes) - bodyCost(bytes), rate, burst);
    return { kind: "refused", ...batch };
  }
  const { items, rows, rejected, duplicates } = batch;
  if (items.length === 0 && duplicates === 0) {
    charge(agent.agentId, refusedCost(batch.received, bytes) - bodyCost(bytes), rate, burst);
    return { kind: "stored", accepted: 0, failed: 0, duplicates, rejected, stage: null };
  }

  const itemsAllowed = consume(agent.agentId, ingestCost(batch.received, bytes) - bodyCost(bytes), rate, burst);
  if (!itemsAllowed.ok) return { kind: "rate_limited", retryAfterSeconds: itemsAllowed.retryAfterSeconds, received: batch.received };
  if (items.length === 0) return { kind: "stored", accepted: 0, failed: 0, duplicates, rejected, stage: null };
  const [lists, prescreen, rollout] = await Promise.all([cachedListSettings(), currentPrescreen(), liveRolloutFor(agent.agentId)]);
  const database = await getDatabase();
  const outcome = await withDeadlockRetry(() =>
    database.transaction((conn) => storeBatch(conn, agent, { items, rows }, { settings, lists, prescreen, rollout }, requestId)),
  );
  noteDatabaseWritten();
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
    failed: outcome.failed,
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
): Promise<{ accepted: number; failed: number; stage: IngestResult["stage"]; autoApproved: number; capabilities: string[] }> {
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
  if (inserted.length === 0) return { accepted: 0, failed: 0, stage: null, autoApproved: 0, capabilities: [] };

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
  const failed = inserted.filter((item) => item.errorCategory !== null).length;
  return { accepted: inserted.length, failed, stage, autoApproved, capabilities };
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
