import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Removes the run's data directory once the server has stopped (the config made it under the temp directory). */
export default function teardown() {
  const dir = process.env.REMEDY_E2E_DATA;
  if (dir && path.resolve(dir).startsWith(path.resolve(os.tmpdir()) + path.sep)) rmSync(dir, { recursive: true, force: true });
}
