import { readdirSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

let reviewerPassword = "";
let apiKey = "";

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("anonymous visitors are sent to sign-in and come back afterwards", async ({ page }) => {
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fagents/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
});

test("an admin invites a reviewer, who is refused the Agents page", async ({ browser }) => {
  const admin = await newPage(browser);
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  await admin.page.getByRole("link", { name: "Users" }).click();
  const form = admin.page.getByRole("form", { name: "Invite user" });
  await form.getByLabel("Email").fill("rita@example.com");
  await form.getByLabel("Name").fill("Rita Reviewer");
  await form.getByLabel("Role").selectOption("REVIEWER");
  await form.getByRole("button", { name: "Invite" }).click();
  reviewerPassword = (await admin.page.getByTestId("secret-value").textContent()) ?? "";
  expect(reviewerPassword).toMatch(/^\w{20}$/);
  await expect(admin.page.getByRole("cell", { name: "rita@example.com" })).toBeVisible();

  const reviewer = await newPage(browser);
  await signIn(reviewer.page, "rita@example.com", reviewerPassword);
  await expect(reviewer.page).toHaveURL(/\/review$/);
  await expect(reviewer.page.getByRole("link", { name: "Agents" })).toHaveCount(0);
  const response = await reviewer.page.goto("/agents");
  expect(response?.status()).toBe(403);
  await expect(reviewer.page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await admin.context.close();
  await reviewer.context.close();
});

test("an admin creates an agent and sees its API key exactly once", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/agents");
  await expect(page.getByRole("heading", { name: "No agents yet" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create agent" });
  await form.getByLabel("Name").fill("Bad Name!");
  await form.getByRole("button", { name: "Create agent" }).click();
  await expect(form.getByRole("alert")).toContainText("Use lowercase letters");
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/Use lowercase letters/);

  await form.getByLabel("Name").fill("checkout-assistant");
  await form.getByLabel("Description").fill("Answers order questions");
  await form.getByRole("button", { name: "Create agent" }).click();
  const agent = page.getByRole("region", { name: "Agent checkout-assistant" });
  await expect(agent).toBeVisible();
  await agent.getByRole("button", { name: "Issue API key" }).click();
  apiKey = (await page.getByTestId("secret-value").textContent()) ?? "";
  expect(apiKey).toMatch(/^rmd_[a-z0-9]{8}_[A-Za-z0-9]{40}$/);
  await expect(agent.getByRole("cell", { name: `${apiKey.slice(0, 12)}_…` })).toBeVisible();

  await page.getByRole("button", { name: /I have stored it/ }).click();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(apiKey.slice(13));
  await expect(page.getByRole("cell", { name: `${apiKey.slice(0, 12)}_…` })).toBeVisible();

  // The key is for agents: it does not open the console.
  const console = await request.get("/agents", { headers: { authorization: `Bearer ${apiKey}` }, maxRedirects: 0 });
  expect(console.status()).toBe(307);
});

test("the audit page shows who did what", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/audit");
  const table = page.getByRole("table", { name: "Audit events" });
  await expect(table.getByRole("cell", { name: "user.invite" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "agent.create" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "api_key.issue" })).toBeVisible();
  await expect(table).not.toContainText(apiKey.slice(13));

  await page.getByLabel("Action").selectOption("agent.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=agent.create/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("checkout-assistant");
});

test("a settings value out of range is refused and nothing changes", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/settings");
  const activation = page.getByLabel("Activate knowledge above confidence");
  await expect(activation).toHaveValue("0.85");
  await activation.fill("1.5");
  await page.getByLabel("First canary step").fill("10");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Some settings are out of range; nothing was saved.")).toBeVisible();
  await expect(activation).toHaveAccessibleDescription(/Activate knowledge above confidence must be at most 1/);
  await page.reload();
  await expect(page.getByLabel("Activate knowledge above confidence")).toHaveValue("0.85");
  await expect(page.getByLabel("First canary step")).toHaveValue("5");

  await page.getByLabel("First canary step").fill("10");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved 1 change(s).")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("First canary step")).toHaveValue("10");
});

test("disabling a user ends their session and refuses their sign-in", async ({ browser }) => {
  const reviewer = await newPage(browser);
  await signIn(reviewer.page, "rita@example.com", reviewerPassword);

  const admin = await newPage(browser);
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  await admin.page.goto("/users");
  const row = admin.page.getByRole("row", { name: /rita@example.com/ });
  await row.getByRole("button", { name: "Disable" }).click();
  await admin.page.getByRole("button", { name: "Disable account" }).click();
  // Exactly the status badge: "disabled" also occurs in the confirmation dialog's text, shown before the change is made.
  await expect(row.getByText("disabled", { exact: true })).toBeVisible();

  await reviewer.page.goto("/review");
  await expect(reviewer.page).toHaveURL(/\/signin\?.*reason=disabled/);
  await expect(reviewer.page.getByText("Your account was disabled, so you were signed out. Ask an admin to enable it.")).toBeVisible();
  await reviewer.page.getByLabel("Email").fill("rita@example.com");
  await reviewer.page.getByLabel("Password").fill(reviewerPassword);
  await reviewer.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(reviewer.page.locator("form").getByRole("alert")).toHaveText("This account is disabled. Ask an admin to enable it.");
  await admin.context.close();
  await reviewer.context.close();
});

test("health and metrics answer over HTTP", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  const migrations = readdirSync("prisma/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  expect(await health.json()).toMatchObject({
    status: "ok",
    database: { reachable: true, kind: "pglite" },
    migration: { applied: migrations.length, latest: migrations.at(-1) },
  });
  expect(health.headers()["x-request-id"]).toBeTruthy();

  const metrics = await request.get("/api/metrics");
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  const text = await metrics.text();
  expect(text).toMatch(/remedy_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
  expect(text).toContain("remedy_process_resident_memory_bytes");
});
