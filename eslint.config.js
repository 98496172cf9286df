import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

/** Import patterns a layer may not use (ARCHITECTURE.md, "Layers and folders"); aliases and relative paths alike. */
const layer = (name) => {
  const last = name.split("/").at(-1);
  return [`@/${name}`, `@/${name}/**`, `**/${name}/**`, `../${last}`, `../${last}/**`, `../../${last}/**`];
};
const forbid = (message, ...groups) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups.flat(), message }] }],
});

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", "dist/**", ".next-*/**", "node_modules/**", "lib/db/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["lib/domain/**"],
    rules: forbid(
      "lib/domain is pure: it imports nothing of ours but lib/schemas, and no framework.",
      layer("lib/db"), layer("lib/server"), layer("lib/actions"), layer("app"), layer("components"), ["next", "next/*", "react", "@prisma/*"],
    ),
  },
  {
    files: ["components/**"],
    rules: forbid(
      "Components reach data through server actions (lib/actions) and props; never lib/server, lib/db or routes in app/.",
      layer("lib/server"), layer("lib/db"), layer("app"),
    ),
  },
  {
    files: ["lib/db/**"],
    rules: forbid("lib/db holds queries only; use-cases in lib/server call it, never the other way.", layer("lib/server"), layer("lib/actions"), layer("app"), layer("components")),
  },
  {
    files: ["lib/schemas/**", "lib/sdk/**"],
    rules: forbid("Schemas are shared with the browser and agents: no server code.", layer("lib/server"), layer("lib/db"), layer("lib/actions"), layer("app"), layer("components")),
  },
  {
    files: ["lib/server/**", "lib/actions/**", "lib/*.ts"],
    rules: forbid("lib never imports routes or components.", layer("app"), layer("components")),
  },
];
export default config;
