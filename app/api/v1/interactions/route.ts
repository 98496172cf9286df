import { NextResponse } from "next/server";
import { MAX_BODY_BYTES, rejectionLabel } from "@/lib/schemas/interactions";
import { route, jsonError } from "@/lib/server/http/route";
import { readBody } from "@/lib/server/http/body";
import { ingestInteractions } from "@/lib/server/ingest";
import { metrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "agent" }, async ({ request, agent, requestId }) => {
  const started = performance.now();
  const { ingestItems, ingestDuration } = metrics();
  const agentName = agent!.agentName;
  const done = (response: Response) => {
    ingestDuration.observe({ status: String(response.status) }, (performance.now() - started) / 1000);
    return response;
  };

  const body = await readBody(request, MAX_BODY_BYTES);
  if (!body.ok) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: body.status === 413 ? "too_large" : "bad_body" });
    return done(jsonError(body.status, body.message));
  }

  const result = await ingestInteractions(agent!, body.bytes, requestId);
  if (result.kind === "refused") {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: result.reason }, Math.max(1, result.received));
    return done(jsonError(result.status, result.message));
  }
  if (result.kind === "rate_limited") {
    // A body refused unread counts as one.
    ingestItems.inc({ agent: agentName, result: "rejected", reason: "rate_limited" }, result.received ?? 1);
    const seconds = result.retryAfterSeconds;
    return done(jsonError(429, `Rate limit for this key exceeded; retry in ${seconds} s.`, {}, { "Retry-After": String(seconds) }));
  }
  if (result.accepted) ingestItems.inc({ agent: agentName, result: "accepted", reason: "" }, result.accepted);
  if (result.duplicates) ingestItems.inc({ agent: agentName, result: "duplicate", reason: "" }, result.duplicates);
  for (const item of result.rejected) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: rejectionLabel(item.errors[0]?.field) });
  }
  const payload = { accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected };
  if (result.accepted === 0 && result.duplicates === 0) {
    return done(NextResponse.json({ error: "No interaction in the request is valid; see rejected for why.", ...payload }, { status: 400 }));
  }
  return done(NextResponse.json(payload, { status: 202 }));
});
