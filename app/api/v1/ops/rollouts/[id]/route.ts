import { NextResponse } from "next/server";
import { z } from "zod";
import { invalid } from "@/lib/server/errors";
import { route } from "@/lib/server/http/route";
import { rolloutDetail } from "@/lib/server/rollouts";

export const dynamic = "force-dynamic";

/** GET: the rollout's status, step, revision, arm counters, gate history and the agent's snapshots. */
export const GET = route<{ id: string }>({ kind: "token", permission: "distillation:read" }, async ({ params }) => {
  if (!z.uuid().safeParse(params.id).success) throw invalid("That is not a rollout id.");
  return NextResponse.json(await rolloutDetail(params.id));
});
