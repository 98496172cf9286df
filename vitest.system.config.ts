import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/**
 * System tests: the production server (`next build` output served by server.ts) as a child
 * process, loaded over HTTP, on PGlite and on a throwaway PostgreSQL cluster. Needs `.next/`.
 * Files run one after another: each one saturates this machine's cores on its own.
 */
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["tests/system/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    globalSetup: ["tests/setup/global.ts"],
  },
});
