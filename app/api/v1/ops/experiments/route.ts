import { NextResponse } from "next/server";
import { opsStartExperimentSchema } from "@/lib/schemas/rollouts";
import { notFound } from "@/lib/server/errors";
import { parseJsonBody } from "@/lib/server/http/body";
import { agentIdByName } from "@/lib/server/http/ops";
import { route } from "@/lib/server/http/route";
import { findModelVersionId, listRollouts } from "@/lib/server/rollouts";
import { startExperiment } from "@/lib/server/rollouts/experiments";

export const dynamic = "force-dynamic";

/** GET ?agent=<name>: experiments newest first (status, verdict in statusReason; details at /api/v1/ops/rollouts/<id>). */
export const GET = route({ kind: "token", permission: "distillation:read" }, async ({ request }) => {
  const agent = request.nextUrl.searchParams.get("agent");
  const { rollouts } = await listRollouts(agent ? await agentIdByName(agent) : undefined);
  return NextResponse.json({ experiments: rollouts.filter((row) => row.kind === "EXPERIMENT") });
});

/** POST {agent, candidate_version, split_percent?, duration_hours}: starts an A/B experiment (201). */
export const POST = route({ kind: "token", permission: "rollouts:manage" }, async ({ request, ctx }) => {
  const body = await parseJsonBody(request, opsStartExperimentSchema);
  const agentId = await agentIdByName(body.agent);
  const candidateVersionId = await findModelVersionId(agentId, body.candidate_version);
  if (!candidateVersionId) throw notFound(`The model version ${body.candidate_version} of ${body.agent}`);
  const experiment = await startExperiment(ctx, { candidateVersionId, splitPercent: body.split_percent ?? 50, durationHours: body.duration_hours });
  return NextResponse.json({ experiment }, { status: 201 });
});
