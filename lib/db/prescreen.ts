import type { Prisma, PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

export interface PrescreenModelRow {
  /** The trained model as stored; lib/server/samples parses it. */
  model: unknown;
  decisions: number;
  holdOut: number;
  accuracy: number | null;
  trainedAt: Date;
}

const columns = { model: true, decisions: true, holdOut: true, accuracy: true, trainedAt: true } as const;

export function latestPrescreenModel(client: PrismaClient | Tx): Promise<PrescreenModelRow | null> {
  return client.prescreenModel.findFirst({ orderBy: { trainedAt: "desc" }, select: columns });
}

export async function insertPrescreenModel(tx: Tx, row: { decisions: number; holdOut: number; accuracy: number | null; model: unknown }): Promise<void> {
  await tx.prescreenModel.create({ data: { ...row, model: row.model as Prisma.InputJsonValue } });
}
