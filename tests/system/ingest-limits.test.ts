/**
 * The ingestion limits as the production server applies them, before Next's
 * router: refused bodies are charged by size (many times over), an agent's keys share one
 * budget, and bodies over the size or the budget are answered without being
 * read. Run with `npm run test:system` after `npm run build`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusedCost } from "@/lib/domain/ingest-cost";
import { MAX_BODY_BYTES } from "@/lib/schemas/interactions";
import { raiseRateLimit, remedyCli, startServer, type RunningServer } from "../helpers/server";
import { interactionFactory } from "./load";

const MIB = 1024 * 1024;

/** POSTs a body with the given headers over a connection of its own; the status, headers and when it was answered. */
function post(port: number, key: string, body: Buffer, { chunked = false } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    if (!chunked) headers["content-length"] = body.byteLength;
    const request = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/v1/interactions", headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, ms: performance.now() - started }));
    });
    // The server may answer and close before the body is sent: that is the point. The client must still get the answer.
    let answered = false;
    request.on("response", () => (answered = true));
    request.on("error", (error: NodeJS.ErrnoException) => (["EPIPE", "ECONNRESET"].includes(error.code ?? "") ? undefined : reject(error)));
    request.on("close", () => answered || reject(new Error(`the connection closed without an answer to a ${body.byteLength}-byte body${chunked ? " (chunked)" : ""}`)));
    request.setTimeout(15_000, () => reject(new Error(`no answer within 15 s to a ${body.byteLength}-byte body${chunked ? " (chunked)" : ""}`)));
    request.end(body);
  });
}

describe("ingestion limits on the production server", () => {
  let dataDir: string;
  let server: RunningServer;
  let keys: string[];
  const make = interactionFactory("limits", 5);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-limits-"));
    const target = { kind: "pglite" as const, dataDir };
    await remedyCli(target, "create-agent", "--name", "limited-agent");
    keys = [(await remedyCli(target, "issue-key", "--agent", "limited-agent")).trim(), (await remedyCli(target, "issue-key", "--agent", "limited-agent")).trim()];
    // Three refused full bodies and part of a fourth, refilled slowly: every charge shows.
    await raiseRateLimit(target, 1, 3 * refusedCost(0, MAX_BODY_BYTES) + 100);
    server = await startServer(target);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("charges refused bodies by size across an agent's keys, then refuses unread with Retry-After", async () => {
    const ok = await post(server.port, keys[0], Buffer.from(JSON.stringify({ interactions: [make(1)] })));
    expect(ok.status).toBe(202);
    const truncated = Buffer.from(`{"interactions": [${"1,".repeat(MIB / 2 - 20)}`);
    expect((await post(server.port, keys[0], truncated)).status).toBe(400);
    expect((await post(server.port, keys[1], Buffer.alloc(2 * MIB, 0x20))).status).toBe(413);
    expect((await post(server.port, keys[1], Buffer.alloc(2 * MIB, 0x20), { chunked: true })).status).toBe(413);
    // The fourth full body finds about 100 tokens left, is read and leaves a debt; then the agent is refused, by either key.
    expect((await post(server.port, keys[1], truncated)).status).toBe(400);
    const refused = await post(server.port, keys[0], truncated);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(60);
    expect(refused.headers.connection).toBe("close");
    // Answered after a pause of at most a second, so a client retrying in a loop cannot make the server spin.
    expect(refused.ms).toBeGreaterThanOrEqual(900);
    expect(refused.ms).toBeLessThan(5_000);
  });
});
