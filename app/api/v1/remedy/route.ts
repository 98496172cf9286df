import { NextResponse } from "next/server";
import { route } from "@/lib/server/http/route";
import { readBody } from "@/lib/server/http/body";
import { REMEDY_MAX_BODY_BYTES, remedyResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/**
 * The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer
 * without it, with the same errors (an unreachable database is a 503 with Retry-After).
 */
export const POST = route({ kind: "agent" }, async ({ request, agent }) => {
  const body = await readBody(request, REMEDY_MAX_BODY_BYTES);
  if (!body.ok) return NextResponse.json({ error: body.status === 413 ? "The body is larger than 64 KiB: send only the failure context." : body.message }, { status: body.status });
  const result = await remedyResponse(agent!, body.bytes);
  return NextResponse.json(result.body, { status: result.status });
});
