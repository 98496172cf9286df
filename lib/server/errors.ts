/** Errors a use-case raises for the caller to see; wrappers map them to statuses. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 = 400,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new UserError(`${what} was not found.`, 404);
export const conflict = (message: string) => new UserError(message, 409);
export const forbidden = (message = "Your role does not allow this.") => new UserError(message, 403);
export const invalid = (message: string, fieldErrors: Record<string, string> = {}) =>
  new UserError(message, 422, fieldErrors);

/** How long an agent is told to wait when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs of a database that is gone, going, full or (after a failover)
 * read-only, rather than of a bad query.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53[1-3]00|58030|25006)$/;
/** Socket errors of a server that cannot be reached or dropped the connection. */
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENOSPC"]);
/** Prisma's codes for the same: cannot reach, timed out, connection closed, pool exhausted, too many connections. */
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** What the driver adapters call the same. */
const UNAVAILABLE_ADAPTER = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres and its pool say some of it only in words. */
const UNAVAILABLE_MESSAGE = /Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|not queryable|database system is (shutting down|starting up|in recovery)|No space left on device|PGlite is clos(ed|ing)/i;

/**
 * Whether an error means the database is unavailable (down, restarting,
 * unreachable, out of connections or disk) rather than that a query or its
 * input was wrong: callers answer 503 with Retry-After instead of 500. Looks
 * through Prisma's and the driver adapters' wrappers (`cause`, `meta`) and
 * the several attempts of one connection (`errors`).
 */
export function databaseUnavailable(error: unknown): boolean {
  return anyLayer(error, (fields) => {
    for (const code of [fields.code, fields.originalCode]) {
      if (typeof code !== "string") continue;
      if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_PRISMA.has(code)) return true;
    }
    if (typeof fields.kind === "string" && UNAVAILABLE_ADAPTER.has(fields.kind)) return true;
    return typeof fields.message === "string" && UNAVAILABLE_MESSAGE.test(fields.message);
  });
}

/** Whether an error says the database's disk is full (SQLSTATE 53100, or the file system's ENOSPC), looking through wrappers like `databaseUnavailable`. */
export function diskFull(error: unknown): boolean {
  return anyLayer(error, (fields) =>
    fields.code === "53100" || fields.originalCode === "53100" || fields.code === "ENOSPC" ||
    (typeof fields.message === "string" && /No space left on device|could not extend file/i.test(fields.message)));
}

interface ErrorLayer {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Whether `test` holds for an error or any error it wraps (`cause`, Prisma's `meta.driverAdapterError`, a connection's several `errors`). */
function anyLayer(error: unknown, test: (fields: ErrorLayer) => boolean): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const fields = current as ErrorLayer;
    if (test(fields)) return true;
    pending.push(fields.cause, fields.meta?.driverAdapterError, ...(Array.isArray(fields.errors) ? fields.errors : []));
  }
  return false;
}
