import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/server/auth/client-address";
import { guardRequest } from "@/lib/server/auth/request-guard";

/** A server that answers what the guard lets through with the headers Next would have seen. */
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (guardRequest(req, res)) return;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ address: req.headers["x-remedy-client-address"] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw HTTP, so that the body can be announced and never sent; resolves with the status line. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) {
        socket.destroy();
        resolve(answer.split("\r\n")[0]);
      }
    });
    socket.on("error", reject);
  });
}

describe("the request guard", () => {
  it("refuses a 50 MB sign-in body from its announced length, before reading it", async () => {
    const status = await raw("POST /api/auth/callback/credentials HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 52428800\r\n\r\npassword=");
    expect(status).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("refuses a sign-in body without a declared length", async () => {
    const status = await raw("POST /api/auth/callback/credentials HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nemail\r\n");
    expect(status).toBe("HTTP/1.1 411 Length Required");
  });

  it("lets an ordinary sign-in body through", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "a@example.com", password: "x".repeat(1000) }),
    });
    expect(response.status).toBe(200);
  });

  it("refuses a server action from another origin with 403, by Next's own rule", async () => {
    const action = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/account`, { method: "POST", headers: { "next-action": "00ab", "content-type": "text/plain", ...headers }, body: "[]" });
    expect((await action({ origin: "http://127.0.0.1:9999" })).status).toBe(403);
    expect((await action({ origin: "null" })).status).toBe(403);
    expect((await action({ origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    // Next compares with X-Forwarded-Host when a proxy sets it.
    expect((await action({ origin: "https://remedy.example", "x-forwarded-host": "remedy.example" })).status).toBe(200);
    expect((await action({})).status).toBe(200);
    const form = new FormData();
    form.set("x", "1");
    expect((await fetch(`http://127.0.0.1:${port}/users`, { method: "POST", headers: { origin: "http://evil.example" }, body: form })).status).toBe(403);
  });

  it("puts the security headers on what it answers and what it passes on", async () => {
    for (const response of [await fetch(`http://127.0.0.1:${port}/api/v1/interactions`), await fetch(`http://127.0.0.1:${port}/account`, { method: "POST", headers: { "next-action": "00ab", origin: "null" } })]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  it("gives the connection's address to sign-in throttling, whatever the client claims", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/signin`, { headers: { "x-remedy-client-address": "203.0.113.9", "x-forwarded-for": "203.0.113.9" } });
    expect(await response.json()).toEqual({ address: "127.0.0.1" });
  });

  it("behind trusted proxies, takes the client from X-Forwarded-For, counting from the end", () => {
    const req = { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" }, socket: { remoteAddress: "10.0.0.3" } } as never;
    expect(clientAddress(req, 0)).toBe("10.0.0.3");
    expect(clientAddress(req, 1)).toBe("10.0.0.2");
    expect(clientAddress(req, 2)).toBe("198.51.100.4");
    expect(clientAddress({ headers: {}, socket: { remoteAddress: "10.0.0.3" } } as never, 1)).toBe("10.0.0.3");
  });
});
