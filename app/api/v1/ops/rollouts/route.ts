import { NextResponse } from "next/server";
import { opsStartRolloutSchema } from "@/lib/schemas/rollouts";
import { notFound } from "@/lib/server/errors";
import { parseJsonBody } from "@/lib/server/http/body";
import { agentIdByName } from "@/lib/server/http/ops";
import { route } from "@/lib/server/http/route";
import { findModelVersionId, listRollouts, startRollout } from "@/lib/server/rollouts";

export const dynamic = "force-dynamic";

/** GET ?agent=<name>: rollouts newest first, with each agent's stable version. */
export const GET = route({ kind: "token", permission: "distillation:read" }, async ({ request }) => {
  const agent = request.nextUrl.searchParams.get("agent");
  return NextResponse.json(await listRollouts(agent ? await agentIdByName(agent) : undefined));
});

/** POST {agent, candidate_version, auto_promote?, on_fail?, window_minutes?}: starts a rollout (201). */
export const POST = route({ kind: "token", permission: "rollouts:manage" }, async ({ request, ctx }) => {
  const body = await parseJsonBody(request, opsStartRolloutSchema);
  const agentId = await agentIdByName(body.agent);
  const candidateVersionId = await findModelVersionId(agentId, body.candidate_version);
  if (!candidateVersionId) throw notFound(`The model version ${body.candidate_version} of ${body.agent}`);
  const rollout = await startRollout(ctx, { candidateVersionId, autoPromote: body.auto_promote ?? false, onFail: body.on_fail ?? "PAUSE", windowMinutes: body.window_minutes });
  return NextResponse.json({ rollout }, { status: 201 });
});
