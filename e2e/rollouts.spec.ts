import { expect, test, type Browser, type Page } from "@playwright/test";
import { bucketOf } from "../lib/domain/bucketing";
import { ADMIN } from "../playwright.config";
import { keepOneTimePassword, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

// Other specs share the database: every name here is this spec's own.
const AGENT = "ro-canary-bot";
const OPERATOR = "ro-operator@example.com";
const MANAGER = "ro-manager@example.com";
const KEYS = 10_000;

const shared = {
  agentKey: "",
  token: "",
  operatorPassword: "",
  managerPassword: "",
  versions: {} as Record<string, string>,
  rolloutId: "",
  /** The keys the candidate served at each measurement. */
  candidates: new Set<number>(),
  promote: { url: "", actionId: "", body: "" },
};

async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.goto("/users");
  const form = page.getByRole("form", { name: "Invite user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Invite" }).click();
  const password = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();
  return password;
}

/** A signed-in person's own browser, opened on Rollouts: the page everyone in this spec starts from. */
async function session(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin?callbackUrl=%2Frollouts");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await keepOneTimePassword(page, password);
  if (!new URL(page.url()).pathname.startsWith("/rollouts")) await page.goto("/rollouts");
  await expect(page.getByRole("heading", { level: 1, name: "Rollouts" })).toBeVisible();
  return { context, page };
}

/**
 * The Agent API as an agent calls it, with Node's own fetch: Playwright's request context
 * dropped connections (ECONNRESET) over thousands of calls.
 */
async function arm(key: number): Promise<{ version: string | null; arm: "baseline" | "candidate"; rollout_id: string | null }> {
  const response = await fetch(`${test.info().project.use.baseURL}/api/v1/route?key=ro-caller-${key}`, { headers: { authorization: `Bearer ${shared.agentKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { version: string | null; arm: "baseline" | "candidate"; rollout_id: string | null };
}

/** Which of `keys` the candidate serves now, asked 8 at a time. */
async function candidateKeys(keys: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const answer = await arm(key);
      if (answer.arm === "candidate") {
        expect(answer.version).toBe("v1");
        found.add(key);
      } else {
        expect(answer.version).toBeNull();
      }
    }
  }));
  return found;
}

const ALL_KEYS = Array.from({ length: KEYS }, (_, i) => i);
const shareOf = (candidates: Set<number>) => (candidates.size / KEYS) * 100;

/** Polls `keys` until `done` holds for the candidate set; answers how long the change took to reach /route. */
async function timeUntil(keys: number[], done: (candidates: Set<number>) => boolean): Promise<number> {
  const start = Date.now();
  await expect.poll(async () => done(await candidateKeys(keys)), { timeout: 5_000, intervals: [50] }).toBe(true);
  return Date.now() - start;
}

function interactions(count: number, fields: (i: number) => Record<string, unknown>) {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
    user_intent: `Track parcel ${i}`,
    agent_action: `GET /parcels/${9100 + i}`,
    api_response: { status: 200 },
    final_outcome: "answered",
    confidence_score: 0.9,
    ...fields(i),
  }));
}

test("set-up: an agent, an operator with an access token, two safety-passed versions and a manager", async ({ page, browser, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  // Other specs share the settings: this one expects the default first step.
  await page.goto("/settings");
  await page.getByLabel("First canary step").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Saved \d change|Nothing changed/)).toBeVisible();
  shared.operatorPassword = await invite(page, OPERATOR, "OPERATOR");
  shared.managerPassword = await invite(page, MANAGER, "MANAGER");
  await page.goto("/agents");
  const create = page.getByRole("form", { name: "Create agent" });
  await create.getByLabel("Name").fill(AGENT);
  await create.getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("region", { name: `Agent ${AGENT}` }).getByRole("button", { name: "Issue API key" }).click();
  shared.agentKey = (await page.getByTestId("secret-value").textContent()) ?? "";
  await page.getByRole("button", { name: /I have stored it/ }).click();

  const operator = await session(browser, OPERATOR, shared.operatorPassword);
  await operator.page.goto("/account");
  const tokens = operator.page.getByRole("region", { name: "Access tokens" });
  await tokens.getByLabel("Token name").fill("ro-release-pipeline");
  await tokens.getByRole("button", { name: "Create token" }).click();
  shared.token = (await operator.page.getByTestId("secret-value").textContent()) ?? "";
  await operator.context.close();

  for (const version of ["v1", "v2"]) {
    const response = await request.post("/api/v1/ops/model-versions", {
      headers: { authorization: `Bearer ${shared.token}` },
      data: { agent: AGENT, version, artifact_uri: `s3://m/${version}`, metrics: { hold_out_accuracy: 0.95 }, outputs: ["Retry after the Retry-After interval"] },
    });
    expect(response.status()).toBe(201);
    const body = await response.json();
    expect(body.safety.status).toBe("PASS");
    shared.versions[version] = body.id;
  }
});

test("an operator starts v1 with the keyboard: 5% of callers get it, and the arms fill in live", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { context, page } = await session(browser, OPERATOR, shared.operatorPassword);
  await page.goto("/rollouts");
  const panel = page.getByRole("region", { name: `Agent ${AGENT}` });
  await expect(panel.getByTestId("stable-version")).toHaveText("none (knowledge only)");
  await expect(panel).toContainText("No rollout in progress.");
  const form = panel.getByRole("form", { name: `Start a rollout for ${AGENT}` });
  const candidate = form.getByLabel("Candidate version");
  await expect(candidate.locator("option")).toHaveText([/^v2 — accuracy 95\.0%/, /^v1 — accuracy 95\.0%/]);
  await candidate.selectOption(shared.versions.v1);
  await expect(form.getByLabel("Auto-promote when a gate passes")).not.toBeChecked();
  await expect(form.getByLabel("Pause")).toBeChecked();
  await form.getByRole("button", { name: "Start rollout" }).focus();
  await page.keyboard.press("Enter");

  await page.waitForURL(/\/rollouts\/[0-9a-f-]{36}$/);
  shared.rolloutId = page.url().split("/").at(-1)!;
  const status = page.getByRole("region", { name: "Rollout status" });
  await expect(status.getByTestId("rollout-status")).toHaveText("Running");
  await expect(status.getByTestId("rollout-percent")).toHaveText("5%");
  await expect(status.getByRole("listitem").and(page.locator("[aria-current=step]"))).toHaveText("5%");

  const first = await arm(0);
  expect(first.rollout_id).toBe(shared.rolloutId);
  shared.candidates = await candidateKeys(ALL_KEYS);
  expect(shareOf(shared.candidates)).toBeGreaterThanOrEqual(4);
  expect(shareOf(shared.candidates)).toBeLessThanOrEqual(6);

  // 20 interactions on the stable side (5 failed), 10 on v1 (1 failed): the page shows them without a reload.
  const sent = await request.post("/api/v1/interactions", {
    headers: { authorization: `Bearer ${shared.agentKey}` },
    data: {
      interactions: [
        ...interactions(20, (i) => ({ latency_ms: 120, ...(i < 5 ? { error_category: "carrier_down" } : {}) })),
        ...interactions(10, (i) => ({ latency_ms: 90, model_version: "v1", ...(i < 1 ? { error_category: "carrier_down" } : {}) })),
      ],
    },
  });
  expect(sent.status()).toBe(202);
  const table = page.getByRole("table", { name: "Arm figures by step" });
  await expect(table.getByRole("row").nth(1)).toContainText(/Baseline\s*20\s*25\.00%\s*120 ms/);
  await expect(table.getByRole("row").nth(2)).toContainText(/Candidate\s*10\s*10\.00%\s*90 ms/);
  await expect(page.getByRole("figure", { name: /^Error rate: Baseline 25\.00%, Candidate 10\.00%; candidate limit ≤ 15\.00%$/ })).toBeVisible();
  await context.close();
});

test("a change made elsewhere is refused with a reload offered; pause and resume", async ({ browser, request }) => {
  const { context, page } = await session(browser, OPERATOR, shared.operatorPassword);
  await page.goto(`/rollouts/${shared.rolloutId}`);
  const revision = await page.getByTestId("rollout-revision").textContent();
  // The operator's tab goes to the background: it stops refreshing and keeps showing this revision.
  await page.evaluate(() => Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true }));
  await page.waitForLoadState("networkidle");

  const paused = await request.post(`/api/v1/ops/rollouts/${shared.rolloutId}/pause`, { headers: { authorization: `Bearer ${shared.token}` }, data: {} });
  expect(paused.status()).toBe(200);
  await expect(page.getByTestId("rollout-revision")).toHaveText(revision!);

  await page.getByRole("button", { name: "Promote to 25%" }).click();
  const dialog = page.getByRole("dialog", { name: "Promote v1 to 25%?" });
  await dialog.getByRole("button", { name: "Promote" }).click();
  await expect(dialog.getByRole("alert")).toContainText("This rollout changed since you loaded it (now paused at 5%)");
  await dialog.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("Paused");
  await expect(page.getByTestId("rollout-revision")).not.toHaveText(revision!);
  await dialog.getByRole("button", { name: "Not yet" }).click();
  await page.evaluate(() => Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true }));

  expect((await candidateKeys([...shared.candidates].slice(0, 50))).size).toBe(50);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("Running");
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("Paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("Running");
  await context.close();
});

test("promoting takes v1 to 25% within a second, and callers on v1 stay on it", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await session(browser, OPERATOR, shared.operatorPassword);
  await page.goto(`/rollouts/${shared.rolloutId}`);
  const captured = page.waitForRequest((req) => req.method() === "POST" && Boolean(req.headers()["next-action"]) && (req.postData() ?? "").includes(shared.rolloutId));
  const answered = page.waitForResponse((res) => res.request().method() === "POST" && Boolean(res.request().headers()["next-action"]));
  await page.getByRole("button", { name: "Promote to 25%" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Promote v1 to 25%?" });
  await expect(dialog).toContainText("v1 gets 25% of ro-canary-bot’s traffic (now 5%)");
  await expect(dialog.getByRole("button", { name: "Promote" })).toBeFocused();
  await page.keyboard.press("Enter");
  const promote = await captured;
  shared.promote = { url: promote.url(), actionId: promote.headers()["next-action"], body: promote.postData() ?? "" };
  await answered;

  // Callers whose bucket lies between the 5% and 25% cuts are the ones the promotion moves.
  const moving = ALL_KEYS.filter((key) => {
    const bucket = bucketOf(shared.rolloutId, `ro-caller-${key}`);
    return bucket >= 500 && bucket < 2_500;
  }).slice(0, 16);
  const took = await timeUntil(moving, (candidates) => candidates.size === moving.length);
  expect(took).toBeLessThan(1_000);
  await expect(page.getByTestId("rollout-percent")).toHaveText("25%");
  await expect(page.locator("[aria-current=step]")).toHaveText("25%");

  // Over 10,000 keys the share's standard deviation at 25% is 0.43 points: ±1.5 keeps chance
  // failures to about 1 in 2,000 runs (at 5% it is 0.22 points, so ±1 holds there).
  const now = await candidateKeys(ALL_KEYS);
  expect(shareOf(now)).toBeGreaterThanOrEqual(23.5);
  expect(shareOf(now)).toBeLessThanOrEqual(26.5);
  for (const key of shared.candidates) expect(now.has(key)).toBe(true);
  shared.candidates = now;
  await context.close();
});

test("rolling back shows what changes first, then sends every caller back to the baseline", async ({ browser }) => {
  const { context, page } = await session(browser, OPERATOR, shared.operatorPassword);
  await page.goto(`/rollouts/${shared.rolloutId}`);
  await page.getByRole("button", { name: "Roll back" }).click();
  const dialog = page.getByRole("dialog", { name: `Roll ${AGENT} back?` });
  const preview = dialog.getByRole("definition");
  await expect(preview).toHaveText(["stays none (knowledge only)", "no change", "running at 25%: ends as rolled back, candidate traffic 0%"]);
  await expect(dialog).toContainText("(before promoting from 5%)");
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await expect(dialog).toBeHidden();

  const took = await timeUntil([...shared.candidates].slice(0, 16), (candidates) => candidates.size === 0);
  expect(took).toBeLessThan(1_000);
  await expect(page.getByTestId("rollout-status")).toHaveText("Rolled back");
  await expect(page.getByTestId("rollout-percent")).toHaveText("0%");
  // Only keys the candidate had can leave it; every one of them is back on the baseline, outside any rollout.
  expect((await candidateKeys([...shared.candidates])).size).toBe(0);
  expect((await arm([...shared.candidates][0])).rollout_id).toBeNull();
  await expect(page.getByRole("button", { name: /Promote|Pause|Resume|Roll back/ })).toHaveCount(0);

  await page.goto("/rollouts");
  const history = page.getByRole("table", { name: `Past rollouts of ${AGENT}` });
  await expect(history.getByRole("row").nth(1)).toContainText(/Rolled back\s*Rollout\s*v1\s*none \(knowledge only\)\s*ro-operator@example\.com/);
  await context.close();
});

test("a manager reads rollouts without controls, and replaying the promote action is refused", async ({ browser }) => {
  const { context, page } = await session(browser, MANAGER, shared.managerPassword);
  const controls = /Start rollout|Promote|Pause|Resume|Roll back|Acknowledge/;
  await page.goto("/rollouts");
  await expect(page.getByRole("region", { name: `Agent ${AGENT}` })).toBeVisible();
  await expect(page.getByRole("button", { name: controls })).toHaveCount(0);
  await expect(page.getByRole("form", { name: /Start a rollout/ })).toHaveCount(0);
  await page.goto(`/rollouts/${shared.rolloutId}`);
  await expect(page.getByRole("table", { name: "Arm figures by step" })).toBeVisible();
  await expect(page.getByRole("button", { name: controls })).toHaveCount(0);

  const replay = await page.request.post(shared.promote.url, {
    headers: { "next-action": shared.promote.actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: shared.promote.body,
  });
  expect(await replay.text()).toContain("does not allow");

  expect((await page.goto("/rollouts/not-a-rollout"))?.status()).toBe(404);
  expect((await page.goto("/rollouts/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  await context.close();
});

test("the circuit breaker stops a failing candidate and says so on every page until acknowledged", async ({ browser, request }) => {
  const started = await request.post("/api/v1/ops/rollouts", { headers: { authorization: `Bearer ${shared.token}` }, data: { agent: AGENT, candidate_version: "v2" } });
  expect(started.status()).toBe(201);
  const rolloutId: string = (await started.json()).rollout.id;
  const sent = await request.post("/api/v1/interactions", {
    headers: { authorization: `Bearer ${shared.agentKey}` },
    data: { interactions: interactions(25, () => ({ model_version: "v2", remedy_id: `mv_${shared.versions.v2}`, error_category: "carrier_down" })) },
  });
  expect(sent.status()).toBe(202);
  // The breaker judges the batch right after acknowledging it: the candidate's traffic goes to 0%.
  await expect.poll(async () => {
    const detail = await request.get(`/api/v1/ops/rollouts/${rolloutId}`, { headers: { authorization: `Bearer ${shared.token}` } });
    const { rollout } = await detail.json();
    return `${rollout.status} ${rollout.percent}%`;
  }, { timeout: 15_000 }).toBe("PAUSED 0%");

  const line = (page: Page) => page.getByRole("alert", { name: "Circuit breaker" }).getByRole("listitem").filter({ hasText: `mv_${shared.versions.v2}` });
  const text = `Circuit breaker: mv_${shared.versions.v2} disabled — 25 of 25 applied corrections failed (100.0%, threshold 30.0%) at`;

  const manager = await session(browser, MANAGER, shared.managerPassword);
  await manager.page.goto("/audit");
  await expect(line(manager.page)).toContainText(text);
  await expect(line(manager.page).getByRole("link", { name: "Open rollouts" })).toHaveAttribute("href", "/rollouts");
  await expect(line(manager.page).getByRole("button", { name: "Acknowledge" })).toHaveCount(0);

  const { context, page } = await session(browser, OPERATOR, shared.operatorPassword);
  await page.goto(`/rollouts/${rolloutId}`);
  await expect(line(page)).toContainText(text);
  await expect(page.getByTestId("rollout-status")).toHaveText("Paused");
  await expect(page.getByTestId("rollout-percent")).toHaveText("0%");
  await expect(page.getByTestId("rollout-reason")).toContainText("circuit breaker: 25 of the last 25 applied corrections failed");
  await expect(page.getByRole("button", { name: "Resume" })).toBeDisabled();
  await line(page).getByRole("button", { name: "Acknowledge" }).click();
  await expect(line(page)).toHaveCount(0);
  await manager.page.reload();
  await expect(line(manager.page)).toHaveCount(0);
  await manager.context.close();
  await context.close();
});
