import { NextResponse, type NextRequest } from "next/server";
import { agentOf, knowledgeResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/** The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer without it. */
export async function GET(request: NextRequest) {
  const auth = await agentOf(request.headers.get("authorization"));
  if ("failure" in auth) return NextResponse.json(auth.failure.body, { status: auth.failure.status });
  const result = await knowledgeResponse(auth.agent);
  return new NextResponse(new Uint8Array(result.bytes!), { status: result.status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
