import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** Invites someone as the admin and returns their one-time password. */
async function invite(browser: Browser, email: string, name = ""): Promise<string> {
  const admin = await newPage(browser);
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  await admin.page.goto("/users");
  const form = admin.page.getByRole("form", { name: "Invite user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption("OPERATOR");
  await form.getByRole("button", { name: "Invite" }).click();
  const password = (await admin.page.getByTestId("secret-value").textContent()) ?? "";
  await admin.context.close();
  return password;
}

/** Submits the sign-in form once and returns what the form says, or null when it signed in. */
async function trySignIn(page: Page, email: string, password: string): Promise<string | null> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  // The form clears its last message before it posts: after the answer, what shows is this attempt's.
  const answered = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await answered;
  const alert = page.locator("form").getByRole("alert");
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(alert.or(main)).toBeVisible();
  return (await alert.isVisible()) ? await alert.textContent() : null;
}

test("every response carries the security headers, and the console runs under its Content-Security-Policy", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(String(error)));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber} on ${location.pathname}`));
  });

  const signin = await page.goto("/signin");
  const headers = signin!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");

  await signIn(page, ADMIN.email, ADMIN.password);
  for (const path of ["/agents", "/users", "/review", "/patterns", "/interactions", "/kpis", "/audit", "/settings", "/account", "/no-such-page"]) {
    await page.goto(path);
    await expect(page.locator("body")).toBeVisible();
  }
  // Client-side navigation and a server action under the policy too.
  await page.goto("/agents");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users$/);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Nothing changed.")).toBeVisible();
  expect(violations).toEqual([]);

  for (const response of [await request.get("/api/health"), await request.post("/api/v1/interactions", { data: {} }), await request.get("/api/auth/csrf")]) {
    expect(response.headers()["x-content-type-options"], response.url()).toBe("nosniff");
    expect(response.headers()["content-security-policy"], response.url()).toContain("frame-ancestors 'none'");
  }
});

test("a server action posted from another origin gets 403", async ({ request }) => {
  const response = await request.post("/account", {
    headers: { "Next-Action": "7f".repeat(21), Origin: "http://127.0.0.1:9999", "Content-Type": "text/plain;charset=UTF-8" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  const opaque = await request.post("/account", {
    headers: { "Next-Action": "7f".repeat(21), Origin: "null", "Content-Type": "text/plain;charset=UTF-8" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(opaque.status()).toBe(403);
});

test("a sign-in body over 8 KiB is refused before it is read", async ({ request }) => {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken: csrf.csrfToken, email: ADMIN.email, password: "x".repeat(1024 * 1024), json: "true" }).toString();
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: body,
    maxRedirects: 0,
  });
  expect(response.status()).toBe(413);
});

const HOSTILE_CALLBACKS = ["/\\127.0.0.1:9999/x", "/\t/127.0.0.1:9999/x", "//127.0.0.1:9999/x", "/\\\\127.0.0.1:9999/x", "http://127.0.0.1:9999/x", "javascript:alert(1)"];

for (const callbackUrl of HOSTILE_CALLBACKS) {
  test(`sign-in with callbackUrl ${JSON.stringify(callbackUrl)} stays on this site`, async ({ browser, baseURL }) => {
    const { context, page } = await newPage(browser);
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(await trySignIn(page, ADMIN.email, ADMIN.password)).toBeNull();
    await page.waitForLoadState();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await context.close();
  });
}

test("a signed-out session cookie stops working, even replayed", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signIn(page, ADMIN.email, ADMIN.password);
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayed = await replay.newPage();
  await replayed.goto("/agents");
  await expect(replayed).toHaveURL(/\/signin\?.*reason=expired/);
  await replay.close();
  await context.close();
});

test("changing your password ends your other sessions and keeps this one; weak passwords are refused", async ({ browser }) => {
  const email = "sam@example.com";
  const temporary = await invite(browser, email);
  const here = await newPage(browser);
  const elsewhere = await newPage(browser);
  await signIn(here.page, email, temporary);
  await signIn(elsewhere.page, email, temporary);

  await here.page.goto("/account");
  const form = here.page.getByRole("form", { name: "Change password" });
  const change = async (next: string) => {
    await form.getByLabel("Current password").fill(temporary);
    await form.getByLabel("New password (10+ characters)").fill(next);
    await form.getByLabel("New password again").fill(next);
    await form.getByRole("button", { name: "Change password" }).click();
  };
  await change("sam@example.com2026");
  await expect(form.getByText("The password must not contain your email address. Choose something else.")).toBeVisible();
  await change("1q2w3e4r5t6y");
  await expect(form.getByText(/among the most common/)).toBeVisible();
  await change("lantern quietly folding");
  await expect(form.getByRole("status")).toHaveText("Password changed. Signed out of 1 other session.");

  await here.page.goto("/agents");
  await expect(here.page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  await elsewhere.page.goto("/agents");
  await expect(elsewhere.page).toHaveURL(/\/signin\?.*reason=expired/);
  await here.context.close();
  await elsewhere.context.close();
});

test("an invite name holding a NUL gets a form error, not a server error", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/users");
  const form = page.getByRole("form", { name: "Invite user" });
  await form.getByLabel("Email").fill("nul@example.com");
  await form.getByLabel("Name").fill("Bad\u0000Name");
  await form.getByLabel("Role").selectOption("REVIEWER");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("alert").first()).toContainText("control character (NUL)");
  await expect(page.getByRole("cell", { name: "nul@example.com" })).toHaveCount(0);
});

test("repeated wrong passwords slow an account down, then lock it for 15 minutes", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = "lena@example.com";
  const password = await invite(browser, email);
  const { context, page } = await newPage(browser);
  await page.goto("/signin");
  let failures = 0;
  let waits = 0;
  while (failures < 10) {
    const said = await trySignIn(page, email, "not her password");
    const wait = said?.match(/^Too many attempts\. Try again in (\d+) seconds?\.$/);
    if (wait) {
      waits++;
      await page.waitForTimeout(Number(wait[1]) * 1000);
      continue;
    }
    expect(said).toBe("Email or password is incorrect.");
    failures++;
  }
  expect(waits).toBeGreaterThanOrEqual(1);
  expect(await trySignIn(page, email, password)).toBe("Too many attempts. Try again in 15 minutes.");
  await context.close();
});
