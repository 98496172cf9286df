/**
 * Writes the next migration from the change to prisma/schema.prisma:
 *   npm run db:migration -- <name>
 * It diffs the datamodel the existing migrations were made from
 * (prisma/migrations/schema.snapshot.prisma) against schema.prisma with
 * `prisma migrate diff`, which works offline and needs no database.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lowercase letters, digits and underscores)");
  process.exit(1);
}

const migrationsDir = path.join("prisma", "migrations");
const snapshot = path.join(migrationsDir, "schema.snapshot.prisma");
const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const sql = execFileSync(
  path.join("node_modules", ".bin", "prisma"),
  ["migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", "schema.prisma"), "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);

if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
  console.error("schema.prisma matches the migrations: nothing to write.");
  process.exit(1);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(path.join("prisma", "schema.prisma"), snapshot);
console.log(`Wrote ${path.join(dir, "migration.sql")}; review it, then commit it with the schema change.`);
