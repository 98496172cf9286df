import { timingSafeEqual } from "node:crypto";
import { loadConfig } from "@/lib/config";
import { bearerToken } from "@/lib/domain/api-key";
import { metrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint; with REMEDY_METRICS_TOKEN set, scrapers must send it as a bearer token. */
export async function GET(request: Request) {
  const expected = loadConfig().REMEDY_METRICS_TOKEN;
  if (expected) {
    const given = Buffer.from(bearerToken(request.headers.get("authorization")) ?? "");
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return new Response("Send the metrics token as 'Authorization: Bearer <REMEDY_METRICS_TOKEN>'.\n", { status: 401 });
    }
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
