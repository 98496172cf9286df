import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { bearerToken } from "@/lib/domain/api-key";
import { can, type Permission } from "@/lib/domain/roles";
import type { RequestContext } from "../actor";
import { authenticateApiKey, type AuthenticatedAgent } from "@/lib/server/agents";
import { currentUser, type SessionUser } from "../auth/guard";
import { authenticateAccessToken } from "../tokens";
import { databaseUnavailable, DATABASE_RETRY_AFTER_SECONDS, UserError } from "../errors";
import { noteDatabaseUnavailable } from "../health";
import { logger } from "../logger";

type Access =
  | { kind: "public" }
  | { kind: "agent" }
  | { kind: "user"; permission?: Permission }
  /** /api/v1/ops: a person's access token, with their role and audit trail. */
  | { kind: "token"; permission: Permission };

export interface RouteContext<Params> {
  request: NextRequest;
  params: Params;
  ctx: RequestContext;
  requestId: string;
  agent?: AuthenticatedAgent;
  user?: SessionUser;
}

export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return NextResponse.json({ error: message, ...extra }, { status, headers });
}

/**
 * The one wrapper of every route handler: authenticates (agent key or
 * session), checks the permission, runs the handler, and maps errors to
 * statuses with messages that say what to do: a database that cannot be
 * reached is a 503 with Retry-After, not a 500. Agent keys never reach
 * console routes and sessions never reach agent routes.
 */
export function route<Params = Record<string, never>>(
  access: Access,
  handler: (context: RouteContext<Params>) => Promise<Response>,
) {
  return async (request: NextRequest, segment: { params: Promise<Params> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      const params = (await segment?.params) ?? ({} as Params);
      if (access.kind === "agent") {
        const token = bearerToken(request.headers.get("authorization"));
        if (!token) return jsonError(401, "Missing API key: send it as 'Authorization: Bearer <key>'.");
        const agent = await authenticateApiKey(token);
        const ctx: RequestContext = { actor: { type: "AGENT", id: agent.agentId, name: agent.agentName }, requestId };
        return await handler({ request, params, ctx, requestId, agent });
      }
      if (access.kind === "token") {
        const token = bearerToken(request.headers.get("authorization"));
        if (!token) return jsonError(401, "Missing access token: send it as 'Authorization: Bearer <token>'. Create one on the Account page.");
        const person = await authenticateAccessToken(token);
        if (!can(person.role, access.permission)) return jsonError(403, `Your role (${person.role.toLowerCase()}) does not allow this.`);
        const ctx: RequestContext = { actor: { type: "USER", id: person.id, email: person.email, role: person.role }, requestId };
        return await handler({ request, params, ctx, requestId });
      }
      if (access.kind === "user") {
        const user = await currentUser();
        if (!user) return jsonError(401, "Sign in first.");
        if (access.permission && !can(user.role, access.permission)) {
          return jsonError(403, `Your role (${user.role.toLowerCase()}) does not allow this.`);
        }
        const ctx: RequestContext = { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId };
        return await handler({ request, params, ctx, requestId, user });
      }
      return await handler({ request, params, ctx: { actor: { type: "SYSTEM", label: "public" }, requestId }, requestId });
    } catch (error) {
      if (error instanceof UserError) {
        const fields = Object.keys(error.fieldErrors).length > 0 ? { fields: error.fieldErrors } : {};
        return jsonError(error.status, error.message, fields);
      }
      if (databaseUnavailable(error)) {
        noteDatabaseUnavailable(error);
        logger().warn({ err: error, requestId, path: request.nextUrl.pathname }, "route handler failed: the database is unavailable");
        const seconds = DATABASE_RETRY_AFTER_SECONDS;
        return jsonError(503, `The database is unavailable; retry in ${seconds} s.`, {}, { "Retry-After": String(seconds) });
      }
      logger().error({ err: error, requestId, path: request.nextUrl.pathname }, "route handler failed");
      return jsonError(500, `Something went wrong on the server. Quote request id ${requestId} when reporting it.`);
    }
  };
}
