import type { Prisma, PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

export interface StoredSetting {
  key: string;
  value: unknown;
}

export function storedSettings(client: PrismaClient | Tx): Promise<StoredSetting[]> {
  return client.setting.findMany({ select: { key: true, value: true } });
}

export async function saveSetting(tx: Tx, key: string, value: unknown, updatedById: string | null): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await tx.setting.upsert({ where: { key }, create: { key, value: json, updatedById }, update: { value: json, updatedById } });
}
