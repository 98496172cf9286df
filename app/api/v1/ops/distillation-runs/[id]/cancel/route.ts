import { NextResponse } from "next/server";
import { z } from "zod";
import { cancelDistillation } from "@/lib/server/distillation";
import { invalid } from "@/lib/server/errors";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** POST: cancels a queued or running run. */
export const POST = route<{ id: string }>({ kind: "token", permission: "distillation:run" }, async ({ params, ctx }) => {
  if (!z.uuid().safeParse(params.id).success) throw invalid("That is not a run id.");
  return NextResponse.json(await cancelDistillation(ctx, params.id));
});
