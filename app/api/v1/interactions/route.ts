import { NextResponse } from "next/server";
import { route } from "@/lib/server/http/route";
import { readBody } from "@/lib/server/http/body";
import { ingestResponse } from "@/lib/server/http/agent-api";

export const dynamic = "force-dynamic";

/** The custom server answers this path before Next (lib/server/http/agent-api.ts); this serves the same answer without it. */
export const POST = route({ kind: "agent" }, async ({ request, agent, requestId }) => {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  const body = { declaredBytes: Number.isFinite(declared) ? declared : null, read: (limit: number) => readBody(request, limit) };
  const result = await ingestResponse(agent!, body, requestId);
  return NextResponse.json(result.body, { status: result.status, headers: result.headers });
});
