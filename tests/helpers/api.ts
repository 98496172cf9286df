import { NextRequest } from "next/server";
import { POST as postInteractionsRoute } from "@/app/api/v1/interactions/route";

/** Calls the route handler as Next.js would, with a real Request: status, headers and JSON body. */
export async function postInteractions(key: string | null, body: unknown, options: { raw?: boolean } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const request = new NextRequest("http://localhost/api/v1/interactions", {
    method: "POST",
    headers,
    body: options.raw ? (body as string) : JSON.stringify(body),
  });
  const response = await postInteractionsRoute(request, { params: Promise.resolve({}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

let counter = 0;

/** A valid interaction in the seed's shape. */
export function interaction(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    interaction_id: `it-${process.pid}-${counter}`,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    user_intent: "查询账户余额",
    agent_action: `调用外部 API /api/v1/accounts/${1000 + (counter % 50)}/balance`,
    api_response: { error: "429 Rate Limit Exceeded" },
    retry_strategy: "exponential_backoff(3, 60s)",
    final_outcome: "user_appeased_with_cached_response",
    error_category: "rate_limit",
    confidence_score: 0.87,
    latency_ms: 120,
    model_version: "v1",
    ...overrides,
  };
}
