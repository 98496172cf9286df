import type { ThrottleState } from "@/lib/domain/sign-in-throttle";
import type { Prisma, PrismaClient } from "./generated/client";
import { join, sql } from "./sql";

type Tx = Prisma.TransactionClient;

interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

const toState = (row: ThrottleRow): ThrottleState => ({ failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until });

/** Throttle states without locking, for a quick look. Keys with no row are absent. */
export async function readThrottles(client: PrismaClient | Tx, keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await client.signInThrottle.findMany({ where: { key: { in: keys } } });
  return new Map(rows.map((row) => [row.key, { failures: row.failures, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil }]));
}

/**
 * Locks the keys' rows until the transaction ends, creating the missing ones first (with no
 * failures), so that concurrent attempts on one account or address, in any process, count one
 * after the other. Rows are locked in key order: two transactions never wait on each other crosswise.
 */
export async function lockThrottles(tx: Tx, keys: string[], now: Date): Promise<Map<string, ThrottleState>> {
  const sorted = [...new Set(keys)].sort();
  await tx.$executeRaw(sql`
    INSERT INTO sign_in_throttles (key, failures, last_failure_at)
    SELECT key, 0, ${now} FROM unnest(${sorted}::text[]) AS key
    ON CONFLICT (key) DO NOTHING`);
  const rows = await tx.$queryRaw<ThrottleRow[]>(sql`
    SELECT key, failures, last_failure_at, locked_until FROM sign_in_throttles
    WHERE key IN (${join(sorted)}) ORDER BY key FOR UPDATE`);
  return new Map(rows.map((row) => [row.key, toState(row)]));
}

export async function saveThrottle(tx: Tx, key: string, state: ThrottleState): Promise<void> {
  await tx.signInThrottle.update({ where: { key }, data: { failures: state.failures, lastFailureAt: state.lastFailureAt, lockedUntil: state.lockedUntil } });
}

export async function deleteThrottle(tx: Tx, key: string): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key } });
}

/** Rows with nothing left to remember: no lockout in force and the last failure before `forgottenBefore`. */
export async function deleteStaleThrottles(tx: Tx, forgottenBefore: Date, now: Date): Promise<void> {
  await tx.signInThrottle.deleteMany({
    where: { lastFailureAt: { lt: forgottenBefore }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
  });
}
