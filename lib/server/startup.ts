import { loadConfig, type Config } from "@/lib/config";
import { openAndMigrate, setProcessDatabase, targetFromConfig, type Database } from "@/lib/db/client";
import type { MigrationResult } from "@/lib/db/migrator";
import { pseudonymSecret, sessionSecret } from "@/lib/server/secrets";
import { ensureFirstAdmin, WeakAdminPasswordError } from "@/lib/server/users";

export interface Started {
  config: Config;
  database: Database;
  migration: MigrationResult;
  /** The first admin created from REMEDY_ADMIN_PASSWORD, if this start created it. */
  firstAdmin: FirstAdmin | null;
  /** Creates the first admin with a generated password when there is no user and no REMEDY_ADMIN_PASSWORD; call once serving. */
  createGeneratedAdmin(): Promise<FirstAdmin | null>;
}

export type FirstAdmin = { email: string; generatedPassword: string | null };

/** Everything that must hold before the first request: database, schema, secrets, an admin. */
export async function startUp(owner: string): Promise<Started> {
  const config = loadConfig();
  const { database, migration } = await openAndMigrate(targetFromConfig(owner));
  setProcessDatabase(database);
  // Both secrets exist before the first request, so no request races to create them.
  await Promise.all([sessionSecret(), pseudonymSecret()]);
  // next-auth reads its public URL only from the environment.
  process.env.NEXTAUTH_URL ??= config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  // A password from the environment is known to the operator: its admin is created now, so a weak one stops the start.
  // A generated one is printed once, so its admin waits until the server is serving (`createGeneratedAdmin`):
  // a start that fails later (a busy port, no build) must not create an account nobody can sign in to.
  const adminPassword = config.REMEDY_ADMIN_PASSWORD;
  const firstAdmin = adminPassword === undefined ? null : await ensureFirstAdmin(config.REMEDY_ADMIN_EMAIL, adminPassword).catch(async (error: unknown) => {
    // The operator reads this line, not a stack: say what to change.
    if (error instanceof WeakAdminPasswordError) {
      console.error(`Remedy cannot start: ${error.message}`);
      await database.close();
    }
    throw error;
  });
  const createGeneratedAdmin = () => (adminPassword === undefined ? ensureFirstAdmin(config.REMEDY_ADMIN_EMAIL, undefined) : Promise.resolve(null));
  return { config, database, migration, firstAdmin, createGeneratedAdmin };
}
