import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

const keys: Record<string, string> = {};
const stamp = Date.now();

async function createAgent(page: Page, name: string): Promise<string> {
  await page.goto("/agents");
  const form = page.getByRole("form", { name: "Create agent" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("region", { name: `Agent ${name}` }).getByRole("button", { name: "Issue API key" }).click();
  return (await page.getByTestId("secret-value").textContent()) ?? "";
}

async function send(request: APIRequestContext, key: string, interactions: unknown[]) {
  const response = await request.post("/api/v1/interactions", { headers: { authorization: `Bearer ${key}` }, data: { interactions } });
  expect(response.status()).toBe(202);
  expect((await response.json()).accepted).toBe(interactions.length);
}

const base = (i: number) => ({
  timestamp: new Date(stamp - (i + 1) * 1000).toISOString(),
  user_intent: `Pay invoice ${i}`,
  agent_action: `POST /invoices/${7000 + i}/pay`,
  api_response: { ok: true },
  final_outcome: "paid",
  error_category: null,
  confidence_score: 0.8,
  latency_ms: 100 + i,
  session_id: `find-session-${Math.floor(i / 4)}`,
});

/** Clicks where a person would, on the element's middle: the row's covering link takes the click. */
async function clickAt(page: Page, target: Locator) {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
}

/** What sticks out of the page's main column sideways (tables may scroll in their own box): none when the page fits. */
async function overflowing(page: Page): Promise<string[]> {
  return page.locator("main").evaluate((main) => {
    const right = main.getBoundingClientRect().right + 1;
    const all = Array.from(main.querySelectorAll<HTMLElement>("*"));
    const scrollBoxes = all.filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX));
    return all
      .filter((el) => !scrollBoxes.some((box) => box !== el && box.contains(el)) && el.getBoundingClientRect().right > right)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)} > ${Math.round(right)}`)
      .slice(0, 5);
  });
}

test("set-up: two agents send interactions, sessions, long answers and the same timeouts", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  keys.pay = await createAgent(page, "find-pay-bot");
  keys.ship = await createAgent(page, "find-ship-bot");
  const items = [
    ...Array.from({ length: 56 }, (_, i) => base(i)),
    { ...base(60), user_intent: "Refund voucher ZEBRA-42 please", latency_ms: 9_876 },
    { ...base(61), api_response: { error: "upstream timeout after 5000ms" }, error_category: "timeout", final_outcome: "gave up", correction: "Retry once with a longer timeout" },
    { ...base(62), api_response: { error: "upstream timeout after 12.5s" }, error_category: "timeout", final_outcome: "gave up", correction: "Retry once with a longer timeout" },
    { ...base(63), agent_action: "GET /rates", api_response: { error: "HTTP 429 Too Many Requests" }, error_category: "rate_limit", final_outcome: "gave up", correction: "Wait for Retry-After, then ask again" },
    { ...base(64), user_intent: "Show my statement", api_response: { statement: "x".repeat(3_000) } },
  ];
  await send(request, keys.pay, items);
  await send(request, keys.ship, [{ ...base(70), api_response: { error: "upstream timeout after 10000ms" }, error_category: "timeout", final_outcome: "gave up" }]);
});

test("interactions: search, count, whole-row links, sorting, sessions and collapsed long fields", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/interactions");
  const filters = page.getByRole("form", { name: "Filter interactions" });
  await filters.getByLabel("Search").fill("zebra-42");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=zebra-42/);
  const table = page.getByRole("table", { name: "Interactions" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(page.getByTestId("interactions-total")).toContainText("1 match in the newest");

  // A click anywhere on the row opens it, not only on the time.
  await clickAt(page, table.getByRole("row", { name: /ZEBRA-42/ }).getByText("Refund voucher ZEBRA-42 please"));
  await expect(page).toHaveURL(/\/interactions\/\d+$/);
  await expect(page.locator("main")).toContainText("Refund voucher ZEBRA-42 please");

  // The keyboard reaches each row as a link.
  await page.goto("/interactions?q=ZEBRA-42");
  await page.getByRole("link", { name: /^Interaction \d+, / }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/interactions\/\d+$/);

  await page.goto("/interactions?agent=&q=");
  await expect(page.getByTestId("interactions-total")).toHaveText(/^\d+ interactions\.$/);
  await page.getByRole("form", { name: "Filter interactions" }).getByLabel("Sort").selectOption("slowest");
  await page.getByRole("form", { name: "Filter interactions" }).getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row").nth(1)).toContainText("9876 ms");
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/sort=slowest.*cursor=|cursor=.*sort=slowest/);
  // The Latency cell only: other specs' intents say "timed out after 13155 ms" too.
  const latencies = await table.getByRole("row").evaluateAll((rows) => rows.slice(1).map((row) =>
    Number((row.querySelector('td[data-label="Latency"]')?.textContent ?? "").match(/(\d+) ms/)?.[1] ?? -1)));
  expect(latencies.length).toBeGreaterThan(0);
  // Slowest first; interactions sent without latency_ms ("—", read as -1) come last.
  expect(latencies).toEqual([...latencies].sort((a, b) => b - a));

  await page.goto("/interactions?group=session");
  const sessions = page.getByRole("table", { name: "Sessions" });
  const session = sessions.getByRole("row", { name: /find-session-3\b/ });
  await expect(session).toContainText("4");
  await session.getByRole("link").click();
  await expect(page).toHaveURL(/session=find-session-3/);
  await expect(page.getByRole("table", { name: "Interactions" }).getByRole("row")).toHaveCount(5);

  // A search that is a session id offers the session.
  await page.goto("/interactions?q=find-session-2");
  await page.getByRole("link", { name: "Show the session" }).click();
  await expect(page.getByRole("table", { name: "Interactions" }).getByRole("row")).toHaveCount(5);

  await page.goto("/interactions?q=Show+my+statement");
  await page.getByRole("link", { name: /^Interaction \d+, / }).click();
  const summary = page.getByText(/Show all 3,0\d\d characters/);
  await expect(summary).toBeVisible();
  const section = page.locator("details").filter({ has: summary });
  await expect(section).not.toHaveAttribute("open", "");
  await summary.click();
  await expect(section).toHaveAttribute("open", "");
});

test("patterns: numbers with units fold, a search reads examples, one fingerprint across agents, links and wording", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/patterns?q=429");
  const table = page.getByRole("table", { name: "Top patterns" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("http {n} too many requests");

  // "upstream timeout": other specs' agents fail with timeouts of their own in the same database.
  await page.goto("/patterns?q=upstream+timeout");
  await expect(table.getByRole("row")).toHaveCount(3);
  const pay = table.getByRole("row", { name: /find-pay-bot/ });
  await expect(pay).toContainText("upstream timeout after {duration}");
  await expect(pay.getByRole("cell").nth(2)).toHaveText("2");

  await page.getByRole("form", { name: "Filter patterns" }).getByLabel("Show").selectOption("fingerprint");
  await page.getByRole("form", { name: "Filter patterns" }).getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  const grouped = table.getByRole("row", { name: /timeout/ });
  await expect(grouped).toContainText("2 agents");
  await expect(grouped.getByRole("cell").nth(2)).toHaveText("3");
  await grouped.getByRole("link").click();
  await expect(page).toHaveURL(/fingerprint=[0-9a-f]+/);
  await expect(table.getByRole("row")).toHaveCount(3);

  await table.getByRole("row", { name: /find-pay-bot/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "timeout · find-pay-bot" })).toBeVisible();
  await expect(page.locator("main")).toContainText("Seen twice");
  await expect(page.getByTestId("same-fingerprint")).toContainText("The same failure on 1 other agent: find-ship-bot");
  const id = page.url().split("/").at(-1);
  const toQueue = page.getByRole("link", { name: /waiting for review|No samples waiting/ });
  await expect(toQueue).toHaveAttribute("href", `/review?patternId=${id}`);
  // The review queue opens filtered to this pattern.
  await toQueue.click();
  await expect(page.getByRole("form", { name: "Queue filter" }).getByLabel("Pattern")).toHaveValue(id!);

  await page.goto("/patterns?range=today&q=upstream+timeout");
  await expect(table.getByTestId("trend-one-day").first()).toHaveText("One day: no trend");
  await expect(table.locator("svg rect")).toHaveCount(0);
});

test("samples: filters by agent, pattern, status and text; rows open the sample and its interaction", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/review/samples");
  const form = page.getByRole("form", { name: "Filter samples" });
  await form.getByLabel("Agent").selectOption({ label: "find-pay-bot" });
  await form.getByRole("button", { name: "Filter" }).click();
  const table = page.getByRole("table", { name: "Samples" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: /^All 3$/ })).toBeVisible();

  await page.getByRole("form", { name: "Filter samples" }).getByLabel("Search").fill("retry-after");
  await page.getByRole("form", { name: "Filter samples" }).getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  const patternOption = page.getByRole("form", { name: "Filter samples" }).getByLabel("Pattern").locator("option", { hasText: "timeout · post /invoices/{n}/pay" });
  await expect(patternOption).toHaveCount(1);

  await page.goto(`/review/samples?q=${encodeURIComponent("longer timeout")}`);
  await page.getByRole("form", { name: "Filter samples" }).getByLabel("Pattern").selectOption({ label: "timeout · post /invoices/{n}/pay" });
  await page.getByRole("form", { name: "Filter samples" }).getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row")).toHaveCount(3);
  await page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: /^Approved/ }).click();
  await expect(page.getByText("No samples match these filters")).toBeVisible();
  await page.goBack();

  const row = table.getByRole("row").nth(1);
  const interactionHref = await row.getByRole("link", { name: /^#\d+$/ }).getAttribute("href");
  await clickAt(page, row.getByText("Retry once with a longer timeout"));
  await expect(page).toHaveURL(/\/review\/samples\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Sample · timeout" })).toBeVisible();
  await page.getByRole("link", { name: "Its interaction" }).click();
  await expect(page).toHaveURL(new RegExp(`${interactionHref}$`));
});

test("the KPI page says what is stored when its period holds nothing", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/kpis?from=2001-01-01&to=2001-01-31");
  await expect(page.getByRole("heading", { name: "No interactions in this period" })).toBeVisible();
  await expect(page.locator("main")).toContainText(/\d[\d,]* interactions stored, the latest from \d{4}-\d\d-\d\d/);
  await expect(page.locator("main")).not.toContainText("No interactions to measure yet");
});

// The KPI page is left out: its panels (components/kpis) are wider than a phone's main column until the KPI and shell work lands.
test("every page here fits 390 px without scrolling sideways", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/interactions?q=ZEBRA-42");
  const detail = await page.getByRole("link", { name: /^Interaction \d+, / }).getAttribute("href");
  await page.goto("/patterns?q=upstream+timeout");
  const pattern = await page.getByRole("table", { name: "Top patterns" }).getByRole("link").first().getAttribute("href");
  await page.goto("/review/samples");
  const sample = await page.getByRole("link", { name: /^Sample from/ }).first().getAttribute("href");
  for (const path of ["/interactions", "/interactions?group=session", detail!, "/patterns", "/patterns?by=fingerprint", pattern!, "/review/samples", sample!]) {
    await page.goto(path);
    expect(await overflowing(page), `${path} fits 390 px`).toEqual([]);
  }
});
