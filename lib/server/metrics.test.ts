import { describe, expect, it } from "vitest";
import { metrics, routeLabel } from "./metrics";

describe("routeLabel", () => {
  it("keeps label cardinality low", () => {
    expect(routeLabel("/_next/static/chunks/abc.js")).toBe("/_next/static");
    expect(routeLabel("/api/v1/interactions")).toBe("/api/v1/interactions");
    expect(routeLabel("/agents/7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44")).toBe("/agents/:id");
    expect(routeLabel("/audit/123")).toBe("/audit/:n");
  });

  it("serves Prometheus text with HTTP and process metrics", async () => {
    const { registry, httpRequests } = metrics();
    httpRequests.inc({ method: "GET", route: "/x", status: "200" });
    const text = await registry.metrics();
    expect(text).toMatch(/remedy_http_requests_total\{method="GET",route="\/x",status="200"\} 1/);
    expect(text).toMatch(/remedy_process_cpu_seconds_total/);
  });
});
