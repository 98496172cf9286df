import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

/**
 * A secret generated on first use and kept in the database, so every replica
 * shares it without configuration. An environment value, when given, wins.
 */
export async function instanceSecret(name: string): Promise<string> {
  const prisma = await db();
  const existing = await prisma.instanceSecret.findUnique({ where: { name } });
  if (existing) return existing.value;
  const value = randomBytes(32).toString("base64url");
  // Two replicas racing here both read the winner's value afterwards.
  await prisma.instanceSecret.createMany({ data: [{ name, value }], skipDuplicates: true });
  const stored = await prisma.instanceSecret.findUniqueOrThrow({ where: { name } });
  return stored.value;
}

const globalForSecrets = globalThis as unknown as { __remedyPseudonymSecret?: Promise<string> };

/** The key of the PII firewall's pseudonyms: REMEDY_SECRET when set, else the installation's own. */
export function pseudonymSecret(): Promise<string> {
  const fromEnv = process.env.REMEDY_PSEUDONYM_SECRET;
  if (fromEnv) return Promise.resolve(fromEnv);
  globalForSecrets.__remedyPseudonymSecret ??= instanceSecret("pseudonym");
  return globalForSecrets.__remedyPseudonymSecret;
}
