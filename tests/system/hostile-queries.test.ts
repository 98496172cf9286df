/**
 * Malformed query strings and path ids against every console page and every API route that
 * reads its query, on the production server, on PGlite and on PostgreSQL: each is answered
 * (200, 400 or 404, a redirect at most), never with a 500. Run with `npm run test:system`
 * after `npm run build`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KPI_DEFINITIONS } from "@/lib/domain/kpis";
import { BACKENDS, createPostgresDatabase } from "../helpers/db";
import { createAgentWithKey, remedyCli, startServer, type DatabaseTargetSpec, type RunningServer } from "../helpers/server";

const ADMIN_EMAIL = "hostile-admin@example.com";
const ADMIN_PASSWORD = "Hostile-query-admin-7f3k";

const PAGES = [
  "/",
  "/agents",
  "/audit",
  "/distillation",
  "/distillation/compare",
  "/interactions",
  "/jobs",
  "/knowledge",
  "/knowledge/graph",
  "/kpis",
  `/kpis/${KPI_DEFINITIONS[0].key}`,
  "/kpis/report",
  "/patterns",
  "/review",
  "/review/samples",
  "/rollouts",
  "/settings",
  "/users",
  "/account",
];

/** Console routes with an id in the path, given ids that are no row's. */
const ID_PAGES = ["/interactions", "/patterns", "/distillation", "/knowledge", "/rollouts", "/kpis", "/review/samples"];

/** Every query field a page or API route reads. */
const FIELDS = [
  "agent", "outcome", "category", "version", "pattern", "from", "to", "cursor", "q", "range", "status", "kind", "action",
  "actor", "target", "for", "a", "b", "days", "state", "period", "baseline", "format", "noise", "key",
  "session", "sort", "group", "fingerprint", "by", "page", "patternId", "agentId", "grade", "minScore", "maxScore", "reason", "callbackUrl",
];

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** Values a mangled link, a scanner or an attacker sends; each is put in every field at once, then alone where it matters. */
const HOSTILE_VALUES = [
  "%00",
  "a%00b",
  "__proto__",
  "constructor",
  "toString",
  "0000-01-01",
  "9999-12-31",
  "2026-02-31",
  "-1",
  "1e400",
  "NaN",
  "%ED%A0%80",
  "%FF%FE",
  encodeURIComponent("'); DROP TABLE agents; --"),
  "x".repeat(5_000),
  base64url("1.abc"),
  base64url("1.99999999999999999999999"),
  base64url("999999999999999.00000000-0000-0000-0000-000000000000"),
  base64url("1.zzzz"),
  base64url(`1.${"f".repeat(36)}`),
];

const SINGLE_FIELD_QUERIES = [
  "range=__proto__",
  "q=%00",
  "from=0000-01-01",
  "to=0000-01-01",
  "from=9999-12-31&to=0001-01-01",
  "cursor=" + base64url("1.abc"),
  "cursor=" + base64url("99999999999999.1"),
  "cursor=" + base64url("1.99999999999999999999999"),
  "cursor=%00",
  "agent=%00",
  "q=a&q=%00",
  "period=__proto__",
  "days=__proto__",
  "status=__proto__",
  "state=constructor",
  "format=__proto__",
  "key=%00",
];

const queriesFor = () => [
  ...HOSTILE_VALUES.map((value) => FIELDS.map((field) => `${field}=${value}`).join("&")),
  ...SINGLE_FIELD_QUERIES,
];

async function signIn(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const session = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).find((cookie) => cookie.includes("session-token"));
  if (!session) throw new Error(`sign-in failed: ${response.status}`);
  return session;
}

for (const backend of BACKENDS) {
  describe(`hostile query strings on ${backend}`, () => {
    let server: RunningServer;
    let cleanup: () => Promise<void>;
    let cookie: string;
    let agentKey: string;
    let token: string;

    beforeAll(async () => {
      let target: DatabaseTargetSpec;
      if (backend === "pglite") {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-hostile-"));
        target = { kind: "pglite", dataDir };
        cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
      } else {
        const created = await createPostgresDatabase();
        target = { kind: "postgres", url: created.url };
        cleanup = created.drop;
      }
      agentKey = await createAgentWithKey(target, "hostile-agent");
      await remedyCli(target, "create-user", "--email", ADMIN_EMAIL, "--role", "ADMIN", "--password", ADMIN_PASSWORD);
      token = (await remedyCli(target, "issue-token", "--user", ADMIN_EMAIL)).trim();
      server = await startServer(target);
      cookie = await signIn(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    /** Requests each path with each query; the ones answered 500 (or not at all), with the status. */
    const failuresOf = async (paths: string[], headers: Record<string, string>) => {
      const failures: string[] = [];
      for (const route of paths) {
        for (const query of queriesFor()) {
          const target = `${route}?${query}`;
          const response = await fetch(`${server.url}${target}`, { headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
          await response.arrayBuffer();
          if (response.status >= 500) failures.push(`${response.status} ${target.slice(0, 160)}`);
        }
      }
      return failures;
    };

    it("answers every console page without a 500", async () => {
      expect(await failuresOf(PAGES, { cookie }), server.output().slice(-4_000)).toEqual([]);
    });

    it("answers a path id that is no row's with a 404, not a 500", async () => {
      const ids = ["%00", "-1", "99999999999999999999999", "__proto__", "00000000-0000-0000-0000-000000000000", "x".repeat(300)];
      const failures: string[] = [];
      for (const page of ID_PAGES) {
        for (const id of ids) {
          const response = await fetch(`${server.url}${page}/${id}`, { headers: { cookie }, redirect: "manual" });
          await response.arrayBuffer();
          if (response.status !== 404) failures.push(`${response.status} ${page}/${id.slice(0, 40)}`);
        }
      }
      expect(failures, server.output().slice(-4_000)).toEqual([]);
    });

    it("answers every API route that reads its query without a 500", async () => {
      const failures = [
        ...(await failuresOf(["/api/kpis", "/api/kpis/export"], { cookie })),
        ...(await failuresOf([
          "/api/v1/ops/distillation-runs",
          "/api/v1/ops/experiments",
          "/api/v1/ops/knowledge-packs",
          "/api/v1/ops/model-versions",
          "/api/v1/ops/rollouts",
          "/api/v1/ops/distillation-runs/00000000-0000-0000-0000-000000000000/dataset",
        ], { authorization: `Bearer ${token}` })),
        ...(await failuresOf(["/api/v1/route", "/api/v1/knowledge"], { authorization: `Bearer ${agentKey}` })),
        ...(await failuresOf(["/api/distillation/00000000-0000-0000-0000-000000000000/dataset"], { cookie })),
      ];
      expect(failures, server.output().slice(-4_000)).toEqual([]);
    });
  });
}
