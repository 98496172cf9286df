/**
 * Load for the system tests and the ingest benchmark: realistic, seeded agent interactions
 * (English and Chinese intents, JSON API responses, some failures, some PII in text and in
 * JSON) and a client that posts them to a running Remedy. No vitest imports.
 */

/** A small seeded PRNG (mulberry32), so a run is reproducible. */
export function seededRandom(seed: number) {
  let state = seed | 0;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
  return { random, int, pick, hex };
}

const INTENTS = [
  "Where is my order ORD-2026-{n}? It was supposed to arrive last week.",
  "I was charged twice for invoice INV-{n}, please refund the difference.",
  "Cancel my subscription and stop billing the card ending in {last4}.",
  "Why did the export job fail with HTTP 503 after 3 retries?",
  "查询账户余额",
  "我的订单{n}还没有发货，请帮我查一下物流。",
  "帮我取消明天下午3点的预约，工单号{n}。",
];
const PII_SNIPPETS = [
  " You can reach me at {email} or {phone}.",
  " My card is {card}, expiry 09/28.",
  " 我的手机是{cnphone}，邮箱{email}。",
  " Please email the receipt to {email}.",
];
const ACTIONS = [
  "GET /api/v1/orders/{n}",
  "POST /api/v1/refunds {\"invoice\": \"INV-{n}\"}",
  "调用外部 API /api/v1/accounts/{n}/balance",
  "crm.update(customer={n}, field=\"address\")",
];
const FAILURES = [
  { category: "rate_limit", response: () => ({ error: "429 Rate Limit Exceeded", retry_after: 30 }) },
  { category: "timeout", response: () => ({ error: "upstream timed out after 30000 ms" }) },
  { category: "not_found", response: () => ({ status: 404, message: "order not found" }) },
  { category: "validation", response: () => ({ error: { message: "field 'amount' must be positive" } }) },
];
const CORRECTIONS = [
  "Serve the cached balance and tell the user when fresh data is available.",
  "Back off for the time in retry_after, then retry once before escalating.",
  "Ask the user to confirm the order number before looking it up again.",
  "Escalate to a human agent and email the summary to {email}.",
];
const CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009"];
const NAMES = ["alice", "bob", "maria", "wei", "priya", "lucas"];

export interface InteractionOptions {
  /** Share of interactions with an error_category (a failure). */
  failureRate?: number;
  /** Share of interactions with personal data in free text and in JSON. */
  piiRate?: number;
  /** Spread timestamps over this many past UTC days (rollups get several rows). */
  days?: number;
  /** Share of failures that carry a correction (these become review samples). */
  correctionRate?: number;
}

export type Interaction = Record<string, unknown> & { interaction_id: string };

/** A generator of valid interactions with ids `${prefix}-${n}`. */
export function interactionFactory(prefix: string, seed: number, options: InteractionOptions = {}) {
  const { random, int, pick, hex } = seededRandom(seed);
  const failureRate = options.failureRate ?? 0.3;
  const piiRate = options.piiRate ?? 0.2;
  const days = options.days ?? 3;
  const correctionRate = options.correctionRate ?? 0.3;
  const now = Date.now();
  const fill = (template: string) =>
    template
      .replaceAll("{n}", () => String(int(100000, 999999)))
      .replaceAll("{last4}", () => String(int(1000, 9999)))
      .replaceAll("{email}", () => `${pick(NAMES)}.${int(1, 99)}@example.com`)
      .replaceAll("{phone}", () => `+1 415 555 ${int(1000, 9999)}`)
      .replaceAll("{cnphone}", () => `13${int(0, 9)}${int(10000000, 99999999)}`)
      .replaceAll("{card}", () => pick(CARDS));

  return (n: number): Interaction => {
    const pii = random() < piiRate;
    const failure = random() < failureRate ? pick(FAILURES) : null;
    const response: Record<string, unknown> = failure
      ? failure.response()
      : {
          status: 200,
          request_id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
          order: { id: `ORD-2026-${int(100000, 999999)}`, total: int(1000, 99999) / 100, currency: "USD", items: int(1, 5) },
          server: { host: "api-7.internal", version: "3.14.2", latency_ms: int(3, 900) },
        };
    if (pii) response.customer = { email: `${pick(NAMES)}${int(1, 999)}@example.org`, phone: `+1 (415) 555-${int(1000, 9999)}`, card: pick(CARDS) };
    // Between 10 minutes and `days` days ago, so every timestamp is valid and rollups span days.
    const occurred = now - 600_000 - Math.floor(random() * (days * 86_400_000 - 1_200_000));
    const item: Interaction = {
      interaction_id: `${prefix}-${n}`,
      timestamp: new Date(occurred).toISOString(),
      user_intent: fill(pick(INTENTS)) + (pii ? fill(pick(PII_SNIPPETS)) : ""),
      agent_action: fill(pick(ACTIONS)),
      api_response: response,
      retry_strategy: failure ? pick(["exponential_backoff(3, 60s)", "fallback_to_cache", null]) : null,
      final_outcome: failure ? pick(["user_appeased_with_cached_response", "escalated_to_human", "gave_up"]) : "resolved",
      error_category: failure ? failure.category : null,
      confidence_score: Math.round(random() * 1000) / 1000,
      latency_ms: int(20, 6_000),
      model_version: pick(["v1", "v2"]),
      session_id: `sess-${hex(12)}`,
    };
    if (failure && random() < correctionRate) item.correction = fill(pick(CORRECTIONS));
    if (random() < 0.5) item.metadata = { channel: pick(["web", "app", "phone"]), region: "eu-west-1", ...(pii ? { contact: fill("{email}") } : {}) };
    return item;
  };
}

/** Batches of `batchSize` interactions, ids `${prefix}-0` … `${prefix}-${count - 1}`. */
export function makeBatches(prefix: string, seed: number, count: number, batchSize: number, options?: InteractionOptions): Interaction[][] {
  const make = interactionFactory(prefix, seed, options);
  const batches: Interaction[][] = [];
  for (let start = 0; start < count; start += batchSize) {
    batches.push(Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => make(start + i)));
  }
  return batches;
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; errors: Array<{ field: string; message: string }> }>;
}

export interface PostResult {
  status: number;
  body: (IngestAnswer & { error?: string }) | null;
  ms: number;
}

/** A batch's request body, encoded once: a load generator should spend its CPU sending, not serialising. */
export const encodeBatch = (batch: Interaction[]) => JSON.stringify({ interactions: batch });

/**
 * POSTs a batch (or one interaction, or a body already encoded with `encodeBatch`) to
 * the Agent API. Throws on network errors.
 */
export async function postInteractions(url: string, key: string, payload: Interaction[] | Interaction | string, timeoutMs = 60_000): Promise<PostResult> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/interactions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof payload === "string" ? payload : Array.isArray(payload) ? encodeBatch(payload) : JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: PostResult["body"] = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { accepted: 0, duplicates: 0, rejected: [], error: text.slice(0, 500) };
  }
  return { status: response.status, body, ms: performance.now() - started };
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: number[], quantile: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))];
}
