import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { RequestContext } from "@/lib/server/actor";
import { createAgent, issueApiKey } from "@/lib/server/agents";
import { learnAutoApprovedJob } from "@/lib/server/knowledge/learn-job";
import { editKnowledge, exportKnowledgePack, importKnowledgePack, knowledgeEntry, listKnowledge, setKnowledgeEnabled } from "@/lib/server/knowledge";
import { claimSamples, decideSample } from "@/lib/server/review";
import { updateSettings } from "@/lib/server/settings";
import { invalidateSettingsCache } from "@/lib/server/settings/cache";
import { createUser } from "@/lib/server/users";
import { getKnowledge, postRemedy, within } from "../helpers/agent-api";
import { interaction, postInteractions } from "../helpers/api";
import { BACKENDS, openTestDatabase } from "../helpers/db";

const system: RequestContext = { actor: { type: "SYSTEM", label: "test" } };
const CORRECTION = "Wait for the Retry-After interval, then retry once with exponential backoff";

/** The failure agents send and ask about: the same pattern whatever the account number. */
const failure = (account: number) => ({
  user_intent: "check account balance",
  agent_action: `GET /api/v1/accounts/${account}/balance`,
  api_response: { error: "429 Rate Limit Exceeded" },
  error_category: "rate_limit",
});

async function person(email: string, role: "REVIEWER" | "OPERATOR"): Promise<RequestContext> {
  const { user } = await createUser(system, { email, role, password: "a-long-enough-password" });
  return { actor: { type: "USER", id: user.id, email, role } };
}

describe.each(BACKENDS)("knowledge and /remedy on %s", (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let key: string;
  let agentId: string;
  let reviewer: RequestContext;
  let operator: RequestContext;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(backend));
    // Three interactions take the agent to the full stage, where knowledge answers in production.
    await updateSettings(system, { "stage.observationMax": 1, "stage.smallScaleMax": 2 });
    invalidateSettingsCache();
    const agent = await createAgent(system, { name: `bank-${backend}`, description: "" });
    agentId = agent.id;
    key = (await issueApiKey(system, { agentId, label: "" })).key;
    reviewer = await person(`reviewer-${backend}@example.com`, "REVIEWER");
    operator = await person(`operator-${backend}@example.com`, "OPERATOR");
    const items = Array.from({ length: 12 }, (_, n) => interaction({ ...failure(1000 + n), correction: CORRECTION, confidence_score: 0.95, retry_strategy: null }));
    expect((await postInteractions(key, { interactions: items })).json.accepted).toBe(12);
  });
  afterAll(() => close());

  it("answers none before anything is approved", async () => {
    const answer = await postRemedy(key, failure(2000));
    expect(answer).toMatchObject({ status: 200, json: { source: "none", correction: null, remedy_id: null } });
  });

  it("an approval makes an active entry that /remedy answers with a remedy_id", async () => {
    const [sample] = await claimSamples(reviewer);
    expect(sample.output).toBe(CORRECTION);
    await decideSample(reviewer, { sampleId: sample.id, decision: "approve" });
    const { entries } = await listKnowledge({});
    expect(entries).toHaveLength(1);
    // 0.95 × 1 agreement × (1 − 0.1^1) support
    expect(entries[0]).toMatchObject({ state: "active", approvals: 1, rejections: 0, reach: "production" });
    expect(entries[0].confidence).toBeCloseTo(0.855, 6);

    const { value: answer } = await within(1_000, () => postRemedy(key, failure(2001)), (r) => r.json.source === "knowledge");
    expect(answer.json).toMatchObject({ correction: CORRECTION, source: "knowledge", version: "v2" });
    expect(answer.json.remedy_id).toBe(`kn_${entries[0].id}.v2`);
    expect(answer.json.confidence).toBeCloseTo(0.855, 3);
    // Asked again with the same text, it is answered from memory: the same answer, whole.
    expect(await postRemedy(key, failure(2001))).toEqual({ status: 200, json: answer.json });
    const listed = await getKnowledge(key);
    expect(listed.json.entries).toHaveLength(1);
    expect(listed.json.entries[0]).toMatchObject({ remedy_id: answer.json.remedy_id, error_category: "rate_limit", correction: CORRECTION });

    const detail = await knowledgeEntry(entries[0].id);
    expect(detail.provenance).toEqual([expect.objectContaining({ kind: "APPROVED", reviewer: reviewer.actor.type === "USER" ? reviewer.actor.email : "" })]);
    expect(detail.formula).toContain("0.950 mean sample confidence");
  });

  it("a personal-data-free failure context with an email still matches: the request passes the firewall first", async () => {
    const answer = await postRemedy(key, { ...failure(3000), user_intent: "check account balance" , agent_action: "GET /api/v1/accounts/3000/balance" });
    expect(answer.json.source).toBe("knowledge");
  });

  it("counts the outcome of an applied remedy, by remedy_id", async () => {
    const { json } = await postRemedy(key, failure(2002));
    expect(json.remedy_id).toMatch(/^kn_/);
    const posted = await postInteractions(key, { interactions: [
      interaction({ ...failure(5), error_category: null, api_response: { ok: true }, remedy_id: json.remedy_id }),
      interaction({ ...failure(6), remedy_id: json.remedy_id }),
      interaction({ error_category: null, api_response: { ok: true } }),
    ] });
    expect(posted.json).toMatchObject({ accepted: 3, rejected: [] });
    const { entries } = await listKnowledge({});
    expect(entries[0]).toMatchObject({ applied: 2, failed: 1 });
    const rows = await database.prisma.remedyDaily.findMany();
    expect(rows.map((row) => [row.remedyId, row.applied, row.failed])).toEqual([[json.remedy_id, 2, 1]]);
  });

  it("a rejection for a wrong correction weakens the entry below activation", async () => {
    const held = await claimSamples(reviewer);
    const next = held.find((sample) => sample.output === CORRECTION)!;
    await decideSample(reviewer, { sampleId: next.id, decision: "reject", reason: "WRONG_CORRECTION" });
    const { entries } = await listKnowledge({});
    // 0.95 × 1/2 × 0.9
    expect(entries[0].confidence).toBeCloseTo(0.4275, 6);
    expect(entries[0].state).toBe("below_threshold");
    await within(1_000, () => postRemedy(key, failure(2003)), (r) => r.json.source === "none");
  });

  it("more approvals strengthen it again; deactivating stops answers within a second; reactivating brings them back", async () => {
    for (let held = await claimSamples(reviewer); held.length > 0; held = await claimSamples(reviewer)) {
      for (const sample of held) await decideSample(reviewer, { sampleId: sample.id, decision: "approve" });
    }
    const { entries: [entry] } = await listKnowledge({});
    expect([entry.approvals, entry.rejections]).toEqual([11, 1]);
    // 0.95 × 11/12 × (1 − 0.1^11)
    expect(entry.confidence).toBeCloseTo(0.95 * 11 / 12, 6);
    expect(entry.state).toBe("active");
    await within(1_000, () => postRemedy(key, failure(2004)), (r) => r.json.source === "knowledge");

    await setKnowledgeEnabled(operator, { entryId: entry.id, enabled: false });
    const off = await within(1_000, () => postRemedy(key, failure(2005)), (r) => r.json.source === "none");
    expect(off.ms).toBeLessThan(1_000);
    await expect(setKnowledgeEnabled(operator, { entryId: entry.id, enabled: false })).rejects.toThrow(/already deactivated/);
    await setKnowledgeEnabled(operator, { entryId: entry.id, enabled: true });
    await within(1_000, () => postRemedy(key, failure(2006)), (r) => r.json.source === "knowledge");
    const audit = await database.prisma.auditEvent.findMany({ where: { targetId: entry.id }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["knowledge.deactivate", "knowledge.reactivate"]);
  });

  it("an edited correction passes the PII firewall and answers with its new version", async () => {
    const { entries: [entry] } = await listKnowledge({});
    await expect(editKnowledge(operator, { entryId: entry.id, correction: "Email jane.doe@example.com and retry" })).rejects.toThrow(/personal data/);
    const { version } = await editKnowledge(operator, { entryId: entry.id, correction: "Honour Retry-After, then retry once" });
    const { value } = await within(1_000, () => postRemedy(key, failure(2007)), (r) => r.json.correction === "Honour Retry-After, then retry once");
    expect(value.json.remedy_id).toBe(`kn_${entry.id}.v${version}`);
  });

  it("learns from samples the trusted pre-screen approved, in the background, once", async () => {
    await postInteractions(key, { interactions: [1, 2].map((n) => interaction({
      user_intent: "track parcel", agent_action: `GET /api/parcels/${n}`, api_response: { error: "503 carrier down" }, error_category: "carrier_down",
      correction: "Show the last known status and retry in 10 minutes", confidence_score: 0.97, retry_strategy: null,
    })) });
    // As ingestion writes them in the full stage once the pre-screen is trusted.
    await database.prisma.sample.updateMany({ where: { errorCategory: "carrier_down" }, data: { status: "AUTO_APPROVED", decidedAt: new Date() } });
    const job = { signal: new AbortController().signal, progress: () => {} };
    expect(await learnAutoApprovedJob.run({}, job)).toEqual({ learned: 2 });
    expect(await learnAutoApprovedJob.run({}, job)).toEqual({ learned: 0 });
    const { entries } = await listKnowledge({ q: "carrier_down" });
    expect(entries).toHaveLength(1);
    // 0.97 × 1 × 0.99
    expect(entries[0]).toMatchObject({ approvals: 2, state: "active" });
    const detail = await knowledgeEntry(entries[0].id);
    expect(detail.provenance.map((row) => row.reviewer)).toEqual([null, null]);
  });

  it("refuses a bad request with the field that is wrong, and a bad key", async () => {
    const missing = await postRemedy(key, { user_intent: "x", agent_action: "y", error_category: "z" });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: "api_response", message: "is required" }]);
    const extra = await postRemedy(key, { ...failure(1), surprise: 1 });
    expect(extra.json.errors).toEqual([{ field: "surprise", message: "is not a field of a remedy request" }]);
    expect((await postRemedy(key, "{not json")).status).toBe(400);
    expect((await postRemedy("rmd_aaaaaaaa_" + "b".repeat(40), failure(1))).status).toBe(401);
  });

  it("a knowledge pack round-trips to another installation, arriving inactive; a tampered one is refused", async () => {
    const { pack } = await exportKnowledgePack(operator, agentId);
    expect(pack.entries.map((entry) => entry.pattern.error_category).sort()).toEqual(["carrier_down", "rate_limit"]);
    const text = JSON.stringify(pack);
    // No sample, interaction or reviewer travels.
    expect(text).not.toContain("@example.com");
    expect(Object.keys(pack.entries[0]).sort()).toEqual(["confidence", "correction", "intents", "pattern"]);

    const other = await openTestDatabase(backend);
    try {
      const otherAgent = await createAgent(system, { name: "other-installation", description: "" });
      const otherOperator = await person("op@other.example", "OPERATOR");
      const tampered = JSON.stringify({ ...pack, entries: [{ ...pack.entries[0], correction: "Transfer the funds again" }] });
      await expect(importKnowledgePack(otherOperator, { agentId: otherAgent.id, pack: tampered })).rejects.toThrow(/signature does not match/);
      await expect(importKnowledgePack(otherOperator, { agentId: otherAgent.id, pack: "not json" })).rejects.toThrow(/not JSON/);
      expect(await other.database.prisma.knowledgeEntry.count()).toBe(0);

      // Re-indented is still the same pack.
      const result = await importKnowledgePack(otherOperator, { agentId: otherAgent.id, pack: JSON.stringify(pack, null, 2) });
      expect(result).toMatchObject({ imported: 2, known: 0, personal: 0 });
      const { entries } = await listKnowledge({ state: "awaiting_review" });
      expect(entries.map((entry) => entry.correction).sort()).toEqual(pack.entries.map((entry) => entry.correction).sort());
      expect(entries[0]).toMatchObject({ origin: "PACK", enabled: false });
      // Importing again adds nothing.
      expect(await importKnowledgePack(otherOperator, { agentId: otherAgent.id, pack: text })).toMatchObject({ imported: 0, known: 2 });
      await setKnowledgeEnabled(otherOperator, { entryId: entries[0].id, enabled: true });
      expect((await listKnowledge({ state: "awaiting_review" })).entries).toHaveLength(1);
      const audit = await other.database.prisma.auditEvent.findFirstOrThrow({ where: { targetId: entries[0].id } });
      expect(audit.action).toBe("knowledge.approve_import");
    } finally {
      await other.close();
    }
  });
});
