import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/postgres-cluster";
import { databaseEnv, remedyCli, ROOT, withDatabase } from "../helpers/server";

/**
 * Starting and stopping Remedy as a newcomer and a container do: `npm start` itself,
 * on the embedded database, with no REMEDY_ADMIN_PASSWORD (so a password is generated).
 */
const dirs: string[] = [];
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "remedy-start-"));
  dirs.push(dir);
  return path.join(dir, "data");
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(data: string, port: number): Started {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: databaseEnv({ kind: "pglite", dataDir: data }, { PORT: String(port), HOSTNAME: "127.0.0.1", LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    children.delete(child);
    resolve(code);
  }));
  return { child, output: () => output, exited };
}

async function ready(port: number, started: Started, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`exited before it was ready:\n${started.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${started.output()}`);
}

/** Whether anything still listens on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const withinMs = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms))]);

describe("starting and stopping with npm start", () => {
  it("refuses a busy port at once with a clear message, and the generated admin password is not lost", async () => {
    const data = dataDir();
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const busy = npmStart(data, port);
      const code = await withinMs(busy.exited, 60_000);
      expect(code).toBe(1);
      expect(busy.output()).toContain(`Remedy cannot start: 127.0.0.1, port ${port} is already in use by another process.`);
      expect(busy.output().match(/already in use/g)).toHaveLength(1);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // Nobody saw a password, so no account was made: the next start makes one and shows it.
    expect(await withDatabase({ kind: "pglite", dataDir: data }, (database) => database.prisma.user.count())).toBe(0);

    const next = npmStart(data, port);
    await ready(port, next);
    await expect.poll(() => next.output(), { timeout: 10_000 }).toMatch(/Password: {4}\S{20}/);
    expect(next.output()).toContain("reset-password --email admin@remedy.local");
    next.child.kill("SIGTERM");
    expect(await withinMs(next.exited, 30_000)).toBe(0);
  }, 240_000);

  it("passes SIGTERM on to the server, which shuts down, releases the database and exits", async () => {
    const data = dataDir();
    const port = await freePort();
    const started = npmStart(data, port);
    await ready(port, started);
    // The signal goes to npm, as a container runtime sends it; the server itself must get it and shut down.
    started.child.kill("SIGTERM");
    await withinMs(started.exited, 30_000);
    await expect.poll(() => listening(port), { timeout: 15_000 }).toBe(false);
    // The embedded database was closed and its lock released: the CLI opens it.
    expect(await remedyCli({ kind: "pglite", dataDir: data }, "migrate")).toMatch(/Up to date/);
  }, 240_000);

  it("resets a lost password from the command line", async () => {
    const data = dataDir();
    const target = { kind: "pglite" as const, dataDir: data };
    await remedyCli(target, "create-user", "--email", "ops@example.com", "--role", "ADMIN");
    const printed = await remedyCli(target, "reset-password", "--email", "ops@example.com");
    expect(printed).toMatch(/^New password for ops@example\.com: \S{20}\n/);
    await expect(remedyCli(target, "reset-password", "--email", "nobody@example.com")).rejects.toThrow(/exited 1: No user nobody@example\.com/);
    expect(existsSync(data)).toBe(true);
  }, 120_000);
});
