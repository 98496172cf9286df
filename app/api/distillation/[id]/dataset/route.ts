import { z } from "zod";
import { datasetFormatSchema } from "@/lib/schemas/distillation";
import { exportDataset } from "@/lib/server/distillation";
import { invalid } from "@/lib/server/errors";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** GET ?format=openai|remedy: the run's samples as JSONL, downloaded from its page. The twin of /api/v1/ops/distillation-runs/<id>/dataset, by session. */
export const GET = route<{ id: string }>({ kind: "user", permission: "distillation:run" }, async ({ params, ctx, request }) => {
  if (!z.uuid().safeParse(params.id).success) throw invalid("That is not a run id.");
  const format = datasetFormatSchema.safeParse(request.nextUrl.searchParams.get("format") ?? "openai");
  if (!format.success) throw invalid('format must be "openai" or "remedy".');
  const dataset = await exportDataset(ctx, params.id, format.data);
  return new Response(dataset.body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${dataset.fileName}"`,
      "x-remedy-samples": String(dataset.count),
      "cache-control": "no-store",
    },
  });
});
