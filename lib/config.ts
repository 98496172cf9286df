import path from "node:path";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How long opening a PostgreSQL connection may take before the request gets a 503 (a host that drops packets would otherwise hang it). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  REMEDY_DATA_DIR: z.string().default("./data"),
  /** Threads that parse, validate and redact ingested batches; 0 does it on the main thread. Default: one per spare core, at most 4. */
  REMEDY_INGEST_WORKERS: z.coerce.number().int().min(0).max(32).optional(),
  /** `off`: this process runs no background jobs (another instance does). */
  REMEDY_JOBS: z.enum(["on", "off"], { error: "REMEDY_JOBS must be on or off" }).default("on"),
  /** How often an idle job runner looks for due jobs; a job enqueued in the same process starts at once. */
  REMEDY_JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Jobs one process runs at the same time. */
  REMEDY_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  REMEDY_ADMIN_EMAIL: z.email().default("admin@remedy.local"),
  REMEDY_ADMIN_PASSWORD: optionalText,
  REMEDY_SECRET: optionalText,
  REMEDY_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /**
   * Reverse proxies in front of Remedy that append to X-Forwarded-For: sign-in throttling per
   * client address reads the address from there. 0 (default) uses the connection's address.
   */
  REMEDY_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  NEXTAUTH_URL: optionalText,
  OIDC_ISSUER: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_NAME: z.string().default("Single sign-on"),
  /** When set, GET /api/metrics requires it as a bearer token. */
  REMEDY_METRICS_TOKEN: optionalText,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

/** Reads the environment each call, so tests and the CLI can set it first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.REMEDY_DATA_DIR) };
}

export function oidcEnabled(config: Config): boolean {
  return Boolean(config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET);
}
