import { NextResponse } from "next/server";
import { z } from "zod";
import { getRun } from "@/lib/server/distillation";
import { invalid } from "@/lib/server/errors";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** GET: one run with its status, progress, metrics, model version and safety report. */
export const GET = route<{ id: string }>({ kind: "token", permission: "distillation:read" }, async ({ params }) => {
  if (!z.uuid().safeParse(params.id).success) throw invalid("That is not a run id.");
  return NextResponse.json({ run: await getRun(params.id) });
});
