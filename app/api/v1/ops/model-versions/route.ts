import { NextResponse } from "next/server";
import { registerModelSchema } from "@/lib/schemas/distillation";
import { parseJsonBody } from "@/lib/server/http/body";
import { agentIdByName } from "@/lib/server/http/ops";
import { route } from "@/lib/server/http/route";
import { listModelVersions, registerExternalModel } from "@/lib/server/models";

export const dynamic = "force-dynamic";

/** GET ?agent=<name>&cursor=: model versions newest first, with safety reports. */
export const GET = route({ kind: "token", permission: "distillation:read" }, async ({ request }) => {
  const agent = request.nextUrl.searchParams.get("agent");
  const cursor = request.nextUrl.searchParams.get("cursor") ?? undefined;
  const { versions, nextCursor } = await listModelVersions({ agentId: agent ? await agentIdByName(agent) : undefined, cursor });
  return NextResponse.json({ model_versions: versions, next_cursor: nextCursor });
});

/** POST: registers a model trained elsewhere; it is safety-evaluated at once. */
export const POST = route({ kind: "token", permission: "distillation:run" }, async ({ request, ctx }) => {
  const body = await parseJsonBody(request, registerModelSchema);
  const registered = await registerExternalModel(ctx, body);
  return NextResponse.json({ id: registered.id, version: registered.version, safety: registered.safety }, { status: 201 });
});
