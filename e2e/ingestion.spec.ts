import { expect, test } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

let key = "";

test("an agent's interactions become patterns, explorer rows and stage progress", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/agents");
  const form = page.getByRole("form", { name: "Create agent" });
  await form.getByLabel("Name").fill("support-bot");
  await form.getByRole("button", { name: "Create agent" }).click();
  const agent = page.getByRole("region", { name: "Agent support-bot" });
  await agent.getByRole("button", { name: "Issue API key" }).click();
  key = (await page.getByTestId("secret-value").textContent()) ?? "";

  const now = Date.now();
  const interactions = Array.from({ length: 12 }, (_, i) => ({
    interaction_id: `e2e-${i}`,
    timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    user_intent: i === 0 ? "My email is jane.doe@example.com, refund order 8812" : "refund order",
    agent_action: `POST /orders/${8800 + i}/refund`,
    api_response: { error: "402 Payment Required" },
    final_outcome: "escalated_to_human",
    error_category: i < 9 ? "payment_declined" : null,
    confidence_score: 0.9,
    latency_ms: 200 + i,
    model_version: "v3",
  }));
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { interactions } });
  expect(response.status()).toBe(202);
  expect(await response.json()).toEqual({ accepted: 12, duplicates: 0, rejected: [] });

  await page.goto("/patterns");
  const table = page.getByRole("table", { name: "Top patterns" });
  const row = table.getByRole("row", { name: /payment_declined/ });
  await expect(row).toContainText("post /orders/{n}/refund");
  await expect(row.getByRole("cell").nth(2)).toHaveText("9");
  await expect(page.getByRole("region", { name: "Failures by version" })).toContainText("v3");

  await row.getByRole("link", { name: "post /orders/{n}/refund" }).click();
  await expect(page.getByRole("heading", { name: "payment_declined · support-bot" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Example interactions" }).getByRole("row")).toHaveCount(10);

  await page.goto("/interactions");
  await page.getByLabel("Outcome").selectOption("succeeded");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: "Interactions" }).getByRole("row")).toHaveCount(4);

  await page.goto("/interactions?outcome=failed");
  const piiRow = page.getByRole("row", { name: /<EMAIL_1>/ });
  await expect(piiRow).toBeVisible();
  await piiRow.getByRole("link").first().click();
  await expect(page.getByTestId("pii-badge")).toHaveText("EMAIL × 1");
  await expect(page.locator("main")).not.toContainText("jane.doe@example.com");

  await page.goto("/agents");
  const stage = page.getByRole("region", { name: "Agent support-bot" });
  await expect(stage).toContainText("Observation stage");
  await expect(stage).toContainText("12 interactions");
  await expect(stage).toContainText("989 more to small-scale");
});

test("a retried item counts as a duplicate and an unknown field is named", async ({ request }) => {
  const retry = await request.post("/api/v1/interactions", {
    headers: { authorization: `Bearer ${key}` },
    data: { interaction_id: "e2e-0", timestamp: new Date().toISOString(), user_intent: "x", agent_action: "y", api_response: {}, final_outcome: "z", confidence_score: 1 },
  });
  expect(retry.status()).toBe(202);
  expect(await retry.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

  const bad = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { user_intent: "x", extra: 1 } });
  expect(bad.status()).toBe(400);
  const body = await bad.json();
  expect(body.rejected[0].errors).toEqual(expect.arrayContaining([{ field: "extra", message: expect.stringContaining("not a field") }]));
});
