import pino, { type Logger } from "pino";

const globalForLog = globalThis as unknown as { __remedyLogger?: Logger };

/** Structured JSON logs on standard output; one logger per process. */
export function logger(): Logger {
  globalForLog.__remedyLogger ??= pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: "remedy" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.key"], censor: "[redacted]" },
  });
  return globalForLog.__remedyLogger;
}
