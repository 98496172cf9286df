import { createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import {
  countEntriesByState,
  entryProvenance,
  knowledgeGraphRows,
  findEntry,
  findEntryByCorrection,
  listEntries,
  lockEntry,
  lockOrCreateEntry,
  markActivated,
  packableEntries,
  recordEvidence,
  remedyTotals,
  samplesForKnowledge,
  updateEntry,
  type EntryListRow,
  type KnowledgeRow,
} from "@/lib/db/knowledge";
import { ensurePatterns } from "@/lib/db/patterns";
import { bumpServingVersion } from "@/lib/db/serving";
import { prismaQueryable } from "@/lib/db/sql";
import { fingerprintHash } from "@/lib/domain/fingerprint";
import {
  addIntent,
  correctionKey,
  entryIsActive,
  explainConfidence,
  intentKey,
  knowledgeConfidence,
  knowledgeReach,
  rejectionWeakens,
  remedyIdOf,
} from "@/lib/domain/knowledge";
import { canonicalPackBytes } from "@/lib/domain/knowledge-pack";
import { scanText } from "@/lib/domain/pii";
import type { Settings } from "@/lib/domain/settings";
import {
  knowledgePackSchema,
  PACK_FORMAT,
  PACK_VERSION,
  type KnowledgeEntryView,
  type KnowledgeFilter,
  type KnowledgePack,
  type KnowledgeState,
  type UnsignedPack,
} from "@/lib/schemas/knowledge";
import { sampleInputSchema } from "@/lib/schemas/review";
import type { RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, invalid, notFound, UserError } from "@/lib/server/errors";
import { servingChanged } from "@/lib/server/remedy";
import { refusePersonalData } from "@/lib/server/samples";
import { instanceSecret } from "@/lib/server/secrets";
import { getSettings } from "@/lib/server/settings";

type Tx = Prisma.TransactionClient;

export interface DecidedSample {
  sampleId: string;
  decision: "approve" | "reject";
  reason?: string;
}

/**
 * What reviewers decided, carried into the memory layer inside the deciding
 * transaction: an approved sample creates or strengthens the entry for its
 * pattern and correction; a rejection for a wrong or unsafe correction
 * weakens the entry holding that correction. Part of the decision's own audit
 * event. Returns how many entries changed.
 */
export async function learnFromDecisions(tx: Tx, reviewerId: string | null, decided: DecidedSample[], settings: Settings, at = new Date()): Promise<number> {
  const relevant = decided.filter((item) => item.decision === "approve" || rejectionWeakens(item.reason ?? ""));
  if (relevant.length === 0) return 0;
  const samples = await samplesForKnowledge(tx, relevant.map((item) => item.sampleId));
  const decisionOf = new Map(relevant.map((item) => [item.sampleId, item]));
  const support = { supportPerApproval: settings["knowledge.supportPerApproval"] };
  let changed = 0;
  // One order for every transaction: concurrent decisions lock entries alike.
  for (const sample of samples.sort((a, b) => a.id.localeCompare(b.id))) {
    const key = correctionKey(sample.output);
    const intent = sampleInputSchema.parse(sample.input).user_intent;
    if (decisionOf.get(sample.id)!.decision === "approve") {
      const { entry } = await lockOrCreateEntry(tx, { agentId: sample.agentId, patternId: sample.patternId, correctionKey: key, correction: sample.output });
      const totals = { approvals: entry.approvals + 1, rejections: entry.rejections, confidenceSum: entry.confidenceSum + sample.confidence };
      const updated = await updateEntry(tx, entry.id, {
        ...totals,
        confidence: knowledgeConfidence(totals, support),
        correction: sample.output,
        intents: addIntent(intentsOf(entry), intent),
      });
      if (entryIsActive(updated, settings["knowledge.activationConfidence"])) await markActivated(tx, entry.id, at);
      await recordEvidence(tx, { entryId: entry.id, sampleId: sample.id, kind: "APPROVED", reviewerId, confidence: sample.confidence, at });
    } else {
      const found = await findEntryByCorrection(tx, sample.patternId, key);
      if (!found) continue;
      const entry = (await lockEntry(tx, found.id))!;
      const totals = { approvals: entry.approvals, rejections: entry.rejections + 1, confidenceSum: entry.confidenceSum };
      await updateEntry(tx, entry.id, { ...totals, confidence: entry.approvals > 0 ? knowledgeConfidence(totals, support) : entry.confidence * agreementAfterRejection(entry) });
      await recordEvidence(tx, { entryId: entry.id, sampleId: sample.id, kind: "REJECTED", reviewerId, confidence: sample.confidence, at });
    }
    changed += 1;
  }
  if (changed > 0) await bumpServingVersion(tx);
  return changed;
}

/** An imported entry has no local approvals yet: each rejection scales its imported confidence by the agreement it leaves. */
function agreementAfterRejection(entry: KnowledgeRow): number {
  return 1 / (entry.rejections + 2) * (entry.rejections + 1);
}

function intentsOf(entry: Pick<KnowledgeRow, "intents">): Record<string, number> {
  const value = entry.intents;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, number>) : {};
}

function stateOf(entry: Pick<KnowledgeRow, "enabled" | "confidence" | "origin" | "reviewedAt">, activation: number): KnowledgeState {
  if (!entry.enabled) return entry.origin === "PACK" && entry.reviewedAt === null ? "awaiting_review" : "disabled";
  return entryIsActive(entry, activation) ? "active" : "below_threshold";
}

function viewOf(row: EntryListRow, activation: number, totals: Map<string, { applied: number; failed: number }>): KnowledgeEntryView {
  const counts = totals.get(`kn_${row.id}`) ?? { applied: 0, failed: 0 };
  return {
    id: row.id,
    agent: row.agent,
    pattern: row.pattern,
    correction: row.correction,
    confidence: row.confidence,
    approvals: row.approvals,
    rejections: row.rejections,
    enabled: row.enabled,
    origin: row.origin,
    version: row.version,
    state: stateOf(row, activation),
    reach: knowledgeReach(row.agent.stage),
    remedyId: remedyIdOf({ kind: "knowledge", entryId: row.id, version: row.version }),
    updatedAt: row.updatedAt,
    createdAt: row.createdAt,
    applied: counts.applied,
    failed: counts.failed,
  };
}

/** The Knowledge page: entries with their state, reach and how their remedies fared. */
export async function listKnowledge(filter: KnowledgeFilter) {
  const prisma = await db();
  const settings = await getSettings();
  const activation = settings["knowledge.activationConfidence"];
  const [page, counts, agents] = await Promise.all([listEntries(prisma, filter, activation), countEntriesByState(prisma, activation, filter), agentNames(prisma)]);
  const totals = await remedyTotals(prisma, page.items.map((row) => `kn_${row.id}`));
  return { entries: page.items.map((row) => viewOf(row, activation, totals)), nextCursor: page.nextCursor, counts, agents, activation };
}

/** One entry with its provenance and the confidence formula filled in. */
export async function knowledgeEntry(id: string) {
  const prisma = await db();
  const settings = await getSettings();
  const row = await findEntry(prisma, id);
  if (!row) throw notFound("That knowledge entry");
  const [provenance, totals] = await Promise.all([entryProvenance(prisma, id), remedyTotals(prisma, [`kn_${id}`])]);
  const activation = settings["knowledge.activationConfidence"];
  return {
    entry: viewOf(row, activation, totals),
    intents: Object.entries(intentsOf(row)).sort((a, b) => b[1] - a[1]).slice(0, 20),
    formula: row.approvals > 0
      ? explainConfidence(row, { supportPerApproval: settings["knowledge.supportPerApproval"] })
      : `imported with confidence ${row.confidence.toFixed(3)}; no local approval yet`,
    activation,
    provenance,
  };
}

/** An operator rewrites an entry's correction; it passes the PII firewall like every other text. */
export async function editKnowledge(ctx: RequestContext, input: { entryId: string; correction: string }) {
  refusePersonalData(input.correction, "correction");
  const prisma = await db();
  const edited = await prisma.$transaction(async (tx) => {
    const entry = await lockEntry(tx, input.entryId);
    if (!entry) throw notFound("That knowledge entry");
    if (entry.correction === input.correction) throw invalid("The correction is unchanged.", { correction: "Change the text, or cancel." });
    const key = correctionKey(input.correction);
    if (key !== entry.correctionKey) {
      const clash = await findEntryByCorrection(tx, entry.patternId, key);
      if (clash) throw conflict("Another entry of this pattern already holds that correction; deactivate one of them instead.");
    }
    const updated = await updateEntry(tx, entry.id, {
      correction: input.correction,
      correctionKey: key,
      editedById: ctx.actor.type === "USER" ? ctx.actor.id : undefined,
    });
    await recordAudit(tx, ctx, {
      action: "knowledge.edit",
      targetType: "knowledge_entry",
      targetId: entry.id,
      before: { correction: entry.correction, version: entry.version },
      after: { correction: updated.correction, version: updated.version },
    });
    await bumpServingVersion(tx);
    return { version: updated.version };
  });
  servingChanged();
  return edited;
}

/** Deactivates or reactivates an entry; the first activation of an imported entry is its review. */
export async function setKnowledgeEnabled(ctx: RequestContext, input: { entryId: string; enabled: boolean }) {
  // Read before the transaction: on the embedded database it holds the one connection.
  const settings = await getSettings();
  const prisma = await db();
  const switched = await prisma.$transaction(async (tx) => {
    const entry = await lockEntry(tx, input.entryId);
    if (!entry) throw notFound("That knowledge entry");
    if (entry.enabled === input.enabled) throw conflict(`This entry is already ${input.enabled ? "active" : "deactivated"}.`);
    const reviewing = input.enabled && entry.origin === "PACK" && entry.reviewedAt === null;
    const updated = await updateEntry(tx, entry.id, { enabled: input.enabled, ...(reviewing ? { reviewedAt: new Date() } : {}) });
    if (entryIsActive(updated, settings["knowledge.activationConfidence"])) await markActivated(tx, entry.id, new Date());
    await recordAudit(tx, ctx, {
      action: reviewing ? "knowledge.approve_import" : input.enabled ? "knowledge.reactivate" : "knowledge.deactivate",
      targetType: "knowledge_entry",
      targetId: entry.id,
      before: { enabled: entry.enabled, version: entry.version },
      after: { enabled: updated.enabled, version: updated.version },
    });
    await bumpServingVersion(tx);
    return { version: updated.version };
  });
  servingChanged();
  return switched;
}

// ---- Knowledge packs -------------------------------------------------------

/** DER prefix of an Ed25519 private key in PKCS#8; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The installation's pack-signing key, made from a secret generated once and kept in the database. */
async function signingKey() {
  const seed = Buffer.from(await instanceSecret("pack-signing"), "base64url").subarray(0, 32);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicDer = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { privateKey, publicKey: publicDer.toString("base64"), installation: fingerprintOf(publicDer) };
}

const fingerprintOf = (publicDer: Buffer) => createHash("sha256").update(publicDer).digest("hex").slice(0, 16);

/** This installation's signer fingerprint, shown beside imports so people can tell packs apart. */
export async function installationFingerprint(): Promise<string> {
  return (await signingKey()).installation;
}

/**
 * Exports an agent's active knowledge as a signed, versioned pack: corrections,
 * pattern templates, confidence and intent templates. Never a sample, an
 * interaction or a reviewer.
 */
export async function exportKnowledgePack(ctx: RequestContext, agentId: string): Promise<{ pack: KnowledgePack; fileName: string }> {
  const prisma = await db();
  const settings = await getSettings();
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { id: true, name: true } });
  if (!agent) throw notFound("That agent");
  const entries = await packableEntries(prisma, agentId, settings["knowledge.activationConfidence"]);
  const key = await signingKey();
  const unsigned: UnsignedPack = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    created_at: new Date().toISOString(),
    source: { agent: agent.name, installation: key.installation },
    entries: entries.map((entry) => ({
      pattern: { error_category: entry.pattern.errorCategory, action_template: entry.pattern.actionTemplate, error_template: entry.pattern.errorTemplate },
      correction: entry.correction,
      confidence: Math.round(entry.confidence * 1e6) / 1e6,
      intents: Object.keys(intentsOf(entry)).slice(0, 100),
    })),
  };
  const signature = sign(null, canonicalPackBytes(unsigned), key.privateKey).toString("base64");
  const pack: KnowledgePack = { ...unsigned, signature: { algorithm: "ed25519", public_key: key.publicKey, value: signature } };
  await prisma.$transaction((tx) =>
    recordAudit(tx, ctx, { action: "knowledge.export", targetType: "agent", targetId: agent.id, after: { entries: pack.entries.length, installation: key.installation } }),
  );
  const stamp = unsigned.created_at.slice(0, 10);
  return { pack, fileName: `remedy-knowledge-${agent.name}-${stamp}.json` };
}

/** Reads and verifies a pack's text; every way it can be wrong says so. */
export function verifyKnowledgePack(text: string): KnowledgePack {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid("This file is not JSON, so it is not a Remedy knowledge pack.", { pack: "Not JSON" });
  }
  const parsed = knowledgePackSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the pack";
    throw invalid(`This is not a valid knowledge pack: ${where} ${issue?.message ?? "is invalid"}.`, { pack: "Not a valid pack" });
  }
  const pack = parsed.data;
  const { signature, ...unsigned } = pack;
  let valid = false;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(signature.public_key, "base64"), format: "der", type: "spki" });
    valid = verify(null, canonicalPackBytes(unsigned), publicKey, Buffer.from(signature.value, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new UserError("The pack's signature does not match its contents: it was changed after it was exported. Nothing was imported; ask for a fresh export.", 422, { pack: "Signature does not match" });
  }
  if (fingerprintOf(Buffer.from(signature.public_key, "base64")) !== pack.source.installation) {
    throw new UserError("The pack names a different installation than the key that signed it. Nothing was imported.", 422, { pack: "Signer mismatch" });
  }
  return pack;
}

/**
 * Imports a verified pack for one agent: each entry lands on the pattern its
 * templates name (created when this installation has not seen it) and arrives
 * deactivated, awaiting an operator's review. Entries holding personal data
 * and corrections this agent already knows are skipped and counted.
 */
export async function importKnowledgePack(ctx: RequestContext, input: { agentId: string; pack: string }) {
  const pack = verifyKnowledgePack(input.pack);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: input.agentId }, select: { id: true, name: true } });
    if (!agent) throw notFound("That agent");
    let imported = 0;
    let known = 0;
    let personal = 0;
    const now = new Date();
    const patterns = await ensurePatterns(prismaQueryable(tx), agent.id, pack.entries.map((entry) => ({
      fingerprint: fingerprintHash(entry.pattern.error_category, entry.pattern.action_template, entry.pattern.error_template),
      category: entry.pattern.error_category,
      actionTemplate: entry.pattern.action_template,
      errorTemplate: entry.pattern.error_template,
      firstSeenAt: now,
    })));
    for (const entry of pack.entries) {
      if (scanText(entry.correction).length > 0 || entry.intents.some((intent) => scanText(intent).length > 0)) {
        personal += 1;
        continue;
      }
      const patternId = patterns.get(fingerprintHash(entry.pattern.error_category, entry.pattern.action_template, entry.pattern.error_template))!;
      const { entry: row, created } = await lockOrCreateEntry(tx, {
        agentId: agent.id, patternId, correctionKey: correctionKey(entry.correction), correction: entry.correction, origin: "PACK", enabled: false,
      });
      if (!created) {
        known += 1;
        continue;
      }
      await updateEntry(tx, row.id, {
        confidence: entry.confidence,
        intents: Object.fromEntries(entry.intents.map((intent) => [intentKey(intent), 1])),
      });
      imported += 1;
    }
    await recordAudit(tx, ctx, {
      action: "knowledge.import",
      targetType: "agent",
      targetId: agent.id,
      after: { from: pack.source, exportedAt: pack.created_at, entries: pack.entries.length, imported, known, personal },
    });
    return { imported, known, personal, source: pack.source };
  });
}

export { agentNames };

export interface KnowledgeGraph {
  nodes: Array<{ name: string; kind: "category" | "pattern" | "correction" | "model" }>;
  links: Array<{ source: number; target: number; value: number }>;
  since: Date;
}

/**
 * The seed's weekly knowledge graph: error categories → patterns →
 * corrections → the model versions trained on them, weighted by the
 * approvals each path gained in the period.
 */
export async function knowledgeGraph(options: { days?: number; agentId?: string } = {}): Promise<KnowledgeGraph> {
  const since = new Date(Date.now() - (options.days ?? 7) * 86_400_000);
  const rows = await knowledgeGraphRows(await db(), since, options.agentId);
  const nodes: KnowledgeGraph["nodes"] = [];
  const indexOf = new Map<string, number>();
  const node = (key: string, name: string, kind: KnowledgeGraph["nodes"][number]["kind"]) => {
    let index = indexOf.get(key);
    if (index === undefined) {
      index = nodes.length;
      nodes.push({ name, kind });
      indexOf.set(key, index);
    }
    return index;
  };
  const weights = new Map<string, number>();
  const link = (source: number, target: number, value: number) => {
    const key = `${source}>${target}`;
    weights.set(key, (weights.get(key) ?? 0) + value);
  };
  for (const row of rows) {
    const value = Number(row.evidence);
    const category = node(`c:${row.error_category}`, row.error_category, "category");
    const pattern = node(`p:${row.pattern_id}`, row.action_template.slice(0, 60), "pattern");
    const correction = node(`k:${row.entry_id}`, row.correction.slice(0, 60), "correction");
    link(category, pattern, value);
    link(pattern, correction, value);
    if (row.model_version) link(correction, node(`m:${row.model_version}`, row.model_version, "model"), value);
  }
  const links = [...weights].map(([key, value]) => {
    const [source, target] = key.split(">").map(Number);
    return { source, target, value };
  });
  return { nodes, links, since };
}
