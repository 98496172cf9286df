import { NextResponse } from "next/server";
import { route } from "@/lib/server/http/route";
import { knowledgeResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/**
 * The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer
 * without it, with the same errors (an unreachable database is a 503 with Retry-After).
 */
export const GET = route({ kind: "agent" }, async ({ agent }) => {
  const result = await knowledgeResponse(agent!);
  return new NextResponse(new Uint8Array(result.bytes!), { status: result.status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
});
