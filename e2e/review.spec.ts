import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn, invite, session } from "./helpers";

test.describe.configure({ mode: "serial" });

const people = { reviewer1: "", reviewer2: "", manager: "" };

async function pending(page: Page): Promise<number> {
  return Number(await page.getByTestId("pending-count").textContent());
}

test("set-up: reviewers, a manager and 30 samples waiting", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  people.reviewer1 = await invite(page, "rev1@example.com", "REVIEWER");
  people.reviewer2 = await invite(page, "rev2@example.com", "REVIEWER");
  people.manager = await invite(page, "boss@example.com", "MANAGER");

  await page.goto("/settings");
  await page.getByLabel("Observation stage ends after").fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved \d change|Nothing changed/)).toBeVisible();

  await page.goto("/agents");
  await page.getByRole("form", { name: "Create agent" }).getByLabel("Name").fill("review-bot");
  await page.getByRole("form", { name: "Create agent" }).getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("region", { name: "Agent review-bot" }).getByRole("button", { name: "Issue API key" }).click();
  const key = (await page.getByTestId("secret-value").textContent()) ?? "";
  const interactions = Array.from({ length: 30 }, (_, i) => ({
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
    user_intent: `Where is my parcel ${i}?`,
    agent_action: `GET /shipments/${5000 + i}`,
    api_response: { error: "503 Service Unavailable" },
    final_outcome: "apologised",
    error_category: "carrier_down",
    confidence_score: 0.92,
    correction: `Tell the customer the carrier is down and offer a callback (case ${i})`,
  }));
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { interactions } });
  expect(response.status()).toBe(202);
});

test("a reviewer approves three samples with the keyboard alone and the queue drops by three", async ({ browser }) => {
  const { context, page } = await session(browser, "rev1@example.com", people.reviewer1);
  await page.goto("/review");
  const card = page.getByRole("region", { name: "Sample under review" });
  await expect(card).toBeVisible();
  const before = await pending(page);
  expect(before).toBeGreaterThanOrEqual(30);
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await card.getAttribute("data-sample-id");
    expect(id).toBeTruthy();
    seen.push(id!);
    await page.keyboard.press("a");
    await expect(card).not.toHaveAttribute("data-sample-id", id!);
  }
  expect(new Set(seen).size).toBe(3);
  await expect(page.getByTestId("pending-count")).toHaveText(String(before - 3));
  await expect(page.getByTestId("done-today")).toHaveText("3");

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  await context.close();
});

test("a reject without a reason is refused with a message", async ({ browser }) => {
  const { context, page } = await session(browser, "rev1@example.com", people.reviewer1);
  await page.goto("/review");
  const card = page.getByRole("region", { name: "Sample under review" });
  const id = await card.getAttribute("data-sample-id");
  await page.keyboard.press("r");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Choose a reason to reject" })).toBeVisible();
  await expect(page.getByLabel("Reason (1–6)")).toHaveAccessibleDescription(/Choose a reason to reject/);
  await expect(card).toHaveAttribute("data-sample-id", id!);

  await page.keyboard.press("1");
  await expect(page.getByLabel("Reason (1–6)")).toHaveValue("WRONG_CORRECTION");
  await page.keyboard.press("Enter");
  await expect(card).not.toHaveAttribute("data-sample-id", id!);
  await expect(page.getByRole("status").filter({ hasText: "Rejected." })).toBeVisible();
  await context.close();
});

test("two reviewers get different samples", async ({ browser }) => {
  const one = await session(browser, "rev1@example.com", people.reviewer1);
  const two = await session(browser, "rev2@example.com", people.reviewer2);
  await Promise.all([one.page.goto("/review"), two.page.goto("/review")]);
  const first = await one.page.getByRole("region", { name: "Sample under review" }).getAttribute("data-sample-id");
  const second = await two.page.getByRole("region", { name: "Sample under review" }).getAttribute("data-sample-id");
  expect(first).toBeTruthy();
  expect(second).toBeTruthy();
  expect(first).not.toBe(second);
  await one.context.close();
  await two.context.close();
});

test("a manager reads samples without decision controls, and a direct call of the action is refused", async ({ browser }) => {
  // Capture the real decide action request a reviewer's browser sends.
  const reviewer = await session(browser, "rev2@example.com", people.reviewer2);
  await reviewer.page.goto("/review");
  const card = reviewer.page.getByRole("region", { name: "Sample under review" });
  const sampleId = (await card.getAttribute("data-sample-id"))!;
  const captured = reviewer.page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]) && (request.postData() ?? "").includes('"skip"'));
  await reviewer.page.keyboard.press("s");
  const decideRequest = await captured;
  const actionId = decideRequest.headers()["next-action"];
  await reviewer.context.close();

  const manager = await session(browser, "boss@example.com", people.manager);
  await manager.page.goto("/review");
  await expect(manager.page.getByRole("table", { name: "Pending samples" })).toBeVisible();
  await expect(manager.page.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  await expect(manager.page.getByRole("region", { name: "Sample under review" })).toHaveCount(0);

  const replay = await manager.page.request.post("/review", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([{ decision: "approve", sampleId }]),
  });
  const body = await replay.text();
  expect(body).toContain("does not allow this");
  await manager.context.close();
});

test("a reviewer edits a correction from the keyboard, and personal data in the edit is refused", async ({ browser }) => {
  const { context, page } = await session(browser, "rev1@example.com", people.reviewer1);
  await page.goto("/review");
  const card = page.getByRole("region", { name: "Sample under review" });
  const id = await card.getAttribute("data-sample-id");
  await page.keyboard.press("e");
  const editor = page.getByRole("textbox", { name: "Correction" });
  await expect(editor).toBeFocused();
  await editor.fill("Call the customer at jane.doe@example.com");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("alert").filter({ hasText: "contains personal data (EMAIL)" })).toBeVisible();
  await expect(card).toHaveAttribute("data-sample-id", id!);

  await page.keyboard.press("e");
  await page.getByRole("textbox", { name: "Correction" }).fill("Offer a callback once the carrier is back");
  await page.keyboard.press("Control+Enter");
  await expect(card).not.toHaveAttribute("data-sample-id", id!);
  // Four eyes: the edited text is saved, and someone else approves it.
  await expect(page.getByRole("status").filter({ hasText: "Correction saved. Another reviewer approves it (four eyes)." })).toBeVisible();
  await context.close();
});

test("bulk approval previews the count and asks before deciding", async ({ browser }) => {
  const { context, page } = await session(browser, "rev2@example.com", people.reviewer2);
  await page.goto("/review");
  await expect(page.getByTestId("pending-count")).not.toHaveText("0");
  await page.getByRole("button", { name: "Approve all…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(/^Approve \d+ pending samples\?$/);
  const count = Number((await dialog.getByRole("heading").textContent())!.match(/\d+/)![0]);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("pending-count")).not.toHaveText("0");

  await page.getByRole("button", { name: "Approve all…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: /^Approve \d+$/ }).click();
  await expect(page.getByRole("region", { name: "Bulk decision" }).getByRole("status")).toHaveText(/^Approved \d+ samples\.$/);
  const approved = Number((await page.getByRole("region", { name: "Bulk decision" }).getByRole("status").textContent())!.match(/\d+/)![0]);
  expect(approved).toBeGreaterThan(0);
  expect(approved).toBeLessThanOrEqual(count);
  await context.close();
});
