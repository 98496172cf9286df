import { charge as chargeBucket, take, type Bucket } from "@/lib/domain/token-bucket";
import { processSingleton } from "@/lib/process-state";

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets per agent in this process (each replica limits its own
 * share). Per agent, not per key: an agent given more keys gets no more.
 */
const buckets = () => processSingleton("ingest:rate-limit", () => new Map<string, Bucket>());

/** Takes `cost` tokens when the agent has them; otherwise takes nothing and says how long to wait. */
export function consume(agentId: string, cost: number, rate: number, burst: number): Verdict {
  if (cost <= 0) return { ok: true };
  const result = take(buckets().get(agentId), cost, Date.now(), rate, burst);
  buckets().set(agentId, result.bucket);
  return result.ok ? { ok: true } : { ok: false, retryAfterSeconds: result.retryAfterSeconds };
}

/** Charges work already done (a body read, refused or not), even into debt. */
export function charge(agentId: string, cost: number, rate: number, burst: number): void {
  if (cost > 0) buckets().set(agentId, chargeBucket(buckets().get(agentId), cost, Date.now(), rate, burst));
}

/**
 * Whether the agent has a token left at all: checked before a body is read,
 * so an agent over its limit costs no reading, parsing or PII work. Takes nothing.
 */
export function admit(agentId: string, rate: number, burst: number): Verdict {
  const result = take(buckets().get(agentId), 1, Date.now(), rate, burst);
  return result.ok ? { ok: true } : { ok: false, retryAfterSeconds: result.retryAfterSeconds };
}
