import { NextResponse } from "next/server";
import { kpiQuerySchema } from "@/lib/schemas/kpis";
import { parseSearchParams } from "@/lib/schemas/search-params";
import { kpiReport } from "@/lib/server/kpis";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

/** GET: the KPI report for a period (?period=7d|30d|90d or ?from=&to=, ?agent=, ?version=, ?baseline=). Every role may read it. */
export const GET = route({ kind: "user" }, async ({ request }) => {
  const query = parseSearchParams(kpiQuerySchema, Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await kpiReport(query));
});
