import { NextResponse } from "next/server";
import { z } from "zod";
import { opsRolloutChangeSchema } from "@/lib/schemas/rollouts";
import { invalid, notFound } from "@/lib/server/errors";
import { parseJsonBody } from "@/lib/server/http/body";
import { route } from "@/lib/server/http/route";
import { pauseRollout, promoteRollout, resumeRollout, rollbackAgent, rolloutDetail } from "@/lib/server/rollouts";

export const dynamic = "force-dynamic";

const CHANGES = ["promote", "pause", "resume", "rollback"] as const;

/**
 * POST /api/v1/ops/rollouts/<id>/{promote,pause,resume,rollback} with an
 * optional {"revision": n}: the revision the pipeline last read, so a rollout
 * that moved meanwhile answers 409 instead of being changed blindly.
 */
export const POST = route<{ id: string; change: string }>({ kind: "token", permission: "rollouts:manage" }, async ({ params, ctx, request }) => {
  if (!z.uuid().safeParse(params.id).success) throw invalid("That is not a rollout id.");
  const change = z.enum(CHANGES).safeParse(params.change);
  if (!change.success) throw notFound(`The change "${params.change}" (use ${CHANGES.join(", ")})`);
  const { revision } = await parseJsonBody(request, opsRolloutChangeSchema, 4_096, { optional: true });
  const input = { rolloutId: params.id, revision };
  if (change.data === "promote") await promoteRollout(ctx, input);
  else if (change.data === "pause") await pauseRollout(ctx, input);
  else if (change.data === "resume") await resumeRollout(ctx, input);
  else {
    const { rollout } = await rolloutDetail(params.id);
    await rollbackAgent(ctx, { agentId: rollout.agentId, rolloutId: rollout.id, revision });
  }
  return NextResponse.json(await rolloutDetail(params.id));
});
