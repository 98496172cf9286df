import { expect, test } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test("the fiftieth decision retrains the pre-screen in the background, and the Jobs page shows it", async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  const retrainings = page.getByRole("table", { name: "Jobs" }).getByRole("row").filter({ hasText: "prescreen.retrain" });
  await expect(retrainings).toHaveCount(0);

  await page.goto("/settings");
  await page.getByLabel("Observation stage ends after").fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved \d change|Nothing changed/)).toBeVisible();

  await page.goto("/agents");
  await page.getByRole("form", { name: "Create agent" }).getByLabel("Name").fill("jobs-bot");
  await page.getByRole("form", { name: "Create agent" }).getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("region", { name: "Agent jobs-bot" }).getByRole("button", { name: "Issue API key" }).click();
  const key = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();
  const interactions = Array.from({ length: 50 }, (_, i) => ({
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
    user_intent: `Refund order ${i}`,
    agent_action: `POST /refunds/${9000 + i}`,
    api_response: { error: "409 Conflict" },
    final_outcome: "escalated",
    error_category: "refund_conflict",
    confidence_score: 0.93,
    correction: `Check the refund's state before retrying it (case ${i})`,
  }));
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { interactions } });
  expect(response.status()).toBe(202);

  await page.goto("/review");
  const card = page.getByRole("region", { name: "Sample under review" });
  for (let i = 0; i < 50; i++) {
    const id = await card.getAttribute("data-sample-id");
    expect(id).toBeTruthy();
    await page.keyboard.press("a");
    // The next sample, or the empty queue after the last.
    await expect(page.locator(`[data-sample-id="${id}"]`)).toHaveCount(0);
  }
  await expect(page.getByTestId("done-today")).toHaveText("50");

  // The runner polls every second; the retraining itself takes well under one.
  await expect(async () => {
    await page.goto("/jobs");
    await expect(retrainings).toHaveCount(1);
    await expect(retrainings.getByText("Succeeded")).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  // Queued by the decision that made it due, on behalf of the reviewer who made it.
  await expect(retrainings).toContainText(ADMIN.email);

  await page.getByLabel("Status").selectOption("FAILED");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByText("No jobs match these filters")).toBeVisible();
});
