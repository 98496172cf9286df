import { getDatabase, type Database } from "@/lib/db/client";
import { servableEntries } from "@/lib/db/knowledge";
import { servingModels } from "@/lib/db/models";
import { liveRollouts } from "@/lib/db/rollouts";
import { armOf, bucketOf, type Arm } from "@/lib/domain/bucketing";
import { servingVersion, servingVersionOn } from "@/lib/db/serving";
import { fingerprintFailure } from "@/lib/domain/fingerprint";
import { chooseEntry, knowledgeReach, remedyIdOf, type KnowledgeReach, type ServingEntry } from "@/lib/domain/knowledge";
import { createRedactionContext, redactJson, redactText } from "@/lib/domain/pii";
import type { Stage } from "@/lib/domain/stage";
import { predictStudent, type StudentModel } from "@/lib/domain/student-model";
import type { KnowledgeItem, RemedyAnswer, RemedyRequest } from "@/lib/schemas/knowledge";
import { processSingleton } from "@/lib/process-state";
import { logger } from "@/lib/server/logger";
import { pseudonymSecret } from "@/lib/server/secrets";
import { getSettings } from "@/lib/server/settings";
import { cachedPiiSettings } from "@/lib/server/settings/cache";

/**
 * The agents' hot path: what Remedy answers to "this failed, what now?",
 * served from memory. The index holds every servable knowledge entry and
 * serving student model; it is rebuilt when the serving version in the
 * database changes (every change to knowledge, serving models, stages or
 * settings bumps it in its own transaction). Each process checks the version
 * every 250 ms, so processes on one database agree within a second, and no
 * request reads the database.
 */

interface IndexedEntry extends ServingEntry {
  reach: KnowledgeReach;
  item: KnowledgeItem;
}

interface ServedModel {
  id: string;
  version: string;
  /** The built-in student's weights; null for a model served elsewhere. */
  model: StudentModel | null;
}

export interface LiveRollout {
  id: string;
  percent: number;
  stepIndex: number;
  candidate: ServedModel;
  baseline: ServedModel | null;
}

interface AgentIndex {
  stage: Stage;
  byFingerprint: Map<string, IndexedEntry[]>;
  entries: IndexedEntry[];
  /** The stable version. */
  model: ServedModel | null;
  rollout: LiveRollout | null;
  /** GET /knowledge's answer as bytes, made on first request after each rebuild. */
  knowledgeJson: Buffer | null;
}

interface RemedyIndex {
  version: bigint;
  agents: Map<string, AgentIndex>;
  modelMinConfidence: number;
  /**
   * Answers already given for an exact request body, per agent: the answer
   * depends only on the body and this index, so a repeated failure (agents
   * repeat the same failing call) costs a map lookup. Dropped with the index
   * on every change; bounded.
   */
  answers: Map<string, RemedyAnswer>;
}

const MAX_REMEMBERED_ANSWERS = 20_000;

interface IndexState {
  database: Database | null;
  current: RemedyIndex | null;
  loading: Promise<RemedyIndex> | null;
  poller: NodeJS.Timeout | null;
  /** Checks the version now rather than at the next tick. */
  check: (() => void) | null;
}

export const POLL_MS = 250;

const state = processSingleton<IndexState>("remedy:index", () => ({ database: null, current: null, loading: null, poller: null, check: null }));

async function build(database: Database): Promise<RemedyIndex> {
  const prisma = database.prisma;
  // Version first: a change committed while building bumps it again, and the next poll rebuilds.
  const version = await servingVersion(prisma);
  const settings = await getSettings();
  const [entries, models, rollouts] = await Promise.all([
    servableEntries(prisma, settings["knowledge.activationConfidence"]),
    servingModels(prisma),
    liveRollouts(prisma),
  ]);
  const agents = new Map<string, AgentIndex>();
  const agentOf = (id: string, stage: Stage) => {
    let agent = agents.get(id);
    if (!agent) {
      agent = { stage, byFingerprint: new Map(), entries: [], model: null, rollout: null, knowledgeJson: null };
      agents.set(id, agent);
    }
    return agent;
  };
  for (const row of entries) {
    const agent = agentOf(row.agent_id, row.stage);
    const remedyId = remedyIdOf({ kind: "knowledge", entryId: row.id, version: row.version });
    const entry: IndexedEntry = {
      id: row.id,
      version: row.version,
      correction: row.correction,
      confidence: Number(row.confidence),
      intents: (row.intents ?? {}) as Record<string, number>,
      reach: knowledgeReach(row.stage),
      item: {
        remedy_id: remedyId,
        error_category: row.error_category,
        action_template: row.action_template,
        error_template: row.error_template,
        correction: row.correction,
        confidence: Number(row.confidence),
        version: row.version,
        updated_at: new Date(row.updated_at).toISOString(),
      },
    };
    agent.entries.push(entry);
    const list = agent.byFingerprint.get(row.fingerprint) ?? [];
    list.push(entry);
    agent.byFingerprint.set(row.fingerprint, list);
  }
  const weightsOf = (kind: string, weights: unknown) => (kind === "BUILTIN" && weights ? (weights as StudentModel) : null);
  for (const row of models) {
    agentOf(row.agent_id, "FULL").model = { id: row.id, version: row.version, model: weightsOf(row.kind, row.weights) };
  }
  for (const row of rollouts) {
    const agent = agentOf(row.agent_id, "FULL");
    agent.rollout = {
      id: row.id,
      percent: Number(row.percent),
      stepIndex: row.step_index,
      candidate: { id: row.candidate_id, version: row.candidate_version, model: weightsOf(row.candidate_kind, row.candidate_weights) },
      baseline: agent.model,
    };
  }
  return { version, agents, modelMinConfidence: settings["remedy.modelMinConfidence"], answers: new Map() };
}

/** The index for this process's database, built on first use and kept fresh by polling. */
async function currentIndex(): Promise<RemedyIndex> {
  const database = await getDatabase();
  if (state.database !== database) {
    // Tests install one database after another; an index belongs to one.
    state.database = database;
    state.current = null;
    state.loading = null;
  }
  if (state.current) return state.current;
  state.loading ??= build(database).then((index) => {
    if (state.database === database) state.current = index;
    return index;
  }).finally(() => {
    state.loading = null;
  });
  startPolling();
  return state.loading;
}

function startPolling() {
  if (state.poller) return;
  let busy = false;
  const check = () => {
    const database = state.database;
    if (busy || !database || !state.current) return;
    busy = true;
    database
      .withConnection((conn) => servingVersionOn(conn))
      .then(async (version) => {
        if (state.current && version !== state.current.version && state.database === database) {
          const index = await build(database);
          if (state.database === database) state.current = index;
        }
      })
      .catch((error: unknown) => logger().debug({ err: error }, "remedy index: version check failed"))
      .finally(() => {
        busy = false;
      });
  };
  state.check = check;
  state.poller = setInterval(check, POLL_MS);
  state.poller.unref();
}

/**
 * Called after this process committed a change to what is served: its own
 * index follows at once (other processes at their next check, within 250 ms).
 */
export function servingChanged(): void {
  state.check?.();
}

/** Rebuilds now rather than at the next poll: this process just committed a change. */
export async function refreshRemedyIndex(): Promise<void> {
  const database = await getDatabase();
  state.database = database;
  state.current = await build(database);
  startPolling();
}

const NONE: RemedyAnswer = { correction: null, confidence: 0, source: "none", version: null, remedy_id: null };

/**
 * Active knowledge for the failure's fingerprint first (where the agent's
 * stage lets knowledge reach production), then the agent's serving student
 * model when it is sure enough, else "none". The failure context passes the
 * PII firewall first: patterns and models only ever saw redacted text.
 */
/** The answer already given to this exact body by the current index, if any. */
export async function rememberedAnswer(agentId: string, body: string): Promise<RemedyAnswer | undefined> {
  return (await currentIndex()).answers.get(`${agentId}\u0000${body}`);
}

/**
 * `body`, when given, is the request's exact text: the answer is remembered
 * for it until the index changes.
 */
export async function answerRemedy(agentId: string, request: RemedyRequest, key?: string, body?: string): Promise<RemedyAnswer> {
  const index = await currentIndex();
  const answer = await answerFrom(index, agentId, request, key);
  if (body !== undefined) {
    if (index.answers.size >= MAX_REMEMBERED_ANSWERS) index.answers.clear();
    index.answers.set(`${agentId}\u0000${body}`, answer);
  }
  return answer;
}

async function answerFrom(index: RemedyIndex, agentId: string, request: RemedyRequest, key: string | undefined): Promise<RemedyAnswer> {
  const agent = index.agents.get(agentId);
  if (!agent) return NONE;
  const [secret, settings] = await Promise.all([pseudonymSecret(), cachedPiiSettings()]);
  const options = { secret, settings, context: createRedactionContext() };
  const context = {
    user_intent: redactText(request.user_intent, options).text,
    agent_action: redactText(request.agent_action, options).text,
    api_response: redactJson(request.api_response, options).value,
    error_category: request.error_category === null ? null : redactText(request.error_category, options).text,
  };
  if (context.error_category !== null) {
    const { hash } = fingerprintFailure(context.error_category, context.agent_action, context.api_response);
    const candidates = (agent.byFingerprint.get(hash) ?? []).filter((entry) => entry.reach === "production");
    const chosen = chooseEntry(candidates, context.user_intent);
    if (chosen) {
      return { correction: chosen.correction, confidence: round(chosen.confidence), source: "knowledge", version: `v${chosen.version}`, remedy_id: chosen.item.remedy_id };
    }
  }
  const served = servedFor(agent, key).served;
  if (served?.model) {
    const prediction = predictStudent(served.model, context);
    if (prediction.confidence >= index.modelMinConfidence) {
      return {
        correction: prediction.correction,
        confidence: round(prediction.confidence),
        source: "model",
        version: served.version,
        remedy_id: remedyIdOf({ kind: "model", modelVersionId: served.id }),
      };
    }
  }
  return NONE;
}

/** Which version serves a sticky key: the rollout's arm by bucket, else the stable version. */
function servedFor(agent: AgentIndex, key: string | undefined): { arm: Arm; served: ServedModel | null; rolloutId: string | null } {
  const rollout = agent.rollout;
  if (!rollout) return { arm: "baseline", served: agent.model, rolloutId: null };
  const arm = key === undefined ? "baseline" : armOf(bucketOf(rollout.id, key), rollout.percent);
  return { arm, served: arm === "candidate" ? rollout.candidate : rollout.baseline, rolloutId: rollout.id };
}

export type RouteAnswer = { version: string | null; arm: Arm; rollout_id: string | null };

/** GET /api/v1/route: `{version, arm, rollout_id}` for a sticky key, answered from memory. */
export async function routeFor(agentId: string, key: string): Promise<RouteAnswer> {
  return routeIn(await currentIndex(), agentId, key);
}

function routeIn(index: RemedyIndex, agentId: string, key: string): RouteAnswer {
  const agent = index.agents.get(agentId);
  if (!agent) return { version: null, arm: "baseline", rollout_id: null };
  const { arm, served, rolloutId } = servedFor(agent, key);
  return { version: served?.version ?? null, arm, rollout_id: rolloutId };
}

/**
 * Answers from the index already built, without a promise: the hot path's
 * common case. Null before the first build (then the async functions build it).
 */
export function readyAnswers(): {
  route(agentId: string, key: string): RouteAnswer;
  knowledgeBytes(agentId: string): Buffer | null;
  /** The answer given before to this exact body, if it is remembered, and its JSON as bytes. */
  remembered(agentId: string, body: Uint8Array): RemedyAnswer | undefined;
} | null {
  const index = state.current;
  if (!index) return null;
  return {
    remembered: (agentId, body) => {
      if (index.answers.size === 0) return undefined;
      const text = strictUtf8(body);
      return text === null ? undefined : index.answers.get(`${agentId}\u0000${text}`);
    },
    route: (agentId, key) => routeIn(index, agentId, key),
    knowledgeBytes: (agentId) => {
      const agent = index.agents.get(agentId);
      return agent ? (agent.knowledgeJson ?? null) : NO_KNOWLEDGE;
    },
  };
}

// Each remembered answer's JSON and its length in bytes, made the first time it is sent again: a
// repeated request is then answered without serialising. A string, not bytes, so that it goes out
// in one write with the headers (the answers of a replaced index go with it).
const answerJson = new WeakMap<RemedyAnswer, SerialisedAnswer>();

export interface SerialisedAnswer {
  text: string;
  byteLength: number;
}

/** `answer`'s JSON, made once per answer object. */
export function serialisedAnswer(answer: RemedyAnswer): SerialisedAnswer {
  let serialised = answerJson.get(answer);
  if (!serialised) {
    const text = JSON.stringify(answer);
    answerJson.set(answer, (serialised = { text, byteLength: Buffer.byteLength(text) }));
  }
  return serialised;
}

/** The agent's live rollout as ingestion counts its arms: which version is which arm, and the step. */
export async function liveRolloutFor(agentId: string): Promise<LiveRollout | null> {
  const index = await currentIndex();
  return index.agents.get(agentId)?.rollout ?? null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

const NO_KNOWLEDGE = Buffer.from(JSON.stringify({ serving_version: null, entries: [] }));

/** GET /api/v1/knowledge as bytes, made once per agent and index version. */
export async function knowledgeBytesFor(agentId: string): Promise<Buffer> {
  const index = await currentIndex();
  const agent = index.agents.get(agentId);
  if (!agent) return NO_KNOWLEDGE;
  agent.knowledgeJson ??= Buffer.from(JSON.stringify(await knowledgeFor(agentId)));
  return agent.knowledgeJson;
}

/** GET /api/v1/knowledge: the caller's knowledge that answers in production, most confident first. */
export async function knowledgeFor(agentId: string): Promise<{ serving_version: string | null; entries: KnowledgeItem[] }> {
  const index = await currentIndex();
  const agent = index.agents.get(agentId);
  if (!agent) return { serving_version: null, entries: [] };
  const entries = agent.entries
    .filter((entry) => entry.reach === "production")
    .sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id))
    .map((entry) => entry.item);
  return { serving_version: agent.model?.version ?? null, entries };
}


const round = (value: number) => Math.round(value * 1e4) / 1e4;
