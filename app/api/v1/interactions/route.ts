import { NextResponse } from "next/server";
import { batchSchema, MAX_BATCH_ITEMS, MAX_BODY_BYTES } from "@/lib/schemas/interactions";
import { route, jsonError } from "@/lib/server/http/route";
import { readBody } from "@/lib/server/http/body";
import { ingestInteractions } from "@/lib/server/ingest";
import { metrics } from "@/lib/server/metrics";
import { consume } from "@/lib/server/rate-limit";
import { cachedSettings } from "@/lib/server/settings-cache";

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch (error) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: "not_json" });
    return done(jsonError(400, `The body is not valid JSON: ${(error as Error).message}`));
  }

  let items: unknown[];
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "interactions" in parsed) {
    const batch = batchSchema.safeParse(parsed);
    if (!batch.success) {
      const unknown = batch.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : []));
      return done(jsonError(400, unknown.length
        ? `A batch holds only "interactions"; unexpected field(s): ${unknown.join(", ")}.`
        : `"interactions" must be an array of interactions.`));
    }
    items = batch.data.interactions;
  } else {
    items = [parsed];
  }
  if (items.length > MAX_BATCH_ITEMS) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: "too_many" }, items.length);
    return done(jsonError(413, `A batch holds at most ${MAX_BATCH_ITEMS.toLocaleString("en-US")} interactions; this one has ${items.length.toLocaleString("en-US")}. Split it.`));
  }
  if (items.length === 0) return done(jsonError(400, `"interactions" is empty: send at least one interaction.`));

  const settings = await cachedSettings();
  const limited = consume(agent!.keyId, items.length, settings["ingest.ratePerSecond"], settings["ingest.burst"]);
  if (!limited.ok) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: "rate_limited" }, items.length);
    return done(jsonError(429, `Rate limit for this key exceeded; retry in ${limited.retryAfterSeconds} s.`, {}, { "Retry-After": String(limited.retryAfterSeconds) }));
  }

  const result = await ingestInteractions(agent!, items, requestId);
  if (result.accepted) ingestItems.inc({ agent: agentName, result: "accepted", reason: "" }, result.accepted);
  if (result.duplicates) ingestItems.inc({ agent: agentName, result: "duplicate", reason: "" }, result.duplicates);
  for (const item of result.rejected) {
    ingestItems.inc({ agent: agentName, result: "rejected", reason: item.errors[0]?.field ?? "invalid" });
  }
  const payload = { accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected };
  if (result.accepted === 0 && result.duplicates === 0) {
    return done(NextResponse.json({ error: "No interaction in the request is valid; see rejected for why.", ...payload }, { status: 400 }));
  }
  return done(NextResponse.json(payload, { status: 202 }));
});
