import type { IncomingMessage } from "node:http";

/**
 * The request header that carries the client's address from the request guard to the sign-in
 * throttle. The guard sets it on every request, replacing whatever the client sent.
 */
export const CLIENT_ADDRESS_HEADER = "x-remedy-client-address";

/**
 * The address of whoever sent the request. Behind `trustedProxies` reverse proxies, each of
 * which appends the address it received from to X-Forwarded-For, the client is the entry that
 * many places from the end; entries before it are whatever the client claimed and are ignored.
 */
export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? "unknown";
  if (trustedProxies <= 0) return socket;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((entry) => entry.trim()).filter(Boolean);
  return hops.at(-trustedProxies) ?? socket;
}
