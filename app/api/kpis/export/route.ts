import { kpiExportSchema } from "@/lib/schemas/kpis";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { exportKpis } from "@/lib/server/kpis";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** GET ?format=csv|json&noise=on|off plus the report's filters: the KPI series as a file. */
export const GET = route({ kind: "user" }, async ({ request }) => {
  const { format, noise, ...query } = parseSearchParams(kpiExportSchema, Object.fromEntries(request.nextUrl.searchParams));
  const file = await exportKpis(query, format, noise === "on");
  return new Response(file.body, { headers: { "content-type": file.type, "content-disposition": `attachment; filename="${file.fileName}"` } });
});
