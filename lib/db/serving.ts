import type { Prisma, PrismaClient } from "./generated/client";
import { prismaQueryable, sql, type Queryable } from "./sql";

type Client = PrismaClient | Prisma.TransactionClient;

/** What agents are served: knowledge entries and serving model versions. */
export const SERVING_KNOWLEDGE = "remedy";

/** Counts a change inside the transaction that made it, so every process sees it once it commits. */
export async function bumpServingVersion(tx: Prisma.TransactionClient, name = SERVING_KNOWLEDGE): Promise<void> {
  await bumpServingVersionOn(prismaQueryable(tx), name);
}

/** The same on ingestion's driver transaction. */
export async function bumpServingVersionOn(conn: Queryable, name = SERVING_KNOWLEDGE): Promise<void> {
  await conn.query(sql`
    INSERT INTO serving_state (name, version) VALUES (${name}, 1)
    ON CONFLICT (name) DO UPDATE SET version = serving_state.version + 1`);
}

export async function servingVersion(client: Client, name = SERVING_KNOWLEDGE): Promise<bigint> {
  return servingVersionOn(prismaQueryable(client), name);
}

/** The same on a driver connection: the poll every process runs, without Prisma's query pipeline. */
export async function servingVersionOn(conn: Queryable, name = SERVING_KNOWLEDGE): Promise<bigint> {
  const [row] = await conn.query<{ version: bigint | string }>(sql`SELECT version FROM serving_state WHERE name = ${name}`);
  return row ? BigInt(row.version) : 0n;
}

/** A row of serving_state that nothing serves from: /api/health writes it to learn whether writes still commit. */
const WRITE_PROBE = "health.write-probe";

/** Commits one small write on its own row, the way every write must commit. */
export async function probeWrite(conn: Queryable): Promise<void> {
  await bumpServingVersionOn(conn, WRITE_PROBE);
}
