import { loadConfig, type Config } from "@/lib/config";
import { openAndMigrate, setProcessDatabase, targetFromConfig, type Database } from "@/lib/db/client";
import type { MigrationResult } from "@/lib/db/migrator";
import { pseudonymSecret, sessionSecret } from "@/lib/server/secrets";
import { ensureFirstAdmin } from "@/lib/server/users";

export interface Started {
  config: Config;
  database: Database;
  migration: MigrationResult;
  firstAdmin: { email: string; generatedPassword: string | null } | null;
}

/** Everything that must hold before the first request: database, schema, secrets, an admin. */
export async function startUp(owner: string): Promise<Started> {
  const config = loadConfig();
  const { database, migration } = await openAndMigrate(targetFromConfig(owner));
  setProcessDatabase(database);
  // Both secrets exist before the first request, so no request races to create them.
  await Promise.all([sessionSecret(), pseudonymSecret()]);
  // next-auth reads its public URL only from the environment.
  process.env.NEXTAUTH_URL ??= config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  const firstAdmin = await ensureFirstAdmin(config.REMEDY_ADMIN_EMAIL, config.REMEDY_ADMIN_PASSWORD);
  return { config, database, migration, firstAdmin };
}
