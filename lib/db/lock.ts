import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import path from "node:path";

export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
}

interface LockOwner {
  pid: number;
  owner: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is a single-process database: two processes writing the same
 * directory corrupt it. A pid file in the data directory keeps a second
 * process (the CLI while the server runs, or a second server) out.
 */
export function acquireDataDirLock(dataDir: string, owner: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "remedy.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      const content: LockOwner = { pid: process.pid, owner, since: new Date().toISOString() };
      writeFileSync(fd, JSON.stringify(content));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DatabaseBusyError(
          `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.owner}, since ${holder.since}). ` +
            `Stop that process first, or use PostgreSQL by setting DATABASE_URL.`,
        );
      }
      // The previous holder died without cleaning up: the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`Could not lock the embedded database in ${dataDir}.`);
}

function readHolder(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}
