import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can, PAGE_ACCESS, PERMISSIONS_OF, ROLES, type Page, type Permission } from "./roles";

/** The README's roles table, row by row: what a reader is told each role can do. */
function readmeRoleRows(): string[][] {
  const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Roles"), readme.indexOf("\n## ", readme.indexOf("## Roles") + 1));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| what "))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
}

describe("the README's roles table", () => {
  const rows = readmeRoleRows();

  it("says for every permission exactly which roles have it", () => {
    const permissionRows = rows.filter((cells) => /`[a-z]+:[a-z]+`/.test(cells[0]));
    const told = new Map(permissionRows.map((cells) => [/`([a-z]+:[a-z]+)`/.exec(cells[0])![1] as Permission, cells.slice(1)]));
    for (const [permission, marks] of told) {
      expect(marks.map((mark) => mark === "✓"), permission).toEqual(ROLES.map((role) => can(role, permission)));
    }
    // Admins hold every permission there is, so theirs is the complete list.
    expect(new Set(told.keys())).toEqual(new Set(PERMISSIONS_OF.ADMIN));
  });

  it("lists the pages each role opens", () => {
    const opens = rows.find((cells) => cells[0].startsWith("opens"))!;
    ROLES.forEach((role, i) => {
      const pages = (Object.keys(PAGE_ACCESS) as Page[]).filter((page) => PAGE_ACCESS[page].includes(role));
      const cell = opens[i + 1];
      const listed = cell === "every page" ? Object.keys(PAGE_ACCESS) : cell.split(",").map((page) => page.trim());
      expect(new Set(listed), role).toEqual(new Set(pages));
    });
  });
});
