import { NextResponse } from "next/server";
import { route } from "@/lib/server/http/route";
import { routeResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/**
 * The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer
 * without it, with the same errors (an unreachable database is a 503 with Retry-After).
 */
export const GET = route({ kind: "agent" }, async ({ request, agent }) => {
  const result = await routeResponse(agent!, request.nextUrl.searchParams.get("key"));
  return NextResponse.json(result.body, { status: result.status });
});
