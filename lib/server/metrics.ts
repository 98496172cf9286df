import client from "prom-client";
import { processSingleton } from "@/lib/process-state";

interface Metrics {
  registry: client.Registry;
  ingestItems: client.Counter<"agent" | "result" | "reason">;
  ingestDuration: client.Histogram<"status">;
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
  return { registry, httpRequests, httpDuration, ingestItems, ingestDuration, remedyAnswers, breakerTrips };
}

/**
 * A low-cardinality label for a path: static assets collapse into one route,
 * ids and numbers become placeholders.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/_next/static/")) return "/_next/static";
  if (pathname.startsWith("/_next/")) return "/_next";
  const segments = pathname.split("/").slice(1, 6).map((segment) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ? ":id"
      : /^\d+$/.test(segment) ? ":n"
      : /^rmd_/.test(segment) ? ":key"
      : segment.length > 40 ? ":long"
      : segment,
  );
  return `/${segments.join("/")}`;
}
