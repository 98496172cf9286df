import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { findOrCreateSecret } from "@/lib/db/secrets";
import { loadConfig } from "@/lib/config";
import { processSingleton } from "@/lib/process-state";

/**
 * A secret generated on first use and kept in the database, so every replica
 * shares it without configuration.
 */
export async function instanceSecret(name: string): Promise<string> {
  return findOrCreateSecret(await db(), name, () => randomBytes(32).toString("base64url"));
}

/** REMEDY_SECRET when set, else the installation's own secret of that name; read once per process. */
function configuredSecret(name: "session" | "pseudonym"): Promise<string> {
  return processSingleton(`secret:${name}`, () => {
    const pinned = loadConfig().REMEDY_SECRET;
    const value = pinned ? Promise.resolve(pinned) : instanceSecret(name);
    return value;
  });
}

/** The key of the PII firewall's pseudonyms. */
export const pseudonymSecret = () => configuredSecret("pseudonym");

/** The key that signs sessions (next-auth's secret). */
export const sessionSecret = () => configuredSecret("session");
