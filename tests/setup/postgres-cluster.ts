import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface Cluster {
  url: string;
  /** Stops the server and removes its directory. */
  stop(): void;
  /** Stops the server as a restart would (fast shutdown), keeping its data for `resume`. */
  halt(): void;
  /** Starts a halted server again on the same port. */
  resume(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway PostgreSQL cluster in a temp directory on a free loopback port,
 * removed on stop. initdb refuses to run as root, so as root the cluster
 * belongs to the postgres user.
 */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(path.join(BIN, "initdb"))) {
    throw new Error(`PostgreSQL server binaries not found in ${BIN}. Install postgresql-15 or set PG_BIN.`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "remedy-pg-"));
  const dataDir = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const run = (binary: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(BIN, binary);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(BIN, binary), ...args] : args;
    const result = spawnSync(command, fullArgs, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  const port = await freePort();
  const start = () => run("pg_ctl", [
    "-D", dataDir, "-l", path.join(dir, "server.log"), "-w", "-t", "60",
    "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    "start",
  ]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    halt: () => run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]),
    resume: start,
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
