import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { decideGate, type SampleStatus } from "@/lib/domain/gates";
import { scanText } from "@/lib/domain/pii";
import { explain, score, train, type PrescreenInput, type PrescreenModel } from "@/lib/domain/prescreen";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import type { Stage } from "@/lib/domain/stage";
import { sampleEvidence, type SampleEvidence } from "@/lib/domain/sample-input";
import { gradeSample, type ValueGrade } from "@/lib/domain/value-grade";
import type { RequestContext } from "@/lib/server/actor";
import type { SqlConnection } from "@/lib/db/sql";
import { recordAudit, type Tx } from "@/lib/server/audit";
import { conflict, invalid, notFound } from "@/lib/server/errors";
import { getListSettings, getSettings } from "@/lib/server/settings";

/** A failed interaction with a correction, redacted, about to become a sample; its input already measured (see sampleEvidence). */
export interface SampleCandidate extends SampleEvidence {
  interactionId: bigint;
  agentId: string;
  patternId: string | null;
  patternCount: number;
  category: string;
  output: string;
  confidence: number;
  hasRetry: boolean;
  piiRedactions: number;
}

export interface LoadedPrescreen {
  model: PrescreenModel;
  decisions: number;
}

const globalForPrescreen = globalThis as unknown as { __remedyPrescreen?: { at: number; value: Promise<LoadedPrescreen | null> } };

/** The newest pre-screen model, read at most every 30 s (and right after training). */
export function currentPrescreen(): Promise<LoadedPrescreen | null> {
  const cached = globalForPrescreen.__remedyPrescreen;
  if (cached && Date.now() - cached.at < 30_000) return cached.value;
  const value = (async () => {
    const prisma = await db();
    const row = await prisma.prescreenModel.findFirst({ orderBy: { trainedAt: "desc" } });
    return row ? { model: row.model as unknown as PrescreenModel, decisions: row.decisions } : null;
  })();
  globalForPrescreen.__remedyPrescreen = { at: Date.now(), value };
  value.catch(() => { globalForPrescreen.__remedyPrescreen = undefined; });
  return value;
}

export function prescreenInputOf(candidate: {
  confidence: number; grade: ValueGrade; patternCount: number; output: string; inputJson: string; category: string;
  residualPii: number; hasRetry: boolean; piiRedactions: number;
}): PrescreenInput {
  return {
    confidence: candidate.confidence,
    grade: candidate.grade,
    patternCount: candidate.patternCount,
    correctionLength: candidate.output.length,
    inputLength: candidate.inputJson.length,
    category: candidate.category,
    residualPii: candidate.residualPii,
    hasRetry: candidate.hasRetry,
    piiRedactions: candidate.piiRedactions,
  };
}

export interface SampleRow {
  interactionId: bigint;
  agentId: string;
  patternId: string | null;
  inputJson: string;
  output: string;
  errorCategory: string;
  confidence: number;
  grade: ValueGrade;
  gradeReason: string;
  stage: Stage;
  status: SampleStatus;
  statusReason: string;
  residualPii: number;
  prescreenScore: number | null;
  prescreenFactors: Array<{ feature: string; contribution: number }> | null;
  decidedAt: Date | null;
}

/** Grade, pre-screen score and the gates' decision for each candidate, each with its reason. */
export function planSamples(
  candidates: SampleCandidate[],
  context: { stage: Stage; settings: Settings; lists: ListSettings; prescreen: LoadedPrescreen | null },
): SampleRow[] {
  return candidates.map((candidate) => {
    const { grade, reason: gradeReason } = gradeSample({
      patternCount: candidate.patternCount,
      category: candidate.category,
      severeCategories: context.lists["samples.severeCategories"],
      frequentPatternMin: context.settings["samples.frequentPatternMin"],
    });
    const { residualPii } = candidate;
    const input = prescreenInputOf({ ...candidate, grade });
    const prescreen = context.prescreen;
    const prescreenScore = prescreen ? score(prescreen.model, input) : null;
    const gate = decideGate({
      stage: context.stage,
      confidence: candidate.confidence,
      residualPii,
      prescreen: prescreen && prescreenScore !== null ? { score: prescreenScore, accuracy: prescreen.model.accuracy, decisions: prescreen.decisions } : null,
      settings: context.settings,
      autoApproveMinScore: context.settings["prescreen.autoApproveScore"],
    });
    return {
      interactionId: candidate.interactionId,
      agentId: candidate.agentId,
      patternId: candidate.patternId,
      inputJson: candidate.inputJson,
      output: candidate.output,
      errorCategory: candidate.category,
      confidence: candidate.confidence,
      grade,
      gradeReason,
      stage: context.stage,
      status: gate.status,
      statusReason: gate.reason,
      residualPii,
      prescreenScore,
      prescreenFactors: prescreen ? explain(prescreen.model, input) : null,
      decidedAt: gate.status === "AUTO_APPROVED" ? new Date() : null,
    };
  });
}

/**
 * Writes planned samples with raw SQL, on the ingestion transaction's
 * connection or a Prisma transaction (see `prismaQuery`): the input goes in
 * as the JSON text it was measured as. Returns the ids of the samples
 * written; an interaction that already has one gets none.
 */
export async function insertSampleRows(conn: Pick<SqlConnection, "query">, rows: SampleRow[]): Promise<Array<{ id: string }>> {
  if (rows.length === 0) return [];
  const column = <T>(pick: (row: SampleRow) => T) => rows.map(pick);
  return conn.query<{ id: string }>(
    `INSERT INTO samples (id, interaction_id, agent_id, pattern_id, input, output, original_output, error_category, confidence, grade,
                          grade_reason, stage, status, status_reason, residual_pii, prescreen_score, prescreen_factors, decided_at)
     SELECT gen_random_uuid(), ii, ai, pi, inp::jsonb, o, o, ec, cf, g::"ValueGrade", gr, st::"Stage", ss::"SampleStatus", sr, rp, ps, pf::jsonb, da
       FROM unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::int[], $14::float8[], $15::text[], $16::timestamptz[])
            AS u(ii, ai, pi, inp, o, ec, cf, g, gr, st, ss, sr, rp, ps, pf, da)
     ON CONFLICT (interaction_id) DO NOTHING
     RETURNING id::text`,
    [
      column((row) => row.interactionId.toString()),
      column((row) => row.agentId),
      column((row) => row.patternId),
      column((row) => row.inputJson),
      column((row) => row.output),
      column((row) => row.errorCategory),
      column((row) => row.confidence),
      column((row) => row.grade),
      column((row) => row.gradeReason),
      column((row) => row.stage),
      column((row) => row.status),
      column((row) => row.statusReason),
      column((row) => row.residualPii),
      column((row) => row.prescreenScore),
      column((row) => (row.prescreenFactors ? JSON.stringify(row.prescreenFactors) : null)),
      column((row) => row.decidedAt?.toISOString() ?? null),
    ],
  );
}

/** A Prisma transaction as a raw query function, for statements written once for both. */
function prismaQuery(tx: Tx): Pick<SqlConnection, "query"> {
  return { query: <T>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(sql, ...params) };
}

/** Reviewers' decisions as training examples: only what a human approved or rejected. */
async function trainingExamples(tx: Tx) {
  const decided = await tx.sample.findMany({
    where: { status: { in: ["APPROVED", "REJECTED"] }, decidedById: { not: null } },
    select: { status: true, confidence: true, grade: true, output: true, input: true, errorCategory: true, residualPii: true, pattern: { select: { count: true } }, interaction: { select: { retryStrategy: true, piiTotal: true } } },
    orderBy: { decidedAt: "desc" },
    take: 50_000,
  });
  return decided.map((sample) => ({
    approved: sample.status === "APPROVED",
    input: prescreenInputOf({
      confidence: sample.confidence,
      grade: sample.grade,
      patternCount: sample.pattern?.count ?? 1,
      output: sample.output,
      inputJson: JSON.stringify(sample.input),
      category: sample.errorCategory,
      residualPii: sample.residualPii,
      hasRetry: sample.interaction.retryStrategy !== null,
      piiRedactions: sample.interaction.piiTotal,
    }),
  }));
}

/** Retrains the pre-screen on every human decision so far; one audit event with the measured accuracy. */
export async function trainPrescreen(ctx: RequestContext): Promise<{ decisions: number; accuracy: number | null; holdOut: number }> {
  const prisma = await db();
  const result = await prisma.$transaction(async (tx) => {
    const examples = await trainingExamples(tx);
    const trained = train(examples, { seed: 7 });
    // A history of one kind of decision cannot tell approve from reject, however accurate it looks.
    const bothKinds = new Set(examples.map((example) => example.approved)).size === 2;
    const model = bothKinds ? trained : { ...trained, accuracy: null };
    await tx.prescreenModel.create({
      data: { decisions: examples.length, holdOut: model.holdOut, accuracy: model.accuracy, model: model as unknown as Prisma.InputJsonValue },
    });
    await recordAudit(tx, ctx, {
      action: "prescreen.train",
      targetType: "prescreen_model",
      after: { decisions: examples.length, holdOut: model.holdOut, accuracy: model.accuracy },
    });
    return { decisions: examples.length, accuracy: model.accuracy, holdOut: model.holdOut };
  }, { timeout: 60_000 });
  globalForPrescreen.__remedyPrescreen = undefined;
  return result;
}

/** Personal data in a correction a person typed is refused, not silently stored. */
export function refusePersonalData(correction: string, field: string): void {
  const findings = scanText(correction);
  if (findings.length > 0) {
    const types = [...new Set(findings.map((finding) => finding.type))].join(", ");
    throw invalid(`The correction contains personal data (${types}). Remove it, or use a placeholder like <EMAIL_1>.`, { [field]: `Contains ${types}` });
  }
}

/**
 * A reviewer or operator writes the correction a failed interaction lacked;
 * it becomes a sample through the same gates as one the agent sent.
 */
export async function addCorrection(ctx: RequestContext, interactionId: bigint, correction: string): Promise<{ sampleId: string; status: string; reason: string }> {
  refusePersonalData(correction, "correction");
  const [settings, lists, prescreen] = await Promise.all([getSettings(), getListSettings(), currentPrescreen()]);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const interaction = await tx.interaction.findUnique({
      where: { id: interactionId },
      include: { sample: { select: { id: true } }, agent: { select: { stage: true } }, pattern: { select: { count: true } } },
    });
    if (!interaction) throw notFound("That interaction");
    if (!interaction.failed || !interaction.errorCategory) throw invalid("Only failed interactions take a correction.");
    if (interaction.sample) throw conflict("This interaction already has a sample; edit its correction in the review queue.");
    await tx.interaction.update({ where: { id: interactionId }, data: { correction } });
    const input = { user_intent: interaction.userIntent, agent_action: interaction.agentAction, api_response: interaction.apiResponse, error_category: interaction.errorCategory };
    const [row] = planSamples([{
      interactionId,
      agentId: interaction.agentId,
      patternId: interaction.patternId,
      patternCount: interaction.pattern?.count ?? 1,
      category: interaction.errorCategory,
      ...sampleEvidence(input, correction),
      output: correction,
      confidence: interaction.confidence,
      hasRetry: interaction.retryStrategy !== null,
      piiRedactions: interaction.piiTotal,
    }], { stage: interaction.agent.stage, settings, lists, prescreen });
    // Raw SQL, as ingestion writes samples: Prisma's JSON input would drop a key named "__proto__".
    const [sample] = await insertSampleRows(prismaQuery(tx), [row]);
    if (!sample) throw conflict("This interaction already has a sample; edit its correction in the review queue.");
    await recordAudit(tx, ctx, {
      action: "interaction.add_correction",
      targetType: "interaction",
      targetId: interactionId.toString(),
      after: { correction, sample: sample.id, status: row.status },
    });
    return { sampleId: sample.id, status: row.status, reason: row.statusReason };
  });
}
