import { expect, type Page } from "@playwright/test";
import { NAV_ITEMS } from "../components/shell/nav";

/** Pages reached from the navigation without an id. */
const EXTRA_PAGES = ["/review/samples", "/knowledge/graph", "/kpis/report", "/distillation/compare", "/account"];

/** Detail pages: the first one each list links to, when the specs before made one. */
const DETAILS: Array<{ list: string; prefix: string; not?: RegExp }> = [
  { list: "/patterns", prefix: "/patterns/" },
  { list: "/interactions", prefix: "/interactions/" },
  { list: "/distillation", prefix: "/distillation/", not: /^\/distillation\/(new|compare)/ },
  { list: "/knowledge", prefix: "/knowledge/", not: /^\/knowledge\/graph/ },
  { list: "/rollouts", prefix: "/rollouts/" },
  { list: "/kpis", prefix: "/kpis/", not: /^\/kpis\/report/ },
];

/**
 * Every console page an admin can open: the navigation's, the ones beside them, and one
 * detail page of each list that has rows.
 */
export async function consolePages(page: Page): Promise<string[]> {
  const pages = [...NAV_ITEMS.map((item) => item.href), ...EXTRA_PAGES];
  for (const { list, prefix, not } of DETAILS) {
    await page.goto(list);
    await expect(page.locator("main h1").first()).toBeVisible();
    const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const detail = hrefs.map((href) => href.split("#")[0]).find((href) => href.length > prefix.length && !not?.test(href));
    if (detail && !pages.includes(detail)) pages.push(detail);
  }
  return pages;
}

/** Opens a console page and waits until it has drawn: its heading, and charts sized. */
export async function openPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers`).toBeLessThan(400);
  await expect(page.locator("h1").first()).toBeVisible();
  await page.waitForLoadState("load");
  // ResponsiveContainer measures its box after the first paint.
  await page.waitForTimeout(250);
}
