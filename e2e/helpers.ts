import { expect, type Browser, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await keepOneTimePassword(page, password);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/**
 * Someone signing in with an admin's one-time password must choose their own first. Specs
 * that sign such a person in again with the password they were handed pass through that
 * step and then set the handed-over password again from Account (a password they choose
 * themselves, which the console accepts), ending on their start page. Does nothing for
 * anyone else.
 */
export async function keepOneTimePassword(page: Page, password: string) {
  const choose = page.getByRole("heading", { name: "Choose your password" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(choose.or(nav)).toBeVisible();
  if (!(await choose.isVisible())) return;
  const interim = `${password}-interim`;
  await page.getByLabel("One-time password").fill(password);
  await page.getByLabel("New password (10+ characters)").fill(interim);
  await page.getByLabel("New password again").fill(interim);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(nav).toBeVisible();
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(interim);
  await form.getByLabel("New password (10+ characters)").fill(password);
  await form.getByLabel("New password again").fill(password);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toContainText("Password changed.");
  await page.goto("/");
}

/** Invites a user from the Users page as the signed-in admin; returns the one-time password shown once. */
export async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.goto("/users");
  const form = page.getByRole("form", { name: "Invite user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Invite" }).click();
  const secret = page.getByTestId("secret-value");
  await expect(secret).toHaveText(/\w{20}/);
  const password = (await secret.textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();
  return password;
}

/** A browser context of its own, signed in as `email`. */
export async function session(browser: Browser, email: string, password: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}
