import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "remedy-cli-"));

function remedy(...args: string[]) {
  const result = spawnSync(path.join("node_modules", ".bin", "tsx"), ["scripts/remedy.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, REMEDY_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("admin CLI on the embedded database", () => {
  it("creates an agent and prints its key alone on standard output", () => {
    expect(remedy("create-agent", "--name", "cli-bot")).toMatchObject({ code: 0 });
    const issued = remedy("issue-key", "--agent", "cli-bot");
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(/^rmd_[a-z0-9]{8}_[A-Za-z0-9]{40}\n$/);

    const prefix = issued.stdout.slice(0, 12);
    expect(remedy("revoke-key", "--prefix", prefix)).toMatchObject({ code: 0 });
    const again = remedy("revoke-key", "--prefix", prefix);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already revoked/);
  });

  it("exits 1 with a message on bad input", () => {
    const unknownAgent = remedy("issue-key", "--agent", "nobody");
    expect(unknownAgent.code).toBe(1);
    expect(unknownAgent.stderr).toMatch(/No agent named nobody/);
    expect(unknownAgent.stdout).toBe("");

    const badRole = remedy("create-user", "--email", "x@example.com", "--role", "boss");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/--role: Choose a role/);

    expect(remedy("frobnicate").code).toBe(1);
    expect(remedy("create-user", "--role", "ADMIN").stderr).toMatch(/--email is required/);
  });

  it("creates users that exist afterwards", () => {
    const created = remedy("create-user", "--email", "ops@example.com", "--role", "operator", "--password", "a-long-password");
    expect(created).toMatchObject({ code: 0 });
    const duplicate = remedy("create-user", "--email", "ops@example.com", "--role", "OPERATOR");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already has an account/);
  });

  it("refuses with exit 2 while another live process holds the database", () => {
    // The test runner itself stands in for a running server.
    writeFileSync(path.join(dataDir, "remedy.lock"), JSON.stringify({ pid: process.pid, owner: "server", since: new Date().toISOString() }));
    try {
      const refused = remedy("migrate");
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is in use by process \d+ \(server/);
    } finally {
      rmSync(path.join(dataDir, "remedy.lock"), { force: true });
    }
    expect(remedy("migrate")).toMatchObject({ code: 0, stdout: expect.stringMatching(/Up to date/) });
  });
});
