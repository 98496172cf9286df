import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn, invite } from "./helpers";

test.describe.configure({ mode: "serial" });

// The database is shared with the other spec files: everything made here is named apart.
const tag = Date.now().toString(36);
const agentName = `distil-bot-${tag}`;
const people = {
  operator: { email: `distil-op-${tag}@example.com`, password: "" },
  manager: { email: `distil-boss-${tag}@example.com`, password: "" },
  reviewer: { email: `distil-rev-${tag}@example.com`, password: "" },
};
const shared = { agentId: "", runId: "", secondRunId: "", start: null as null | { url: string; actionId: string; contentType: string; body: string } };

/** Four corrections, each tied to its own error: a model can tell them apart from the failure alone. */
const CASES = [
  { category: "carrier_down", action: (i: number) => `GET /shipments/${700 + i}`, error: "503 Service Unavailable", intent: "Where is my parcel?", correction: "Tell the customer the carrier is down and offer a callback when it is back" },
  { category: "address_invalid", action: (i: number) => `POST /shipments/${700 + i}/address`, error: "422 Unprocessable Entity: postcode does not match city", intent: "Please change my delivery address", correction: "Ask the customer to confirm the postcode before updating the address" },
  { category: "stock_unavailable", action: (i: number) => `POST /orders/${700 + i}/items`, error: "409 Conflict: item out of stock", intent: "Add the blue jacket to my order", correction: "Offer the nearest size in stock and hold it for one day" },
  { category: "session_expired", action: (i: number) => `GET /accounts/${700 + i}/orders`, error: "401 Unauthorized: token expired", intent: "Show me my past orders", correction: "Refresh the session token and retry the request once" },
] as const;
const PER_CASE = 10;
const TOTAL = CASES.length * PER_CASE;

async function session(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who.email, who.password);
  return { context, page };
}

async function waitForSuccess(page: Page) {
  // A run on forty samples may end before the page first paints: either the bar is there or it is done.
  await expect(page.getByRole("progressbar").or(page.getByTestId("run-status").filter({ hasText: "Succeeded" })).first()).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 30_000 });
}

test("set-up: an operator, a manager, a reviewer and forty approved samples over four corrections", async ({ page, request }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  people.operator.password = await invite(page, people.operator.email, "OPERATOR");
  people.manager.password = await invite(page, people.manager.email, "MANAGER");
  people.reviewer.password = await invite(page, people.reviewer.email, "REVIEWER");

  await page.goto("/settings");
  await page.getByLabel("Observation stage ends after").fill("1");
  await page.getByLabel("Distillation: fewest samples per run").fill("20");
  await page.getByLabel("Distillation cost per sample").fill("10");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved \d+ change|Nothing changed/)).toBeVisible();

  await page.goto("/agents");
  await page.getByRole("form", { name: "Create agent" }).getByLabel("Name").fill(agentName);
  await page.getByRole("form", { name: "Create agent" }).getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("region", { name: `Agent ${agentName}` }).getByRole("button", { name: "Issue API key" }).click();
  const key = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();

  const interactions = CASES.flatMap((failure, c) =>
    Array.from({ length: PER_CASE }, (_, i) => ({
      timestamp: new Date(Date.now() - (c * PER_CASE + i + 1) * 1000).toISOString(),
      user_intent: `${failure.intent} (request ${i + 1})`,
      agent_action: failure.action(i),
      api_response: { error: failure.error },
      final_outcome: "apologised",
      error_category: failure.category,
      confidence_score: 0.95,
      correction: failure.correction,
    })),
  );
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { interactions } });
  expect(response.status()).toBe(202);

  // Approved through the review queue's bulk decision, narrowed to this agent.
  await page.goto("/review");
  const filter = page.getByRole("form", { name: "Queue filter" });
  await filter.getByLabel("Agent").selectOption({ label: agentName });
  await filter.getByRole("button", { name: "Apply" }).click();
  const bulk = page.getByRole("region", { name: "Bulk decision" });
  await bulk.getByRole("button", { name: "Approve all…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Approve ${TOTAL} pending samples?`);
  await dialog.getByRole("button", { name: `Approve ${TOTAL}` }).click();
  await expect(bulk.getByRole("status")).toHaveText(`Approved ${TOTAL} samples.`);
});

test("an operator previews the scope, starts a run, reads its safety report and downloads its dataset", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await session(browser, people.operator);
  await page.goto("/distillation");
  const form = page.getByRole("form", { name: "Start a run" });
  const start = form.getByRole("button", { name: "Start run" });
  await expect(start).toBeDisabled();

  await form.getByLabel("Agent").selectOption({ label: agentName });
  shared.agentId = await form.getByLabel("Agent").inputValue();
  // The agent's failure patterns load for the optional narrowing.
  await expect(form.getByRole("group", { name: /Patterns/ }).getByRole("checkbox")).toHaveCount(CASES.length);

  // From the keyboard: Enter in a field previews; a changed input needs a new preview before starting.
  const most = form.getByLabel("Max samples");
  await most.fill("30");
  await most.press("Enter");
  const preview = form.getByRole("status", { name: "Preview" });
  await expect(preview).toContainText(`${TOTAL} approved samples above confidence 0.90 qualify; the run uses 30 (cap 30) across 4 corrections.`);
  await expect(start).toBeEnabled();
  await most.fill("");
  await expect(start).toBeDisabled();
  await expect(form).toContainText("The inputs changed since the preview");

  await form.getByRole("button", { name: "Preview" }).click();
  await expect(preview).toContainText(`${TOTAL} approved samples above confidence 0.90 qualify; the run uses ${TOTAL} (cap 5,000) across 4 corrections.`);
  await expect(preview).toContainText(`Estimated cost: ${TOTAL} × $10.00 = $400.00`);
  await expect(preview.getByText("This run cannot start")).toHaveCount(0);
  await expect(start).toBeEnabled();

  // The request the browser sends, kept for the manager's replay below.
  const sent = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  await start.click();
  const startRequest = await sent;
  shared.start = {
    url: startRequest.url(),
    actionId: startRequest.headers()["next-action"],
    contentType: startRequest.headers()["content-type"],
    body: startRequest.postData() ?? "",
  };
  expect(shared.start.body).toContain(shared.agentId);

  await page.waitForURL(/\/distillation\/[0-9a-f-]{36}$/);
  shared.runId = page.url().split("/").pop()!;
  await waitForSuccess(page);

  const figures = page.getByRole("region", { name: "Figures" });
  await expect(figures).toContainText("Hold-out accuracy");
  await expect(figures).toContainText("$400.00");

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Safety report" }).click();
  const safety = page.getByRole("region", { name: "Safety report" });
  await expect(safety).toBeInViewport();
  await expect(safety.getByTestId("safety-status")).toHaveText(/^(PASS|FAIL) /);
  const checks = safety.getByRole("list", { name: "Safety checks" }).getByRole("listitem");
  await expect(checks).toHaveCount(3);
  await expect(checks.nth(0)).toContainText("No personal data in its outputs");
  await expect(checks.nth(1)).toContainText("No output on the deny-list");
  await expect(checks.nth(2)).toContainText("Hold-out accuracy at the target");

  await expect(page.getByRole("table", { name: "Confusion matrix" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Calibration by confidence bin" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Samples used" }).getByRole("row")).toHaveCount(TOTAL + 1);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download OpenAI chat JSONL" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^remedy-${agentName}-[0-9a-f]{8}-openai\\.jsonl$`));
  const lines = readFileSync((await download.path())!, "utf8").trim().split("\n");
  expect(lines).toHaveLength(TOTAL);
  const corrections = CASES.map((failure) => failure.correction as string);
  for (const line of lines) {
    const { messages } = JSON.parse(line) as { messages: Array<{ role: string; content: string }> };
    expect(messages.map((message) => message.role)).toEqual(["system", "user", "assistant"]);
    expect(corrections).toContain(messages[2].content);
  }
  await context.close();
});

test("an operator starts a smaller run and compares the two", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await session(browser, people.operator);
  await page.goto("/distillation");
  const form = page.getByRole("form", { name: "Start a run" });
  await form.getByLabel("Agent").selectOption({ label: agentName });
  await form.getByLabel("Max samples").fill("30");
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByRole("status", { name: "Preview" })).toContainText("Estimated cost: 30 × $10.00 = $300.00");
  await form.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/distillation\/[0-9a-f-]{36}$/);
  shared.secondRunId = page.url().split("/").pop()!;
  await waitForSuccess(page);

  await page.goto(`/distillation?agent=${shared.agentId}`);
  const runs = page.getByRole("table", { name: "Distillation runs" });
  await expect(runs.locator("tbody tr")).toHaveCount(2);
  const compare = page.getByRole("button", { name: "Compare", exact: true });
  await expect(compare).toBeDisabled();
  await runs.getByRole("checkbox").nth(0).check();
  await runs.getByRole("checkbox").nth(1).check();
  await compare.click();
  await page.waitForURL(/\/distillation\/compare\?a=.+&b=.+/);
  const table = page.getByRole("table", { name: "Run comparison" });
  // The smaller run costs less, and its cell says so.
  const cost = table.getByRole("row", { name: /^Cost/ });
  await expect(cost.getByRole("cell").filter({ hasText: "$300.00" })).toContainText("better");
  await expect(cost.getByRole("cell").filter({ hasText: "$400.00" })).not.toContainText("better");
  await expect(table.getByRole("row", { name: /^Safety/ })).toContainText(/PASS|FAIL/);
  await context.close();
});

test("a reviewer cannot open Distillation", async ({ browser }) => {
  const { context, page } = await session(browser, people.reviewer);
  await page.goto("/distillation");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await context.close();
});

test("a manager reads the runs without start controls, and replaying the start action is refused", async ({ browser }) => {
  const { context, page } = await session(browser, people.manager);
  await page.goto(`/distillation?agent=${shared.agentId}`);
  const runs = page.getByRole("table", { name: "Distillation runs" });
  await expect(runs).toContainText(shared.runId.slice(0, 8));
  await expect(runs.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByRole("form", { name: "Start a run" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start run" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Preview" })).toHaveCount(0);

  await page.goto(`/distillation/${shared.runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  await expect(page.getByRole("link", { name: /Download/ })).toHaveCount(0);
  expect((await page.request.get(`/api/distillation/${shared.runId}/dataset?format=openai`)).status()).toBe(403);

  const start = shared.start!;
  const replay = await page.request.post(start.url, {
    headers: { "next-action": start.actionId, "content-type": start.contentType, accept: "text/x-component" },
    data: start.body,
  });
  expect(await replay.text()).toContain("does not allow");

  await page.goto(`/distillation?agent=${shared.agentId}`);
  await expect(page.getByRole("table", { name: "Distillation runs" }).locator("tbody tr")).toHaveCount(2);
  await context.close();
});
