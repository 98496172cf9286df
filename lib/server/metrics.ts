import client from "prom-client";
import { processSingleton } from "@/lib/process-state";

interface Metrics {
  registry: client.Registry;
  ingestItems: client.Counter<"agent" | "result" | "reason">;
  ingestDuration: client.Histogram<"status">;
  interactions: client.Counter<"agent" | "outcome">;
  httpRequests: client.Counter<"method" | "route" | "status">;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  remedyAnswers: client.Counter<"agent" | "source">;
  breakerTrips: client.Counter<"kind">;
}

/** Seconds: from a cached read to a slow batch. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per process, shared by the server entry and the route bundles. */
export function metrics(): Metrics {
  return processSingleton("metrics", createMetrics);
}

function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "remedy_" });
  const httpRequests = new client.Counter({
    name: "remedy_http_requests_total",
    help: "HTTP requests served, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: "remedy_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const ingestItems = new client.Counter({
    name: "remedy_ingest_interactions_total",
    help: "Interactions received, by agent, result (accepted, duplicate, rejected) and rejection reason.",
    labelNames: ["agent", "result", "reason"] as const,
    registers: [registry],
  });
  const interactions = new client.Counter({
    name: "remedy_interactions_total",
    help: "Interactions stored, by agent and outcome (succeeded, failed: reported with an error_category); the error rate without a database query.",
    labelNames: ["agent", "outcome"] as const,
    registers: [registry],
  });
  const ingestDuration = new client.Histogram({
    name: "remedy_ingest_request_duration_seconds",
    help: "POST /api/v1/interactions duration in seconds, by status.",
    labelNames: ["status"] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const remedyAnswers = new client.Counter({
    name: "remedy_remedy_answers_total",
    help: "POST /api/v1/remedy answers, by agent and source (knowledge, model, none).",
    labelNames: ["agent", "source"] as const,
    registers: [registry],
  });
  const breakerTrips = new client.Counter({
    name: "remedy_breaker_trips_total",
    help: "Capabilities the circuit breaker disabled, by kind (knowledge, model).",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, ingestItems, ingestDuration, interactions, remedyAnswers, breakerTrips };
}

/**
 * Every route the app serves, as its template: `app/` without route groups,
 * Next's own paths, and `[...rest]` for a catch-all. The metrics test keeps
 * this list equal to what `app/` holds.
 */
export const ROUTE_TEMPLATES = [
  "/",
  "/signin",
  "/signin/change-password",
  "/account",
  "/agents",
  "/audit",
  "/distillation",
  "/distillation/[id]",
  "/distillation/compare",
  "/interactions",
  "/interactions/[id]",
  "/jobs",
  "/knowledge",
  "/knowledge/[id]",
  "/knowledge/graph",
  "/kpis",
  "/kpis/[key]",
  "/kpis/report",
  "/patterns",
  "/patterns/[id]",
  "/review",
  "/review/samples",
  "/review/samples/[id]",
  "/rollouts",
  "/rollouts/[id]",
  "/settings",
  "/users",
  "/api/auth/[...nextauth]",
  "/api/distillation/[id]/dataset",
  "/api/health",
  "/api/kpis",
  "/api/kpis/export",
  "/api/metrics",
  "/api/v1/interactions",
  "/api/v1/knowledge",
  "/api/v1/remedy",
  "/api/v1/route",
  "/api/v1/ops/distillation-runs",
  "/api/v1/ops/distillation-runs/[id]",
  "/api/v1/ops/distillation-runs/[id]/cancel",
  "/api/v1/ops/distillation-runs/[id]/dataset",
  "/api/v1/ops/experiments",
  "/api/v1/ops/knowledge-packs",
  "/api/v1/ops/model-versions",
  "/api/v1/ops/rollouts",
  "/api/v1/ops/rollouts/[id]",
  "/api/v1/ops/rollouts/[id]/[change]",
] as const;

/** Every path that is no route of the app: scanners and mistyped links share one label. */
export const UNMATCHED_ROUTE = "unmatched";

interface RouteNode {
  template: string | null;
  literal: Map<string, RouteNode>;
  param: RouteNode | null;
  /** A catch-all's template: it takes every deeper segment. */
  rest: string | null;
}

const newNode = (): RouteNode => ({ template: null, literal: new Map(), param: null, rest: null });

const ROUTE_TREE = (() => {
  const root = newNode();
  for (const template of ROUTE_TEMPLATES) {
    let node = root;
    let rest = false;
    for (const segment of template.split("/").filter(Boolean)) {
      if (segment.startsWith("[...")) {
        node.rest = template;
        rest = true;
        break;
      }
      if (segment.startsWith("[")) {
        node = node.param ??= newNode();
      } else {
        if (!node.literal.has(segment)) node.literal.set(segment, newNode());
        node = node.literal.get(segment)!;
      }
    }
    if (!rest) node.template = template;
  }
  return root;
})();

/**
 * A path's Prometheus label: the template of the route that serves it
 * (`/interactions/[id]`), Next's assets as two labels, and everything else
 * as one, so that no request can add a label of its own choosing.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/_next/static/")) return "/_next/static";
  if (pathname.startsWith("/_next/")) return "/_next";
  // The agents' hot path asks for the same few paths thousands of times a second.
  const known = recentLabels.get(pathname);
  if (known !== undefined) return known;
  const segments = pathname.split("/").filter(Boolean);
  const label = match(ROUTE_TREE, segments, 0) ?? UNMATCHED_ROUTE;
  if (recentLabels.size >= 1_000) recentLabels.clear();
  recentLabels.set(pathname, label);
  return label;
}

const recentLabels = new Map<string, string>();

/** Literal segments win over a parameter (`/kpis/report` before `/kpis/[key]`), as in Next's router. */
function match(node: RouteNode, segments: string[], index: number): string | null {
  if (index === segments.length) return node.template;
  const literal = node.literal.get(segments[index]);
  const found = (literal && match(literal, segments, index + 1)) ?? (node.param && match(node.param, segments, index + 1));
  return found ?? node.rest;
}
