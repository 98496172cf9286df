import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { consolePages, openPage } from "./console-pages";
import { signIn, invite } from "./helpers";


const tag = Date.now().toString(36);

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** The serious and critical problems axe-core finds on the page as it is now, one line each. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${where}: ${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${violation.help}`));
}

/** Charts drawn as a keyboard `application` that nothing names. */
async function unnamedApplications(page: Page, where: string): Promise<string[]> {
  const count = await page.locator('[role="application"]:not([aria-label]):not([aria-labelledby])').count();
  return count ? [`${where}: ${count} unnamed role="application"`] : [];
}

/** Invites someone as the admin on `page` (on /users) and returns their one-time password. */
/** Signs in with the sign-in form only, wherever that leads. */
async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("axe-core finds no serious or critical problem on any page", async ({ browser, page }) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Remedy" })).toBeVisible();
  problems.push(...(await axeProblems(page, "/signin")));

  await signIn(page, ADMIN.email, ADMIN.password);
  const pages = await consolePages(page);
  for (const path of pages) {
    await openPage(page, path);
    problems.push(...(await axeProblems(page, path)), ...(await unnamedApplications(page, path)));
  }

  // The page a one-time password leads to, and settings as someone who may only read them.
  const managerEmail = `a11y-manager-${tag}@example.com`;
  const password = await invite(page, managerEmail, "MANAGER");
  const manager = await newPage(browser);
  await submitSignIn(manager.page, managerEmail, password);
  await expect(manager.page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  problems.push(...(await axeProblems(manager.page, "/signin/change-password")));
  await manager.context.close();

  expect(problems, `visited ${pages.length + 2} pages: ${pages.join(", ")}`).toEqual([]);
});

test("a destructive confirmation is a named, described dialog that opens on Cancel", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const email = `a11y-dialog-${tag}@example.com`;
  await invite(page, email, "REVIEWER");
  const row = page.getByRole("row", { name: new RegExp(email) });

  await row.getByRole("button", { name: "Disable" }).click();
  const dialog = page.getByRole("dialog", { name: `Disable ${email}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/signed out everywhere at once/);
  expect(await dialog.getAttribute("aria-labelledby")).toMatch(/^\S+$/);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  // Enter on the focused button does nothing to the account.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(row.getByText("active", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Reset password" }).click();
  const reset = page.getByRole("dialog", { name: `Reset the password of ${email}?` });
  await expect(reset.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(reset).toBeHidden();
  await expect(page.getByRole("region", { name: `New password for ${email}` })).toHaveCount(0);
});

test("a role change asks first, can be cancelled, and says what it did", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const email = `a11y-role-${tag}@example.com`;
  await invite(page, email, "REVIEWER");
  const role = page.getByLabel(`Role of ${email}`, { exact: true });
  await expect(role).toHaveValue("REVIEWER");

  await role.selectOption("OPERATOR");
  const dialog = page.getByRole("dialog", { name: `Change the role of ${email}?` });
  await expect(dialog).toHaveAccessibleDescription(/From reviewer to operator/);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("REVIEWER");
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`, { exact: true })).toHaveValue("REVIEWER");

  await page.getByLabel(`Role of ${email}`, { exact: true }).selectOption("OPERATOR");
  await page.getByRole("dialog", { name: `Change the role of ${email}?` }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${email} is now operator.` })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`, { exact: true })).toHaveValue("OPERATOR");
});

test("a one-time password must be changed before any console page opens, and stale errors clear", async ({ browser, page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const email = `a11y-otp-${tag}@example.com`;
  const oneTime = await invite(page, email, "OPERATOR");

  const user = await newPage(browser);
  await submitSignIn(user.page, email, oneTime);
  await expect(user.page).toHaveURL(/\/signin\/change-password/);
  await expect(user.page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  // Typed in by hand, any console page sends them back here, from the server.
  for (const path of ["/agents", "/rollouts", "/account"]) {
    const response = await user.page.goto(path);
    expect(response?.url()).toContain(`/signin/change-password?callbackUrl=${encodeURIComponent(path)}`);
    await expect(user.page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  }

  const form = user.page.getByRole("form", { name: "Change password" });
  const next = form.getByLabel("New password (10+ characters)");
  await form.getByLabel("One-time password").fill(oneTime);
  await next.fill(oneTime);
  await form.getByLabel("New password again").fill(oneTime);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(next).toHaveAccessibleDescription("Choose a new password, not the one you have now.");
  await expect(next).toHaveAttribute("aria-invalid", "true");
  // Correcting the field takes its message back at once.
  await next.fill("harbour lights at dusk");
  await expect(form.getByText("Choose a new password, not the one you have now.")).toHaveCount(0);
  await expect(next).not.toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("New password again").fill("harbour lights at dusk");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(user.page).toHaveURL(/\/account$/);
  await expect(user.page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await user.page.goto("/agents");
  await expect(user.page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();

  // The one-time password no longer works; an admin's reset issues a new one, with the same rule.
  await user.context.close();
  const again = await newPage(browser);
  await submitSignIn(again.page, email, oneTime);
  await expect(again.page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.goto("/users");
  await page.getByRole("row", { name: new RegExp(email) }).getByRole("button", { name: "Reset password" }).click();
  await page.getByRole("dialog", { name: `Reset the password of ${email}?` }).getByRole("button", { name: "Reset password" }).click();
  const reset = (await page.getByRole("region", { name: `New password for ${email}` }).getByTestId("secret-value").textContent()) ?? "";
  await submitSignIn(again.page, email, reset);
  await expect(again.page).toHaveURL(/\/signin\/change-password/);
  await again.context.close();
});

test("someone disabled mid-session lands on a clean sign-in address that says their account was disabled", async ({ browser, page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const email = `a11y-disabled-${tag}@example.com`;
  const password = await invite(page, email, "OPERATOR");
  const user = await newPage(browser);
  await signIn(user.page, email, password);
  await user.page.goto("/agents");
  await expect(user.page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();

  await page.goto("/users");
  await page.getByRole("row", { name: new RegExp(email) }).getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog", { name: `Disable ${email}?` }).getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByRole("row", { name: new RegExp(email) }).getByText("disabled", { exact: true })).toBeVisible();

  // A client-side navigation: Next asks the server for the page with its internal _rsc parameter.
  await user.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rollouts" }).click();
  await expect(user.page).toHaveURL(/\/signin\?/);
  const url = new URL(user.page.url());
  expect(url.searchParams.get("reason")).toBe("disabled");
  expect(url.searchParams.get("callbackUrl")).toBe("/rollouts");
  expect(url.href).not.toContain("_rsc");
  await expect(user.page.getByText("Your account was disabled, so you were signed out. Ask an admin to enable it.")).toBeVisible();
  await expect(user.page.getByText("Your session has expired")).toHaveCount(0);
  await user.context.close();
});

test("settings: a refused save puts a summary with links at the top under focus; a read-only viewer sees values, not fields", async ({ browser, page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/settings");
  const activation = page.getByLabel("Activate knowledge above confidence");
  await activation.fill("1.5");
  await page.getByRole("button", { name: "Save settings" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("nothing was saved");
  const box = await summary.boundingBox();
  const form = await page.getByRole("form", { name: "Settings" }).boundingBox();
  expect(box!.y).toBeLessThanOrEqual(form!.y + 1);
  await summary.getByRole("link", { name: /Activate knowledge above confidence/ }).click();
  await expect(activation).toBeFocused();
  await activation.fill("0.85");
  await expect(summary).toHaveCount(0);
  await expect(activation).not.toHaveAttribute("aria-invalid", "true");

  // Operator labels are whole, and PII types read as people write them.
  const iban = page.getByLabel("IBAN", { exact: true });
  await expect(iban).toBeVisible();
  await expect(page.getByLabel("US SSN", { exact: true })).toBeVisible();
  await expect(page.getByLabel("CN resident ID", { exact: true })).toBeVisible();
  const cut = await iban.evaluate((select: HTMLSelectElement) => {
    const probe = document.createElement("span");
    probe.style.font = getComputedStyle(select).font;
    probe.style.whiteSpace = "nowrap";
    probe.textContent = Array.from(select.options).map((option) => option.text).sort((a, b) => b.length - a.length)[0];
    document.body.append(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    return needed > select.getBoundingClientRect().width - 16;
  });
  expect(cut, "the longest operator label fits its select").toBe(false);

  const email = `a11y-reader-${tag}@example.com`;
  const password = await invite(page, email, "MANAGER");
  const reader = await newPage(browser);
  await signIn(reader.page, email, password);
  await reader.page.goto("/settings");
  await expect(reader.page.getByText("Read-only: only admins can change settings.")).toBeVisible();
  await expect(reader.page.getByRole("textbox")).toHaveCount(0);
  await expect(reader.page.getByRole("spinbutton")).toHaveCount(0);
  await expect(reader.page.getByRole("combobox")).toHaveCount(0);
  await expect(reader.page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  const activationRow = reader.page.getByRole("term").filter({ hasText: "Activate knowledge above confidence" });
  await expect(activationRow).toBeVisible();
  await expect(reader.page.getByRole("definition").filter({ hasText: /^0\.85/ }).first()).toBeVisible();
  await reader.context.close();
});

test("the console has a favicon, and first load asks for nothing that is missing", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Remedy" })).toBeVisible();
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
});
