/**
 * PGlite's disk fills up under a running production server: writes fail fast
 * with 503 and Retry-After, /api/health reports the database unwritable, the
 * server recovers when space comes back, stays stoppable, and loses nothing it
 * acknowledged. Mounts a small tmpfs for the data directory, so it needs root
 * (CI runs as root). Run with `npm run test:system` after `npm run build`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/sql";
import { createAgentWithKey, startServer, withDatabase, type RunningServer } from "../helpers/server";
import { interactionFactory } from "./load";

describe("a production server on PGlite whose disk fills up", () => {
  let mount: string;
  let server: RunningServer | undefined;
  const make = interactionFactory("disk-full", 11);
  let next = 0;
  const acknowledged: string[] = [];

  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error("This test mounts a small tmpfs for the data directory: run it as root (CI does).");
    mount = mkdtempSync(path.join(os.tmpdir(), "remedy-disk-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=160m", "tmpfs", mount]);
  });
  afterAll(async () => {
    await server?.kill();
    execFileSync("umount", ["-l", mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  const fill = () => execFileSync("sh", ["-c", `dd if=/dev/zero of=${mount}/filler bs=1M 2>/dev/null; true`]);
  const free = () => rmSync(`${mount}/filler`);

  const ingest = async (key: string, count: number) => {
    const items = Array.from({ length: count }, () => make(next++));
    const started = performance.now();
    const response = await fetch(`${server!.url}/api/v1/interactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ interactions: items }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { accepted?: number; error?: string };
    if (response.status === 202) acknowledged.push(...items.map((item) => String(item.interaction_id)));
    return { status: response.status, error: body.error, ms: performance.now() - started, retryAfter: response.headers.get("retry-after") };
  };
  const health = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the shared probe
    const response = await fetch(`${server!.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json()) as { database: { reachable: boolean; writable: boolean } } };
  };

  it("answers 503 fast while full, says so on /api/health, recovers, stops on SIGTERM and keeps every acknowledged interaction", async () => {
    const target = { kind: "pglite" as const, dataDir: path.join(mount, "data") };
    const key = await createAgentWithKey(target, "disk-full-agent");
    server = await startServer(target);
    expect((await ingest(key, 20)).status).toBe(202);

    fill();
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused = await ingest(key, 50);
      expect(refused, "a write on a full disk").toMatchObject({ status: 503, error: expect.stringMatching(/database is unavailable/) });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.ms, "fails fast").toBeLessThan(3_000);
    }
    expect(await health()).toMatchObject({ status: 503, body: { database: { reachable: true, writable: false } } });

    free();
    expect((await ingest(key, 50)).status, "space is back").toBe(202);
    expect(await health()).toMatchObject({ status: 200, body: { database: { reachable: true, writable: true } } });

    fill();
    expect((await ingest(key, 50)).status).toBe(503);
    expect(await server.stop("SIGTERM", 20_000), server.output()).toEqual({ code: 0, signal: null });
    server = undefined;
    free();

    const stored = await withDatabase(target, (database) =>
      database.withConnection((conn) => conn.query<{ external_id: string }>(sql`SELECT external_id FROM interactions`)));
    const ids = new Set(stored.map((row) => row.external_id));
    expect(acknowledged.length).toBe(70);
    expect(acknowledged.filter((id) => !ids.has(id)), "acknowledged interactions missing").toEqual([]);
  });
});
