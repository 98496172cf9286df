import pino, { type Logger } from "pino";
import { loadConfig } from "@/lib/config";
import { processSingleton } from "@/lib/process-state";

/** Structured JSON logs on standard output; one logger per process. */
export function logger(): Logger {
  return processSingleton("logger", () => pino({
    level: loadConfig().LOG_LEVEL,
    base: { service: "remedy" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.key"], censor: "[redacted]" },
  }));
}
