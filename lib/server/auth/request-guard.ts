import type { IncomingMessage, ServerResponse } from "node:http";
import { loadConfig } from "@/lib/config";
import { securityHeaders } from "@/lib/server/security-headers";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";

/** next-auth's POST bodies (sign-in, sign-out) are a few hundred bytes; it reads them whole. */
const AUTH_BODY_LIMIT = 8 * 1024;

let settings: { trustedProxies: number; headers: Array<{ key: string; value: string }> } | undefined;
const guardSettings = () => (settings ??= { trustedProxies: loadConfig().REMEDY_TRUSTED_PROXIES, headers: securityHeaders() });

/**
 * What every request goes through before Next or the agents' fast path, in server.ts: the
 * security headers, the client's address for sign-in throttling, and two refusals Next would
 * get wrong. Returns true when it answered the request itself.
 *
 * - A sign-in body over 8 KiB gets 413 before it is read (next-auth reads it whole: a 50 MB
 *   password was), and one without a declared length 411, since its size is unknown until read.
 * - A server action posted from another origin gets 403. Next refuses it too, with the same
 *   rule (Origin's host against X-Forwarded-Host, else Host), but answers 500.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const { trustedProxies, headers } = guardSettings();
  for (const { key, value } of headers) res.setHeader(key, value);
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, trustedProxies);
  if (req.method !== "POST") return false;
  const path = (req.url ?? "/").split("?")[0];

  if (isServerAction(req, path) && !sameOrigin(req)) {
    return refuse(res, 403, "Refused: a server action from another origin.");
  }
  if (path.startsWith("/api/auth/")) {
    const declared = req.headers["content-length"];
    if (declared === undefined && req.headers["transfer-encoding"] !== undefined) {
      return refuse(res, 411, "Sign-in requests must declare their length.");
    }
    if (Number(declared ?? 0) > AUTH_BODY_LIMIT) return refuse(res, 413, `Sign-in requests can be at most ${AUTH_BODY_LIMIT} bytes.`);
  }
  return false;
}

/** Next's test for a request its action handler takes: the action header, or a multipart form posted to a page. */
function isServerAction(req: IncomingMessage, path: string): boolean {
  if (typeof req.headers["next-action"] === "string") return true;
  return !path.startsWith("/api/") && (req.headers["content-type"] ?? "").startsWith("multipart/form-data");
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  // No Origin: a hand-made request, which carries no one else's cookies; Next lets it through too.
  if (origin === undefined) return true;
  const forwarded = req.headers["x-forwarded-host"];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || req.headers.host;
  if (origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function refuse(res: ServerResponse, status: number, message: string): true {
  // The body was not read: closing the connection spares reading the rest of it.
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(message);
  return true;
}
