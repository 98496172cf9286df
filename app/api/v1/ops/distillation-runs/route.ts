import { NextResponse } from "next/server";
import { opsStartRunSchema, runFilterSchema } from "@/lib/schemas/distillation";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { listRuns, previewDistillation, startDistillation } from "@/lib/server/distillation";
import { parseJsonBody } from "@/lib/server/http/body";
import { agentIdByName } from "@/lib/server/http/ops";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** GET: runs newest first (?agent=<id>&status=&cursor=). */
export const GET = route({ kind: "token", permission: "distillation:read" }, async ({ request }) => {
  const filter = parseSearchParams(runFilterSchema, Object.fromEntries(request.nextUrl.searchParams));
  const { runs, nextCursor } = await listRuns(filter);
  return NextResponse.json({ runs, next_cursor: nextCursor });
});

/** POST: starts a run, or with dry_run only previews how many samples qualify and what it would cost. */
export const POST = route({ kind: "token", permission: "distillation:run" }, async ({ request, ctx }) => {
  const body = await parseJsonBody(request, opsStartRunSchema);
  const scope = { agentId: await agentIdByName(body.agent), patternIds: body.pattern_ids ?? [], from: body.from, to: body.to, maxSamples: body.max_samples };
  if (body.dry_run) return NextResponse.json({ preview: await previewDistillation(scope) });
  const { runId, preview } = await startDistillation(ctx, scope);
  return NextResponse.json({ run_id: runId, preview }, { status: 202 });
});
