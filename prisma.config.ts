import { defineConfig } from "prisma/config";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// The TypeScript engine needs no Rust binaries: this project's machines cannot
// download them, and nothing at install, build, test or start may try to.
// `prisma generate` and `prisma migrate diff --from/--to-schema-datamodel` never
// call the adapter; migrations are applied by lib/db/migrator.ts (see README).
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    // Built against driver-adapter-utils 6.10; see lib/db/client.ts for the cast.
    return new PrismaPGlite(new PGlite()) as unknown as SqlMigrationAwareDriverAdapterFactory;
  },
});
