import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics, ROUTE_TEMPLATES, routeLabel, UNMATCHED_ROUTE } from "./metrics";

describe("routeLabel", () => {
  it("labels a path by the template of the route that serves it", () => {
    expect(routeLabel("/_next/static/chunks/abc.js")).toBe("/_next/static");
    expect(routeLabel("/_next/image")).toBe("/_next");
    expect(routeLabel("/")).toBe("/");
    expect(routeLabel("/api/v1/interactions")).toBe("/api/v1/interactions");
    expect(routeLabel("/interactions/123456")).toBe("/interactions/[id]");
    expect(routeLabel("/kpis/report")).toBe("/kpis/report");
    expect(routeLabel("/kpis/errorRate")).toBe("/kpis/[key]");
    expect(routeLabel("/api/v1/ops/rollouts/7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44/promote")).toBe("/api/v1/ops/rollouts/[id]/[change]");
    expect(routeLabel("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
    expect(routeLabel("/api/auth")).toBe(UNMATCHED_ROUTE);
    expect(routeLabel("/wp-admin/setup.php")).toBe(UNMATCHED_ROUTE);
    expect(routeLabel("/interactions/1/2")).toBe(UNMATCHED_ROUTE);
  });

  it("knows every page and route handler under app/", () => {
    const app = path.join(process.cwd(), "app");
    const templates = readdirSync(app, { recursive: true, encoding: "utf8" })
      .filter((file) => /(^|\/)(page\.tsx|route\.ts)$/.test(file))
      .map((file) => "/" + path.dirname(file).split(path.sep).filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment)).join("/"));
    expect([...ROUTE_TEMPLATES].sort()).toEqual([...new Set(templates)].sort());
  });

  it("adds no series for paths that are no route: 3,000 random ones share one label", async () => {
    const { registry, httpRequests } = metrics();
    const seriesCount = async () => (await registry.getSingleMetric("remedy_http_requests_total")!.get()).values.length;
    httpRequests.inc({ method: "GET", route: routeLabel("/warm-up"), status: "404" });
    const before = await seriesCount();
    for (let i = 0; i < 3_000; i++) {
      const random = randomBytes(1 + (i % 40)).toString("base64url");
      const pathname = ["/" + random, `/interactions/${random}/x`, `/api/v1/${random}`, `/${random}/${i}`][i % 4];
      httpRequests.inc({ method: "GET", route: routeLabel(pathname), status: "404" });
    }
    expect(await seriesCount()).toBe(before);
  });

  it("serves Prometheus text with HTTP and process metrics", async () => {
    const { registry, httpRequests } = metrics();
    httpRequests.inc({ method: "GET", route: "/x", status: "200" });
    const text = await registry.metrics();
    expect(text).toMatch(/remedy_http_requests_total\{method="GET",route="\/x",status="200"\} 1/);
    expect(text).toMatch(/remedy_process_cpu_seconds_total/);
  });
});
