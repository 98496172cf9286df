import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { bearerToken } from "@/lib/domain/api-key";
import { errorReport, rejectionLabel } from "@/lib/schemas/interactions";
import { remedyRequestSchema, type RemedyAnswer } from "@/lib/schemas/knowledge";
import { authenticateApiKey, rememberedAgentOfKey, type AuthenticatedAgent } from "@/lib/server/agents";
import { databaseUnavailable, DATABASE_RETRY_AFTER_SECONDS, UserError } from "@/lib/server/errors";
import { noteDatabaseUnavailable } from "@/lib/server/health";
import { ingestInteractions, type IncomingBody, type IngestOutcome } from "@/lib/server/ingest";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { API_SECURITY_HEADERS } from "@/lib/server/security-headers";
import { answerRemedy, knowledgeBytesFor, readyAnswers, rememberedAnswer, routeFor, serialisedAnswer, type SerialisedAnswer } from "@/lib/server/remedy";

/**
 * The agents' hot path: POST /api/v1/interactions, POST /api/v1/remedy,
 * GET /api/v1/knowledge and GET /api/v1/route, answered by the server before
 * Next's router (measured in `npm run bench`): the same checks and answers as
 * every other Agent API route, without a framework in between, and a body
 * refused by size or rate limit is never read. `app/api/v1/...` serve the same
 * answers through Next when the custom server is not in front.
 */

export const REMEDY_MAX_BODY_BYTES = 64 * 1024;

export interface AgentApiResult {
  status: number;
  body: unknown;
  /** The body already serialised, when it was cached that way. */
  bytes?: Buffer;
  /** A remembered answer's JSON and its length, made once per answer. */
  serialised?: SerialisedAnswer;
  headers?: Record<string, string>;
  /** The request's body was left unread: the connection closes after the answer rather than reading it. */
  unread?: boolean;
}

const error = (status: number, message: string, extra: Record<string, unknown> = {}): AgentApiResult => ({ status, body: { error: message, ...extra } });

/** Authenticates the caller's key; null with the response when it cannot. */
export async function agentOf(authorization: string | null): Promise<{ agent: AuthenticatedAgent } | { failure: AgentApiResult }> {
  const token = bearerToken(authorization);
  if (!token) return { failure: error(401, "Missing API key: send it as 'Authorization: Bearer <key>'.") };
  try {
    return { agent: await authenticateApiKey(token) };
  } catch (caught) {
    if (caught instanceof UserError) return { failure: error(caught.status, caught.message) };
    throw caught;
  }
}

/** POST /api/v1/remedy with the body's bytes (already size-checked). */
export async function remedyResponse(agent: AuthenticatedAgent, body: Uint8Array): Promise<AgentApiResult> {
  if (body.byteLength === 0) return error(400, "The body is empty: send the failure context as JSON.");
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    const remembered = await rememberedAnswer(agent.agentId, text);
    if (remembered) {
      metrics().remedyAnswers.inc({ agent: agent.agentName, source: remembered.source });
      // The body for Next's route handler, its JSON made once for the custom server's `send`.
      return { status: 200, body: remembered, serialised: serialisedAnswer(remembered) };
    }
    parsed = JSON.parse(text);
  } catch (caught) {
    return error(400, `The body is not valid JSON: ${(caught as Error).message}`);
  }
  const request = remedyRequestSchema.safeParse(parsed);
  if (!request.success) {
    const errors = errorReport(undefined, "(body)");
    for (const issue of request.error.issues) {
      if (issue.code === "unrecognized_keys") for (const key of issue.keys) errors.add(key, "is not a field of a remedy request");
      else errors.add(issue.path.join(".") || "(body)", isMissing(parsed, issue.path) ? "is required" : issue.message);
    }
    return error(400, "The failure context is not valid; see errors.", { errors: errors.list() });
  }
  const answer: RemedyAnswer = await answerRemedy(agent.agentId, request.data, request.data.key, text);
  metrics().remedyAnswers.inc({ agent: agent.agentName, source: answer.source });
  return { status: 200, body: answer };
}

function isMissing(body: unknown, path: PropertyKey[]): boolean {
  return path.length === 1 && body !== null && typeof body === "object" && (body as Record<PropertyKey, unknown>)[path[0]] === undefined;
}

/**
 * POST /api/v1/interactions for an authenticated agent: ingestion reads the
 * body only when the agent's rate limit and the declared size allow it.
 */
export async function ingestResponse(agent: AuthenticatedAgent, body: IncomingBody, requestId: string): Promise<AgentApiResult> {
  const started = performance.now();
  const result = answerOf(agent, await ingestInteractions(agent, body, requestId));
  metrics().ingestDuration.observe({ status: String(result.status) }, (performance.now() - started) / 1000);
  return result;
}

function answerOf(agent: AuthenticatedAgent, result: IngestOutcome): AgentApiResult {
  const { ingestItems, interactions } = metrics();
  const agentName = agent.agentName;
  const unread = result.kind !== "stored" && result.unread === true;
  if (result.kind === "refused") {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: result.reason }, Math.max(1, result.received));
    return { ...error(result.status, result.message), unread };
  }
  if (result.kind === "rate_limited") {
    // A body refused unread counts as one.
    ingestItems.inc({ agent: agentName, result: "rejected", reason: "rate_limited" }, result.received ?? 1);
    const seconds = result.retryAfterSeconds;
    return { ...error(429, `Rate limit for this agent exceeded; retry in ${seconds} s.`), headers: { "retry-after": String(seconds) }, unread };
  }
  if (result.accepted) ingestItems.inc({ agent: agentName, result: "accepted", reason: "" }, result.accepted);
  if (result.accepted > result.failed) interactions.inc({ agent: agentName, outcome: "succeeded" }, result.accepted - result.failed);
  if (result.failed) interactions.inc({ agent: agentName, outcome: "failed" }, result.failed);
  if (result.duplicates) ingestItems.inc({ agent: agentName, result: "duplicate", reason: "" }, result.duplicates);
  for (const item of result.rejected) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: rejectionLabel(item.errors[0]?.field) });
  }
  const payload = { accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected };
  if (result.accepted === 0 && result.duplicates === 0) {
    return error(400, "No interaction in the request is valid; see rejected for why.", payload);
  }
  return { status: 202, body: payload };
}

/** The database cannot be reached or is shutting down: agents retry later rather than see a 500. */
export function databaseUnavailableResult(): AgentApiResult {
  return {
    ...error(503, `The database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s.`),
    headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
  };
}

export async function knowledgeResponse(agent: AuthenticatedAgent): Promise<AgentApiResult> {
  const bytes = await knowledgeBytesFor(agent.agentId);
  return { status: 200, body: null, bytes };
}

/** GET /api/v1/route?key=<sticky key>. */
export async function routeResponse(agent: AuthenticatedAgent, key: string | null): Promise<AgentApiResult> {
  return badRouteKey(key) ?? { status: 200, body: await routeFor(agent.agentId, key!) };
}

function badRouteKey(key: string | null): AgentApiResult | null {
  if (!key) return error(400, "Send the caller's sticky key: /api/v1/route?key=<user, session or account id>.");
  if (key.length > 200) return error(400, "key must be at most 200 characters.");
  return null;
}

/**
 * GET /route and /knowledge in their common case, a remembered key and a built index, answered
 * without a promise: in Node 20 every promise pays for the async hooks behind
 * AsyncLocalStorage, a third of what these answers cost. Null otherwise (the async path answers).
 */
function answerAtOnce(req: IncomingMessage, path: string, query: string): AgentApiResult | null {
  if (path !== "/api/v1/route" && path !== "/api/v1/knowledge") return null;
  if (req.method !== "GET") return null;
  const token = bearerToken(req.headers.authorization ?? null);
  const agent = token ? rememberedAgentOfKey(token) : null;
  const answers = agent ? readyAnswers() : null;
  if (!agent || !answers) return null;
  if (path === "/api/v1/knowledge") {
    const bytes = answers.knowledgeBytes(agent.agentId);
    return bytes ? { status: 200, body: null, bytes } : null;
  }
  const key = new URLSearchParams(query).get("key");
  return badRouteKey(key) ?? { status: 200, body: answers.route(agent.agentId, key!) };
}

const METHODS = new Map([
  ["/api/v1/interactions", "POST"],
  ["/api/v1/remedy", "POST"],
  ["/api/v1/knowledge", "GET"],
  ["/api/v1/route", "GET"],
]);

/** Answers the hot-path routes on the bare server; false for every other path. */
export function serveAgentFastPath(req: IncomingMessage, res: ServerResponse, requestId: string): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  const expected = METHODS.get(path);
  if (!expected) return false;
  const quick = answerAtOnce(req, path, query === -1 ? "" : url.slice(query + 1));
  if (quick) {
    send(res, quick, requestId);
    return true;
  }
  if (remedyAtOnce(req, res, path, requestId)) return true;
  handle(req, path, expected, query === -1 ? "" : url.slice(query + 1), requestId)
    .catch((caught: unknown) => failureResult(caught, requestId, path))
    .then((result) => {
      const pause = refusalPauseMs(result);
      if (pause > 0) setTimeout(() => send(res, result, requestId), pause);
      else send(res, result, requestId);
    });
  return true;
}

function failureResult(caught: unknown, requestId: string, path: string): AgentApiResult {
  if (caught instanceof ClientGone) return { ...error(400, caught.message), unread: true };
  if (databaseUnavailable(caught)) {
    noteDatabaseUnavailable(caught);
    logger().warn({ err: caught, requestId, path }, "agent API request failed: the database is unavailable");
    return { ...databaseUnavailableResult(), unread: true };
  }
  logger().error({ err: caught, requestId, path }, "agent API request failed");
  return { ...error(500, `Something went wrong on the server. Quote request id ${requestId} when reporting it.`), unread: true };
}

/**
 * POST /remedy for a remembered key with the index built: the body is read with callbacks and a
 * request asked before (the same text) is answered without a promise; anything else goes on to
 * `remedyResponse`. False when the key or the index is not ready (the async path answers).
 */
function remedyAtOnce(req: IncomingMessage, res: ServerResponse, path: string, requestId: string): boolean {
  if (path !== "/api/v1/remedy" || req.method !== "POST") return false;
  const token = bearerToken(req.headers.authorization ?? null);
  const agent = token ? rememberedAgentOfKey(token) : null;
  const answers = agent ? readyAnswers() : null;
  if (!agent || !answers) return false;
  readLimitedThen(req, REMEDY_MAX_BODY_BYTES, (body) => {
    if (body instanceof ClientGone) return send(res, failureResult(body, requestId, path), requestId);
    if (body === null) return send(res, { ...error(413, `The body is larger than ${REMEDY_MAX_BODY_BYTES / 1024} KiB: send only the failure context.`), unread: true }, requestId);
    const remembered = answers.remembered(agent.agentId, body);
    if (remembered) {
      metrics().remedyAnswers.inc({ agent: agent.agentName, source: remembered.source });
      return send(res, { status: 200, body: null, serialised: serialisedAnswer(remembered) }, requestId);
    }
    remedyResponse(agent, body)
      .catch((caught: unknown) => failureResult(caught, requestId, path))
      .then((result) => send(res, result, requestId));
  });
  return true;
}

/** The longest an agent over its rate limit waits for its 429. */
const MAX_REFUSAL_PAUSE_MS = 1_000;

/**
 * An agent over its rate limit is answered after a pause (up to a second, never
 * past its Retry-After): a client that retries at once, in a loop, on many
 * connections, then costs the server about a request a second per
 * connection, not as many as the server can refuse. Holding the connection
 * costs nothing while its body stays unread.
 */
function refusalPauseMs(result: AgentApiResult): number {
  if (result.status !== 429 || !result.unread) return 0;
  const retryAfter = Number(result.headers?.["retry-after"] ?? 0);
  return Math.min(MAX_REFUSAL_PAUSE_MS, retryAfter * 1000);
}

async function handle(req: IncomingMessage, path: string, expected: string, query: string, requestId: string): Promise<AgentApiResult> {
  if (req.method !== expected) return { ...error(405, `Use ${expected} for ${path}.`), headers: { allow: expected }, unread: true };
  const auth = await agentOf(req.headers.authorization ?? null);
  if ("failure" in auth) return { ...auth.failure, unread: true };
  if (path === "/api/v1/knowledge") return knowledgeResponse(auth.agent);
  if (path === "/api/v1/route") return routeResponse(auth.agent, new URLSearchParams(query).get("key"));
  if (path === "/api/v1/interactions") {
    return ingestResponse(auth.agent, {
      declaredBytes: declaredLength(req),
      async read(limit) {
        const body = await readLimited(req, limit);
        if (body === null) return { ok: false, status: 413, message: `The body is larger than ${limit / 1024 / 1024} MiB.` };
        if (body.byteLength === 0) return { ok: false, status: 400, message: "The body is empty: send JSON." };
        return { ok: true, bytes: body };
      },
    }, requestId);
  }
  const body = await readLimited(req, REMEDY_MAX_BODY_BYTES);
  if (!body) return { ...error(413, `The body is larger than ${REMEDY_MAX_BODY_BYTES / 1024} KiB: send only the failure context.`), unread: true };
  return remedyResponse(auth.agent, body);
}

/** The client went away before its body ended: nobody is left to answer. */
class ClientGone extends Error {
  constructor() {
    super("The request ended before its body did.");
  }
}

function declaredLength(req: IncomingMessage): number | null {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  return Number.isFinite(declared) ? declared : null;
}

/**
 * The body, or null as soon as it is (or is declared) larger than `limit`:
 * the rest is left unread, and the answer closes the connection.
 */
function readLimited(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    readLimitedThen(req, limit, (body) => (body instanceof ClientGone ? reject(body) : resolve(body)));
  });
}

/** `readLimited` with a callback: the hot path reads a body without a promise. */
function readLimitedThen(req: IncomingMessage, limit: number, done: (body: Uint8Array | null | ClientGone) => void): void {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) return done(null);
  const chunks: Buffer[] = [];
  let size = 0;
  const settle = (body: Uint8Array | null | ClientGone) => {
    // The error listener stays: a client that goes away later must not become an unhandled error.
    req.off("data", onData).off("end", onEnd).off("close", onClose);
    done(body);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size <= limit) chunks.push(chunk);
    else settle(null);
  };
  const onEnd = () => settle(Buffer.concat(chunks, size));
  const onClose = () => settle(new ClientGone());
  req.on("data", onData).on("end", onEnd).on("close", onClose).on("error", onClose);
}

/**
 * Writes the answer with every header in one `writeHead` list (the request id, the API's
 * security headers), so that nothing is set one by one on the hot path.
 */
function send(res: ServerResponse, result: AgentApiResult, requestId: string) {
  if (res.destroyed || !res.socket || res.socket.destroyed) return;
  // A string goes out with the headers in one write; bytes are sent as they were cached.
  const payload = result.bytes ?? result.serialised?.text ?? JSON.stringify(result.body);
  const length = result.serialised?.byteLength ?? (typeof payload === "string" ? Buffer.byteLength(payload) : payload.byteLength);
  const headers = [
    "content-type", "application/json",
    "content-length", String(length),
    "cache-control", "no-store",
    "x-request-id", requestId,
    ...API_SECURITY_HEADERS,
  ];
  if (result.unread) headers.push("connection", "close");
  if (result.headers) for (const [name, value] of Object.entries(result.headers)) headers.push(name, value);
  res.writeHead(result.status, headers);
  if (result.unread && !res.req.complete) lingerBeforeClosing(res.req, res.socket);
  res.end(payload);
}

/** How long, and how much of a body left unread, the server goes on reading (and dropping) after it answered and closed its side. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 4 * 1024 * 1024;

/**
 * A connection closed with part of the body still unread is reset, and a reset makes the
 * client's system drop an answer it has received but not yet read: a client still sending
 * sees a broken pipe instead of its 413 or 429. So after such an answer the server closes
 * its side only and drops what still arrives, for up to LINGER_MS and LINGER_BYTES (what
 * HTTP servers call a lingering close), then closes the connection whatever is left.
 */
function lingerBeforeClosing(request: IncomingMessage, socket: Socket): void {
  // Node's server calls destroySoon on a connection whose answer said `connection: close`.
  socket.destroySoon = () => {
    socket.end();
    let drained = 0;
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
    request.on("data", (chunk: Buffer) => {
      drained += chunk.byteLength;
      if (drained > LINGER_BYTES) close();
    });
    request.on("end", close);
    request.resume();
  };
}
