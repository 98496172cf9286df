import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { consolePages, openPage } from "./console-pages";

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

async function signInHere(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** How far the page reaches past the screen's right edge, and the outermost elements that stick out. */
async function sideways(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const overflow = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const element of Array.from(document.querySelectorAll<HTMLElement>("main *, nav *"))) {
        if (element.getBoundingClientRect().right <= width + 1) continue;
        const parent = element.parentElement;
        if (parent && parent.getBoundingClientRect().right > width + 1) continue;
        culprits.push(`${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.trim().split(/\s+/).join(".")}` : ""} (${Math.round(element.getBoundingClientRect().right)} px)`);
        if (culprits.length >= 5) break;
      }
    }
    return { overflow, culprits };
  });
}

test("the sign-in page fits a 390 px screen", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Remedy" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

test("no console page scrolls sideways at 390×844", async ({ page }) => {
  test.setTimeout(240_000);
  await signInHere(page);
  const pages = await consolePages(page);
  expect(pages.length).toBeGreaterThanOrEqual(17);
  const wide: string[] = [];
  for (const path of pages) {
    await openPage(page, path);
    expect(await page.evaluate(() => window.innerWidth)).toBe(PHONE.width);
    const { overflow, culprits } = await sideways(page);
    if (overflow > 0) wide.push(`${path}: ${PHONE.width + overflow} px wide; ${culprits.join(", ")}`);
  }
  expect(wide, `pages wider than the screen (visited ${pages.join(", ")})`).toEqual([]);
});

test("on a narrow screen the navigation opens from a Menu button, by mouse and keyboard, and Escape closes it", async ({ page }) => {
  await signInHere(page);
  await page.goto("/users");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.getByRole("button", { name: "Menu" });
  const patterns = nav.getByRole("link", { name: "Patterns" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(patterns).toBeHidden();
  // The bar is all the navigation takes: the page's heading is in view below it.
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeInViewport();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(patterns).toBeVisible();
  await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(patterns).toBeHidden();
  await expect(menu).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Review" })).toBeFocused();
  await patterns.click();
  await expect(page).toHaveURL(/\/patterns$/);
  await expect(page.getByRole("heading", { level: 1, name: "Patterns" })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(patterns).toBeHidden();
});

test("on a wide screen the navigation is always open and the Menu button is not there", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInHere(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Patterns" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Menu" })).toBeHidden();
});
