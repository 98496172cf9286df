import type { PrismaClient } from "./generated/client";

/** The stored secret by name, creating it with `generated` when absent; two replicas racing both read the winner's. */
export async function findOrCreateSecret(prisma: PrismaClient, name: string, generated: () => string): Promise<string> {
  const existing = await prisma.instanceSecret.findUnique({ where: { name }, select: { value: true } });
  if (existing) return existing.value;
  await prisma.instanceSecret.createMany({ data: [{ name, value: generated() }], skipDuplicates: true });
  const stored = await prisma.instanceSecret.findUniqueOrThrow({ where: { name }, select: { value: true } });
  return stored.value;
}
