import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

// Other specs share the database: every name here is this spec's own.
const AGENT = "kn-refunds-bot";
const COPY = "kn-refunds-copy";
const READER = "kn-reader@example.com";
const CATEGORY = "kn_refund_window";
const CORRECTION = "Explain that the refund window has closed and offer store credit instead";

const shared = { key: "", entryPath: "", readerPassword: "", settings: { observation: "", smallScale: "" } };

/** One failure of the spec's pattern: the ids differ, the fingerprint does not. */
const failure = (n: number) => ({
  user_intent: `Refund order ${n}`,
  agent_action: `POST /orders/${n}/refund`,
  api_response: { error: "422 refund window closed" },
  error_category: CATEGORY,
});

async function remedy(request: APIRequestContext) {
  const response = await request.post("/api/v1/remedy", { headers: { authorization: `Bearer ${shared.key}` }, data: failure(8199) });
  expect(response.status()).toBe(200);
  return (await response.json()) as { source: string; correction: string | null; confidence: number; remedy_id: string | null };
}

async function saveStages(page: Page, observation: string, smallScale: string) {
  await page.goto("/settings");
  await page.getByLabel("Observation stage ends after").fill(observation);
  await page.getByLabel("Small-scale stage ends after").fill(smallScale);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved \d change|Nothing changed/)).toBeVisible();
}

async function createAgent(page: Page, name: string) {
  await page.goto("/agents");
  const form = page.getByRole("form", { name: "Create agent" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("region", { name: `Agent ${name}` })).toBeVisible();
}

test.afterAll(async ({ browser }) => {
  if (!shared.settings.observation) return;
  const page = await browser.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await saveStages(page, shared.settings.observation, shared.settings.smallScale);
  await page.close();
});

test("set-up: an agent in the full stage with six failures of one pattern, and a reviewer", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/settings");
  shared.settings.observation = await page.getByLabel("Observation stage ends after").inputValue();
  shared.settings.smallScale = await page.getByLabel("Small-scale stage ends after").inputValue();
  await saveStages(page, "1", "2");

  await createAgent(page, COPY);
  await createAgent(page, AGENT);
  await page.getByRole("region", { name: `Agent ${AGENT}` }).getByRole("button", { name: "Issue API key" }).click();
  shared.key = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();

  const interactions = Array.from({ length: 6 }, (_, i) => ({
    ...failure(8100 + i),
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
    final_outcome: "apologised",
    confidence_score: 0.95,
    correction: CORRECTION,
  }));
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${shared.key}` }, data: { interactions } });
  expect(response.status()).toBe(202);

  await page.goto("/users");
  const invite = page.getByRole("form", { name: "Invite user" });
  await invite.getByLabel("Email").fill(READER);
  await invite.getByLabel("Role").selectOption("REVIEWER");
  await invite.getByRole("button", { name: "Invite" }).click();
  shared.readerPassword = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();
});

test("two approvals make an active entry at 0.941 that answers the agent's remedy requests", async ({ page, request }) => {
  expect((await remedy(request)).source).toBe("none");

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/review");
  const filter = page.getByRole("form", { name: "Queue filter" });
  await filter.getByLabel("Agent").selectOption({ label: AGENT });
  await filter.getByRole("button", { name: "Apply" }).click();
  const card = page.getByRole("region", { name: "Sample under review" });
  await expect(card).toContainText(CORRECTION);
  const first = (await card.getAttribute("data-sample-id"))!;
  await page.keyboard.press("a");
  await expect(card).not.toHaveAttribute("data-sample-id", first);
  await card.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved." })).toBeVisible();

  await page.goto("/knowledge");
  const filters = page.getByRole("form", { name: "Filter knowledge" });
  await filters.getByLabel("Agent").selectOption({ label: AGENT });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/agent=/);
  const row = page.getByRole("table", { name: "Knowledge entries" }).getByRole("row").filter({ hasText: CORRECTION });
  await expect(row).toHaveCount(1);
  // 0.95 mean sample confidence × 1 agreement × 0.99 support after two approvals.
  await expect(row).toContainText("0.941");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("2 approvals · 0 rejections");
  await expect(row).toContainText("Production");
  await expect(row.getByRole("link", { name: CATEGORY })).toHaveAttribute("href", /^\/patterns\/[0-9a-f-]{36}$/);
  shared.entryPath = (await row.getByRole("link", { name: CORRECTION }).getAttribute("href"))!;
  expect(shared.entryPath).toMatch(/^\/knowledge\/[0-9a-f-]{36}$/);

  await expect.poll(async () => (await remedy(request)).source, { timeout: 2_000 }).toBe("knowledge");
  const answer = await remedy(request);
  expect(answer.correction).toBe(CORRECTION);
  expect(answer.confidence).toBeCloseTo(0.9405, 4);
  expect(answer.remedy_id).toMatch(new RegExp(`^kn_${shared.entryPath.split("/").at(-1)}\\.v\\d+$`));

  await page.goto(shared.entryPath);
  const confidence = page.getByRole("region", { name: "How confident" });
  await expect(confidence).toContainText("0.950 mean sample confidence × 1.000 agreement (2 of 2) × 0.990 support");
  await expect(page.getByRole("region", { name: "Entry" })).toContainText(answer.remedy_id!);
  await expect(page.getByRole("region", { name: "Provenance" }).getByRole("row").filter({ hasText: ADMIN.email })).toHaveCount(2);
});

test("a pack exports, a tampered copy is refused, and the real one imports awaiting review", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/knowledge");
  const packs = page.getByRole("region", { name: "Knowledge packs" });
  const exporter = packs.getByRole("form", { name: "Export knowledge pack" });
  await exporter.getByLabel("Agent").selectOption({ label: AGENT });
  const [download] = await Promise.all([page.waitForEvent("download"), exporter.getByRole("button", { name: "Download pack" }).click()]);
  await expect(exporter.getByRole("status")).toContainText("with 1 active entry");
  expect(download.suggestedFilename()).toMatch(new RegExp(`^remedy-knowledge-${AGENT}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const text = await readFile(await download.path(), "utf8");
  const pack = JSON.parse(text) as { entries: Array<{ correction: string }> };
  expect(pack.entries.map((entry) => entry.correction)).toEqual([CORRECTION]);

  const importer = packs.getByRole("form", { name: "Import knowledge pack" });
  const tampered = JSON.stringify({ ...pack, entries: [{ ...pack.entries[0], correction: "Refund it anyway" }] });
  await importer.getByLabel("Agent").selectOption({ label: COPY });
  await importer.getByLabel("Pack file (.json)").setInputFiles({ name: "pack.json", mimeType: "application/json", buffer: Buffer.from(tampered) });
  await importer.getByRole("button", { name: "Import pack" }).click();
  await expect(importer.getByRole("alert").filter({ hasText: "changed after it was exported" })).toBeVisible();
  await expect(importer.getByLabel("Pack file (.json)")).toHaveAttribute("aria-invalid", "true");

  await importer.getByLabel("Pack file (.json)").setInputFiles({ name: "pack.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await importer.getByRole("button", { name: "Import pack" }).click();
  await expect(importer.getByRole("status")).toContainText("1 imported (awaiting review), 0 already known, 0 refused for personal data");

  await importer.getByRole("link", { name: "Review them" }).click();
  await expect(page.getByRole("navigation", { name: "State" }).getByRole("link", { name: /^Awaiting review/ })).toHaveAttribute("aria-current", "page");
  const imported = page.getByRole("table", { name: "Knowledge entries" }).getByRole("row").filter({ hasText: COPY });
  await expect(imported).toContainText("Awaiting review");
  await imported.getByRole("link", { name: CORRECTION }).click();
  await page.getByRole("button", { name: "Approve import and activate" }).click();
  await expect(page.getByTestId("entry-state")).toHaveText("Active");
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeVisible();
});

test("deactivating an entry stops its remedy within a second; an edit saves a new version", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(shared.entryPath);
  await page.getByRole("button", { name: "Deactivate" }).click();
  const dialog = page.getByRole("dialog", { name: "Deactivate this entry?" });
  await expect(dialog).toContainText("Agents stop receiving this correction within a second");
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByTestId("entry-state")).toHaveText("Deactivated");
  // Every process re-reads the serving version four times a second.
  await expect.poll(async () => (await remedy(request)).source, { timeout: 1_000, intervals: [100] }).toBe("none");
  await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();

  const editor = page.getByRole("form", { name: "Edit correction" });
  await editor.getByLabel("Correction").fill("Offer store credit; write to jane.doe@example.com for help");
  await editor.getByRole("button", { name: /^Save/ }).click();
  await expect(editor.getByRole("alert").filter({ hasText: "personal data (EMAIL)" })).toBeVisible();
  await expect(editor.getByLabel("Correction")).toHaveAttribute("aria-invalid", "true");

  await editor.getByLabel("Correction").fill(`${CORRECTION}, valid for a year`);
  await editor.getByLabel("Correction").press("Control+Enter");
  await expect(page.getByRole("region", { name: "Entry" })).toContainText(`${CORRECTION}, valid for a year`, { timeout: 20_000 });
});

test("an access token from the Account page reads the ops API until it is revoked", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "Access tokens" });
  await tokens.getByLabel("Token name").fill("kn-release-pipeline");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("secret-value").textContent()) ?? "";
  expect(token).toMatch(/^rmt_[a-z0-9]{8}_[A-Za-z0-9]{40}$/);
  await page.getByRole("button", { name: /I have stored it/ }).click();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);

  const authorization = { authorization: `Bearer ${token}` };
  const ok = await request.get("/api/v1/ops/model-versions", { headers: authorization });
  expect(ok.status()).toBe(200);
  expect(Array.isArray((await ok.json()).model_versions)).toBe(true);

  await page.reload();
  const row = page.getByRole("table", { name: "Your access tokens" }).getByRole("row").filter({ hasText: "kn-release-pipeline" });
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row).not.toContainText("never");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("revoked");
  expect((await request.get("/api/v1/ops/model-versions", { headers: authorization })).status()).toBe(401);
});

test("a reviewer reads knowledge without edit, deactivate or pack controls", async ({ page }) => {
  await signIn(page, READER, shared.readerPassword);
  await page.goto(shared.entryPath);
  await expect(page.getByTestId("entry-state")).toHaveText("Deactivated");
  await expect(page.getByRole("region", { name: "How confident" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Deactivate|Reactivate|Approve import|Save/ })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Edit correction" })).toHaveCount(0);

  await page.goto("/knowledge");
  await expect(page.getByRole("table", { name: "Knowledge entries" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Knowledge packs" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Import knowledge pack" })).toHaveCount(0);
});
