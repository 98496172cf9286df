import { take, type Bucket } from "@/lib/domain/token-bucket";
import { processSingleton } from "@/lib/process-state";

const buckets = () => processSingleton("ingest:rate-limit", () => new Map<string, Bucket>());

/** Per-key token buckets in this process (each replica limits its own share). */
export function consume(key: string, cost: number, rate: number, burst: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const result = take(buckets().get(key), cost, Date.now(), rate, burst);
  buckets().set(key, result.bucket);
  return result.ok ? { ok: true } : { ok: false, retryAfterSeconds: result.retryAfterSeconds };
}

/**
 * Whether a key has no token left at all: checked before a body is parsed,
 * so an agent over its limit costs no parsing or PII work. Takes nothing.
 */
export function exhausted(key: string, rate: number, burst: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const result = take(buckets().get(key), 1, Date.now(), rate, burst);
  return result.ok ? { ok: true } : { ok: false, retryAfterSeconds: result.retryAfterSeconds };
}
