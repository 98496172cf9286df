import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerToken } from "@/lib/domain/api-key";
import { remedyRequestSchema, type RemedyAnswer } from "@/lib/schemas/knowledge";
import { authenticateApiKey, type AuthenticatedAgent } from "@/lib/server/agents";
import { UserError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { answerRemedy, knowledgeBytesFor, rememberedAnswer, routeFor } from "@/lib/server/remedy";

/**
 * POST /api/v1/remedy, GET /api/v1/knowledge and GET /api/v1/route, the agents' hot path,
 * answered by the server before Next's router (measured in `npm run bench`):
 * the same checks and answers as every other Agent API route, without a
 * framework in between. `app/api/v1/{remedy,knowledge,route}` serve the same
 * answers through Next when the custom server is not in front (next dev).
 */

export const REMEDY_MAX_BODY_BYTES = 64 * 1024;

export interface AgentApiResult {
  status: number;
  body: unknown;
  /** The body already serialised, when it was cached that way. */
  bytes?: Buffer;
  headers?: Record<string, string>;
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
      return { status: 200, body: remembered };
    }
    parsed = JSON.parse(text);
  } catch (caught) {
    return error(400, `The body is not valid JSON: ${(caught as Error).message}`);
  }
  const request = remedyRequestSchema.safeParse(parsed);
  if (!request.success) {
    const errors = request.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ field: key, message: "is not a field of a remedy request" }))
        : [{ field: issue.path.join(".") || "(body)", message: isMissing(parsed, issue.path) ? "is required" : issue.message }],
    );
    return error(400, "The failure context is not valid; see errors.", { errors });
  }
  const answer: RemedyAnswer = await answerRemedy(agent.agentId, request.data, request.data.key, text);
  metrics().remedyAnswers.inc({ agent: agent.agentName, source: answer.source });
  return { status: 200, body: answer };
}

function isMissing(body: unknown, path: PropertyKey[]): boolean {
  return path.length === 1 && body !== null && typeof body === "object" && (body as Record<PropertyKey, unknown>)[path[0]] === undefined;
}

export async function knowledgeResponse(agent: AuthenticatedAgent): Promise<AgentApiResult> {
  const bytes = await knowledgeBytesFor(agent.agentId);
  return { status: 200, body: null, bytes };
}

/** GET /api/v1/route?key=<sticky key>. */
export async function routeResponse(agent: AuthenticatedAgent, key: string | null): Promise<AgentApiResult> {
  if (!key) return error(400, "Send the caller's sticky key: /api/v1/route?key=<user, session or account id>.");
  if (key.length > 200) return error(400, "key must be at most 200 characters.");
  return { status: 200, body: await routeFor(agent.agentId, key) };
}

const PATHS = new Set(["/api/v1/remedy", "/api/v1/knowledge", "/api/v1/route"]);

/** Answers the hot-path routes on the bare server; false for every other path. */
export function serveAgentFastPath(req: IncomingMessage, res: ServerResponse, requestId: string): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  if (!PATHS.has(path)) return false;
  handle(req, path, query === -1 ? "" : url.slice(query + 1))
    .catch((caught: unknown): AgentApiResult => {
      logger().error({ err: caught, requestId, path }, "agent API request failed");
      return error(500, `Something went wrong on the server. Quote request id ${requestId} when reporting it.`);
    })
    .then((result) => send(res, result));
  return true;
}

async function handle(req: IncomingMessage, path: string, query: string): Promise<AgentApiResult> {
  const expected = path === "/api/v1/remedy" ? "POST" : "GET";
  if (req.method !== expected) {
    req.resume();
    return { ...error(405, `Use ${expected} for ${path}.`), headers: { allow: expected } };
  }
  const auth = await agentOf(req.headers.authorization ?? null);
  if ("failure" in auth) {
    req.resume();
    return auth.failure;
  }
  if (path === "/api/v1/knowledge") return knowledgeResponse(auth.agent);
  if (path === "/api/v1/route") return routeResponse(auth.agent, new URLSearchParams(query).get("key"));
  const body = await readLimited(req, REMEDY_MAX_BODY_BYTES);
  if (!body) return error(413, `The body is larger than ${REMEDY_MAX_BODY_BYTES / 1024} KiB: send only the failure context.`);
  return remedyResponse(auth.agent, body);
}

function readLimited(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, result: AgentApiResult) {
  const payload = result.bytes ?? Buffer.from(JSON.stringify(result.body));
  res.writeHead(result.status, {
    "content-type": "application/json",
    "content-length": payload.byteLength,
    "cache-control": "no-store",
    ...result.headers,
  });
  res.end(payload);
}
