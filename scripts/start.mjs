/**
 * `npm start`: the compiled server (dist/, written by `npm run build`). The
 * package script runs this with `exec`, so that signals reach the server
 * itself and a container's stop drains requests in flight.
 */
import { existsSync } from "node:fs";

if (!existsSync("dist/server.mjs") || !existsSync(".next/BUILD_ID")) {
  console.error("Remedy cannot start: there is no production build here. Run `npm run build` first (or `npm run dev` for development).");
  process.exit(1);
}
await import(new URL("../dist/server.mjs", import.meta.url).href);
