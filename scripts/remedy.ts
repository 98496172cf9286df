/**
 * Remedy's admin command line, for scripting:
 *   npm run --silent remedy -- <command> [options]
 * Exit codes: 0 ok, 1 bad input (message on standard error), 2 failure.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { openAndMigrate, setProcessDatabase, targetFromConfig } from "@/lib/db/client";
import { DatabaseBusyError } from "@/lib/db/lock";
import { MigrationError } from "@/lib/db/migrator";
import { agentNameSchema, createAgentSchema, revokeKeySchema } from "@/lib/schemas/agents";
import { emailSchema, passwordSchema, roleSchema } from "@/lib/schemas/users";
import { systemContext } from "@/lib/server/actor";
import { createAgent, findAgentByName, issueApiKey, revokeApiKey } from "@/lib/server/agents";
import { UserError } from "@/lib/server/errors";
import { createAccessToken } from "@/lib/server/tokens";
import { CliRefused, ROLLOUT_USAGE, rolloutCli } from "./rollout-cli";
import { createUser, findUserForSession, resetUserPassword } from "@/lib/server/users";

const USAGE = `Usage: npm run --silent remedy -- <command> [options]

Commands:
  migrate                                      apply pending database migrations
  create-user --email E --role R [--password P] [--name N]
                                               R is ADMIN, OPERATOR, REVIEWER or MANAGER; without
                                               --password one is generated and printed
  create-agent --name N [--description D]      register an agent
  issue-key --agent N [--label L]              print a new API key for agent N (shown once)
  revoke-key --prefix rmd_xxxxxxxx             revoke an API key
  reset-password --email E                     print a new one-time password for E and end their
                                               sessions (recovers a lost first-admin password)
  issue-token --user E [--name N]              print a new personal access token for user E
                                               (shown once; carries the user's role) for /api/v1/ops
  rollout <start|promote|pause|resume|rollback|status> …
                                               drive rollouts over the ops API (REMEDY_TOKEN, --url);
                                               'rollout --help' for its options

Uses DATABASE_URL when set, else the embedded database in REMEDY_DATA_DIR (default ./data).`;

class BadInput extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new BadInput(`--${flag}: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

function required(values: Record<string, string | undefined>, flag: string): string {
  const value = values[flag];
  if (value === undefined || value === "") throw new BadInput(`--${flag} is required.\n\n${USAGE}`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    (command ? console.log : console.error)(USAGE);
    return command ? 0 : 1;
  }
  if (command === "rollout") {
    if (rest[0] === undefined || rest[0] === "--help") {
      console.log(ROLLOUT_USAGE);
      return rest[0] ? 0 : 1;
    }
    return rolloutCli(rest);
  }
  const known = ["migrate", "create-user", "create-agent", "issue-key", "revoke-key", "issue-token", "reset-password"];
  if (!known.includes(command)) throw new BadInput(`Unknown command "${command}".\n\n${USAGE}`);

  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        email: { type: "string" }, role: { type: "string" }, password: { type: "string" }, name: { type: "string" },
        description: { type: "string" }, agent: { type: "string" }, label: { type: "string" }, prefix: { type: "string" },
        user: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new BadInput(`${(error as Error).message}\n\n${USAGE}`);
  }

  // Validate everything before touching the database.
  const ctx = systemContext("cli");
  let run: () => Promise<void>;
  switch (command) {
    case "migrate":
      run = async () => {};
      break;
    case "create-user": {
      const email = parse(emailSchema, required(values, "email"), "email");
      const role = parse(roleSchema, required(values, "role").toUpperCase(), "role");
      const password = values.password === undefined ? undefined : parse(passwordSchema, values.password, "password");
      run = async () => {
        const created = await createUser(ctx, { email, role, password, name: values.name });
        console.log(created.generated ? `Created ${email} (${role}). Password: ${created.password}` : `Created ${email} (${role}).`);
      };
      break;
    }
    case "create-agent": {
      const input = parse(createAgentSchema, { name: required(values, "name"), description: values.description ?? "" }, "name");
      run = async () => {
        const agent = await createAgent(ctx, input);
        console.log(`Created agent ${agent.name}.`);
      };
      break;
    }
    case "issue-key": {
      const name = parse(agentNameSchema, required(values, "agent"), "agent");
      run = async () => {
        const agent = await findAgentByName(name);
        if (!agent) throw new BadInput(`No agent named ${name}. Create it first: create-agent --name ${name}`);
        const issued = await issueApiKey(ctx, { agentId: agent.id, label: values.label ?? "" });
        // The key alone on standard output, so `KEY=$(...)` works.
        process.stdout.write(`${issued.key}\n`);
      };
      break;
    }
    case "reset-password": {
      const email = parse(emailSchema, required(values, "email"), "email");
      run = async () => {
        const user = await findUserForSession(email);
        if (!user) throw new BadInput(`No user ${email}. List who exists on the Users page, or create one: create-user --email ${email} --role ADMIN`);
        const { temporaryPassword } = await resetUserPassword(ctx, user.id);
        console.log(`New password for ${email}: ${temporaryPassword}\n(shown once; every session of theirs ended; change it under Account after signing in)`);
      };
      break;
    }
    case "issue-token": {
      const email = parse(emailSchema, required(values, "user"), "user");
      const name = values.name ?? "cli";
      run = async () => {
        const user = await findUserForSession(email);
        if (!user) throw new BadInput(`No user ${email}. Create it first: create-user --email ${email} --role OPERATOR`);
        const { token } = await createAccessToken(ctx, { userId: user.id, name });
        // The token alone on standard output, so `TOKEN=$(...)` works.
        process.stdout.write(`${token}\n`);
      };
      break;
    }
    default: {
      const { prefix } = parse(revokeKeySchema, { prefix: required(values, "prefix") }, "prefix");
      run = async () => {
        await revokeApiKey(ctx, prefix);
        console.log(`Revoked ${prefix}.`);
      };
    }
  }

  const { database, migration } = await openAndMigrate(targetFromConfig("cli"));
  setProcessDatabase(database);
  try {
    if (command === "migrate") {
      console.log(migration.applied.length ? `Applied ${migration.applied.join(", ")}.` : `Up to date (${migration.latest ?? "no migrations"}).`);
    }
    await run();
  } finally {
    await database.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BadInput || error instanceof CliRefused) {
      console.error(error.message);
      process.exit(1);
    }
    if (error instanceof UserError && error.status < 500) {
      console.error(error.message);
      process.exit(1);
    }
    if (error instanceof DatabaseBusyError || error instanceof MigrationError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
