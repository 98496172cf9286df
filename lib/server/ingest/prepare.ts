import { encodeInteractions, type StoredInteraction } from "@/lib/db/interaction-columns";
import { fingerprintFailure, type Fingerprint } from "@/lib/domain/fingerprint";
import { createRedactionContext, mergeReports, redactIdentifier, redactJson, redactText, type PiiSettings } from "@/lib/domain/pii";
import { sampleEvidence, type SampleEvidence } from "@/lib/domain/sample-input";
import {
  batchSchema,
  checkStorable,
  errorReport,
  interactionSchema,
  MAX_ERRORS_PER_BATCH,
  MAX_ERRORS_PER_ITEM,
  MAX_BATCH_ITEMS,
  MAX_FUTURE_SKEW_MS,
  mayHoldUnstorableText,
  type InteractionInput,
  type ItemError,
} from "@/lib/schemas/interactions";

/**
 * The CPU half of ingestion, with no I/O: parse the body, validate every
 * item, pass it through the PII firewall and fingerprint failures. The server
 * runs it on worker threads (see workers.ts) so that the thread that
 * owns the database keeps writing; tests and the CLI run it in place.
 * Everything it returns survives structured cloning.
 */

export interface PrepareOptions {
  now: number;
  secret: string;
  pii: PiiSettings;
}

/** An interaction after validation and the PII firewall: what is stored, and its failure's fingerprint. */
interface Prepared extends StoredInteraction {
  fingerprint: Fingerprint | null;
}

/** What the transaction needs to know of each item beyond its stored columns: patterns, rollups, samples. */
export interface PreparedItem {
  externalId: string | null;
  occurredAt: Date;
  modelVersion: string;
  /** The remedy the agent applied, when it reports one. */
  remedyId: string | null;
  errorCategory: string | null;
  latencyMs: number | null;
  confidence: number;
  retried: boolean;
  piiTotal: number;
  fingerprint: Fingerprint | null;
  /** A failure that came with its correction becomes a sample; its input is measured here, beside the firewall. */
  sample: (SampleEvidence & { output: string }) | null;
}

export type RefusalReason = "not_utf8" | "not_json" | "bad_body" | "too_many";

export type PreparedBatch =
  | { ok: false; status: 400 | 413; reason: RefusalReason; message: string; received: number }
  | {
      ok: true;
      /** How many items the request held, valid or not. */
      received: number;
      items: PreparedItem[];
      /**
       * The items' stored columns as one JSON document in UTF-8, in the order of
       * `items` (see lib/db/interaction-columns.ts): encoded natively here, off the
       * thread that owns the database, moved between threads without a copy, sent
       * by both drivers as it is and parsed by PostgreSQL in C.
       */
      rows: Uint8Array;
      rejected: Array<{ index: number; errors: ItemError[] }>;
      /** Items repeating an interaction_id seen earlier in the same batch. */
      duplicates: number;
    };

/** Whatever runs `prepareBatch`: in place, or on worker threads, where batches of different `lane`s (agents) take turns fairly. */
export type PrepareRunner = (body: Uint8Array, options: PrepareOptions, lane?: string) => Promise<PreparedBatch>;

/** A body this large is prepared in slices on a worker thread, giving way to small batches (see workers.ts). */
export const LARGE_BATCH_BYTES = 256 * 1024;

/** The runner without threads: tests, the CLI, and the server while no worker is ready. */
export const prepareInPlace: PrepareRunner = async (body, options) => prepareBatch(body, options);

export function prepareBatch(body: Uint8Array, options: PrepareOptions): PreparedBatch {
  const steps = prepareSteps(body, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `prepareBatch` giving way to other work between its steps, at most every
 * `sliceMs` of its own: a worker thread on a 1 MiB body answers another
 * agent's small batch in between (see workers.ts) rather than after it. One
 * step is never split: parsing the body, or validating one item.
 */
export async function prepareBatchInSlices(body: Uint8Array, options: PrepareOptions, giveWay: () => Promise<void>, sliceMs = 2): Promise<PreparedBatch> {
  const steps = prepareSteps(body, options);
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      await giveWay();
      sliceStarted = performance.now();
    }
  }
}

/** The work of `prepareBatch`, yielding at the points where it may pause. */
function* prepareSteps(body: Uint8Array, options: PrepareOptions): Generator<void, PreparedBatch, void> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, reason: "not_utf8", message: "The body is not valid UTF-8.", received: 0 };
  }
  yield;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, status: 400, reason: "not_json", message: `The body is not valid JSON: ${(error as Error).message}`, received: 0 };
  }
  yield;
  let items: unknown[];
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "interactions" in parsed) {
    const batch = batchSchema.safeParse(parsed);
    if (!batch.success) {
      const unknown = errorReport();
      for (const issue of batch.error.issues) if (issue.code === "unrecognized_keys") for (const key of issue.keys) unknown.add(key, "");
      const message = unknown.size > 0
        ? `A batch holds only "interactions"; unexpected field(s): ${unknown.list().map((error) => error.message || error.field).join(", ")}.`
        : `"interactions" must be an array of interactions.`;
      return { ok: false, status: 400, reason: "bad_body", message, received: 0 };
    }
    items = batch.data.interactions;
  } else {
    items = [parsed];
  }
  if (items.length > MAX_BATCH_ITEMS) {
    const message = `A batch holds at most ${MAX_BATCH_ITEMS.toLocaleString("en-US")} interactions; this one has ${items.length.toLocaleString("en-US")}. Split it.`;
    return { ok: false, status: 413, reason: "too_many", message, received: items.length };
  }
  if (items.length === 0) {
    return { ok: false, status: 400, reason: "bad_body", message: `"interactions" is empty: send at least one interaction.`, received: 0 };
  }

  const rejected: Array<{ index: number; errors: ItemError[] }> = [];
  const prepared: Prepared[] = [];
  const seenIds = new Set<string>();
  let duplicates = 0;
  const textChecks = mayHoldUnstorableText(text);
  let reported = 0;
  for (const [index, raw] of items.entries()) {
    yield;
    // Past the batch's share of errors, each rejected item names its first only.
    const limit = Math.max(1, Math.min(MAX_ERRORS_PER_ITEM, MAX_ERRORS_PER_BATCH - reported));
    const result = validateItem(raw, options.now, { textChecks, errorLimit: limit });
    if (!result.ok) {
      rejected.push({ index, errors: result.errors });
      reported += result.errors.length;
      continue;
    }
    const id = result.item.interaction_id;
    if (id !== undefined) {
      if (seenIds.has(id)) {
        duplicates += 1;
        continue;
      }
      seenIds.add(id);
    }
    prepared.push(prepare(result.item, options));
  }
  yield;
  return { ok: true, received: items.length, items: prepared.map(itemOf), rows: encodeInteractions(prepared), rejected, duplicates };
}

export function validateItem(
  raw: unknown,
  now: number,
  { textChecks, errorLimit = MAX_ERRORS_PER_ITEM }: { textChecks?: boolean; errorLimit?: number } = {},
): { ok: true; item: InteractionInput } | { ok: false; errors: ItemError[] } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: "(item)", message: "must be a JSON object" }] };
  }
  const flooded = manyUnknownFields(raw as Record<string, unknown>, errorLimit);
  if (flooded) return { ok: false, errors: flooded };
  const parsed = interactionSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = errorReport(errorLimit);
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) errors.add(key, "is not a field of Agent API v1; put free-form data in metadata");
      } else {
        const field = issue.path.length > 0 ? issue.path.join(".") : "(item)";
        // zod 4 leaves the input out of its issues, so a missing field is told from a wrong type by looking at the item.
        const missing = issue.code === "invalid_type" && issue.path.length === 1 && (raw as Record<PropertyKey, unknown>)[issue.path[0]] === undefined;
        const message = missing ? "is required" : issue.message;
        errors.add(field, message);
      }
    }
    return { ok: false, errors: errors.list() };
  }
  const problems = checkStorable(parsed.data, { textChecks });
  if (problems.length > 0) return { ok: false, errors: problems };
  const at = Date.parse(parsed.data.timestamp);
  if (at - now > MAX_FUTURE_SKEW_MS) {
    return { ok: false, errors: [{ field: "timestamp", message: "is more than 5 minutes in the future; check the agent's clock" }] };
  }
  // Year 0 passes ISO 8601 but not PostgreSQL; nothing an agent did predates 1970.
  if (at < 0) return { ok: false, errors: [{ field: "timestamp", message: "is before 1970; check the agent's clock" }] };
  return { ok: true, item: parsed.data };
}

const FIELDS = new Set(Object.keys(interactionSchema.shape));
/** Past this many fields no interaction has, an item is refused for them alone, without validating the rest. */
const UNKNOWN_FIELDS_ALONE = 1_000;

/**
 * The errors of an item with more than UNKNOWN_FIELDS_ALONE fields no interaction has, or
 * null: zod would spend three times as long listing them as counting them here (25 ms for
 * 45,000 fields), and the report, cut at `errorLimit`, would name nothing else.
 */
function manyUnknownFields(raw: Record<string, unknown>, errorLimit: number): ItemError[] | null {
  const keys = Object.keys(raw);
  if (keys.length <= UNKNOWN_FIELDS_ALONE + FIELDS.size) return null;
  const errors = errorReport(errorLimit);
  let named = 0;
  for (const key of keys) {
    if (named === errorLimit) break;
    if (FIELDS.has(key)) continue;
    errors.add(key, "is not a field of Agent API v1; put free-form data in metadata");
    named += 1;
  }
  let known = 0;
  for (const field of FIELDS) if (Object.hasOwn(raw, field)) known += 1;
  errors.omit(keys.length - known - named);
  return errors.list();
}

/**
 * Every text an item carries is personal data until scanned, and nothing raw is stored: prose
 * fields are redacted where the firewall finds something, JSON values and keys alike; identifiers
 * (interaction_id, session_id, model_version, remedy_id), which are compared rather than read, are kept as
 * sent or, when they hold personal data, replaced whole by a keyed hash that stays the same on a
 * retry (see `redactIdentifier`). The fingerprint and the sample are made from the redacted texts.
 */
function prepare(item: InteractionInput, { secret, pii: settings }: PrepareOptions): Prepared {
  // One context per interaction: the same address in two fields gets one placeholder.
  const context = createRedactionContext();
  const options = { secret, context, settings };
  const text = (value: string) => redactText(value, options);
  const optionalText = (value: string | null | undefined) => (value == null ? null : text(value));
  const identifier = (value: string | undefined) => (value === undefined ? null : redactIdentifier(value, options));

  const externalId = identifier(item.interaction_id);
  const modelVersion = identifier(item.model_version);
  const remedyId = identifier(item.remedy_id);
  const sessionId = identifier(item.session_id);
  const userIntent = text(item.user_intent);
  const agentAction = text(item.agent_action);
  const finalOutcome = text(item.final_outcome);
  const retryStrategy = optionalText(item.retry_strategy);
  const errorCategory = optionalText(item.error_category);
  const correction = optionalText(item.correction);
  const apiResponse = redactJson(item.api_response, options);
  const metadata = item.metadata === undefined ? null : redactJson(item.metadata, options);
  const pii = mergeReports(
    ...[externalId, modelVersion, remedyId, sessionId, userIntent, agentAction, finalOutcome, retryStrategy, errorCategory, correction, apiResponse, metadata]
      .filter((part) => part !== null)
      .map((part) => part.report),
  );
  return {
    externalId: externalId?.text ?? null,
    occurredAt: new Date(item.timestamp),
    userIntent: userIntent.text,
    agentAction: agentAction.text,
    apiResponse: apiResponse.value,
    retryStrategy: retryStrategy?.text ?? null,
    finalOutcome: finalOutcome.text,
    errorCategory: errorCategory?.text ?? null,
    confidence: item.confidence_score,
    latencyMs: item.latency_ms ?? null,
    modelVersion: modelVersion?.text ?? "",
    remedyId: remedyId?.text ?? null,
    correction: correction?.text ?? null,
    sessionId: sessionId?.text ?? null,
    metadata: metadata?.value,
    piiCounts: pii.total > 0 ? pii.counts : null,
    piiTotal: pii.total,
    fingerprint: errorCategory ? fingerprintFailure(errorCategory.text, agentAction.text, apiResponse.value) : null,
  };
}

function itemOf(item: Prepared): PreparedItem {
  const { errorCategory, correction } = item;
  return {
    externalId: item.externalId,
    occurredAt: item.occurredAt,
    modelVersion: item.modelVersion,
    remedyId: item.remedyId,
    errorCategory,
    latencyMs: item.latencyMs,
    confidence: item.confidence,
    retried: item.retryStrategy !== null,
    piiTotal: item.piiTotal,
    fingerprint: item.fingerprint,
    sample: errorCategory !== null && correction !== null
      ? {
          ...sampleEvidence({ user_intent: item.userIntent, agent_action: item.agentAction, api_response: item.apiResponse, error_category: errorCategory }, correction),
          output: correction,
        }
      : null,
  };
}
