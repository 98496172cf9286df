import { NextResponse, type NextRequest } from "next/server";
import { readBody } from "@/lib/server/http/body";
import { agentOf, REMEDY_MAX_BODY_BYTES, remedyResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/** The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer without it. */
export async function POST(request: NextRequest) {
  const auth = await agentOf(request.headers.get("authorization"));
  if ("failure" in auth) return NextResponse.json(auth.failure.body, { status: auth.failure.status });
  const body = await readBody(request, REMEDY_MAX_BODY_BYTES);
  if (!body.ok) return NextResponse.json({ error: body.status === 413 ? "The body is larger than 64 KiB: send only the failure context." : body.message }, { status: body.status });
  const result = await remedyResponse(auth.agent, body.bytes);
  return NextResponse.json(result.body, { status: result.status });
}
