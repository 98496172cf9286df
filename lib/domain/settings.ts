import { z } from "zod";
import { holdsUnstorableText } from "@/lib/schemas/text";
import { BODY_BYTES_PER_TOKEN, REFUSED_BODY_FACTOR } from "./ingest-cost";
import { PII_OPERATORS, PII_TYPES, type PiiOperator, type PiiSettings, type PiiType } from "./pii";

/**
 * Every tunable number of the loop. Defaults come from the seed article
 * (see ARCHITECTURE.md, "Defaults"); admins change them on the Settings page.
 */
export interface SettingDefinition {
  key: string;
  group: SettingGroup;
  label: string;
  help: string;
  unit: string;
  schema: z.ZodType<number>;
  defaultValue: number;
  /** Step for the number input. */
  step: number;
}

export type SettingGroup = "Stages" | "Samples and knowledge" | "Privacy" | "Rollouts" | "Targets" | "Cost" | "Ingestion";

const ratio = z.number().min(0, "must be at least 0").max(1, "must be at most 1");
const count = z.number().int("must be a whole number").min(0, "must be at least 0");

function define<K extends string>(
  key: K,
  group: SettingGroup,
  label: string,
  unit: string,
  schema: z.ZodType<number>,
  defaultValue: number,
  help: string,
  step = 1,
): SettingDefinition & { key: K } {
  return { key, group, label, unit, schema, defaultValue, help, step };
}

export const SETTING_DEFINITIONS = [
  define("stage.observationMax", "Stages", "Observation stage ends after", "interactions",
    count.min(1).max(10_000_000), 1_000,
    "An agent's first interactions are recorded and attributed only; nothing is distilled."),
  define("stage.smallScaleMax", "Stages", "Small-scale stage ends after", "interactions",
    count.min(2).max(100_000_000), 10_000,
    "Pre-screen on, sandbox test after every distillation. After this the full stage begins."),
  define("samples.discardBelowConfidence", "Samples and knowledge", "Discard samples below confidence", "0–1",
    ratio, 0.75, "In the small-scale stage, samples under this confidence are discarded.", 0.01),
  define("knowledge.activationConfidence", "Samples and knowledge", "Activate knowledge above confidence", "0–1",
    ratio, 0.85, "A knowledge entry serves agents only above this confidence.", 0.01),
  define("knowledge.supportPerApproval", "Samples and knowledge", "Support from one approval", "0–1",
    ratio, 0.9, "Knowledge confidence = mean sample confidence × reviewer agreement × (1 − (1 − this)^approvals).", 0.01),
  define("remedy.modelMinConfidence", "Samples and knowledge", "Serving model answers above confidence", "0–1",
    ratio, 0.85, "When no knowledge matches, the serving student model answers only when it is at least this sure.", 0.01),
  define("distillation.qualityFilter", "Samples and knowledge", "Distillation quality filter", "0–1",
    ratio, 0.9, "Only approved samples above this confidence train a model.", 0.01),
  define("distillation.maxSamples", "Samples and knowledge", "Distillation: most samples per run", "samples",
    count.min(10).max(1_000_000), 5_000, "A run uses at most this many approved samples, newest first."),
  define("distillation.minSamples", "Samples and knowledge", "Distillation: fewest samples per run", "samples",
    count.min(4).max(1_000_000), 20, "A run needs at least this many qualifying samples to start."),
  define("distillation.holdOutFraction", "Samples and knowledge", "Distillation: hold-out share", "0–1",
    z.number().min(0.05, "must be at least 0.05").max(0.5, "must be at most 0.5"), 0.2,
    "Share of each correction's samples kept out of training to measure accuracy.", 0.01),
  define("samples.frequentPatternMin", "Samples and knowledge", "High value when a pattern is seen", "times",
    count.min(1).max(10_000_000), 10, "Samples of patterns seen at least this often are reviewed first."),
  define("prescreen.autoApproveScore", "Samples and knowledge", "Auto-approve needs pre-screen score", "0–1",
    ratio, 0.9, "In the full stage, a trusted pre-screen approves samples scoring at least this.", 0.01),
  define("prescreen.minAccuracy", "Samples and knowledge", "Auto-approve needs pre-screen accuracy", "0–1",
    ratio, 0.95, "Automated review may approve only when the pre-screen model's hold-out accuracy reaches this.", 0.01),
  define("prescreen.minDecisions", "Samples and knowledge", "Auto-approve needs reviewer decisions", "decisions",
    count.max(1_000_000), 200, "The pre-screen model is trusted only after this many human decisions."),
  define("review.fourEyes", "Samples and knowledge", "Four eyes on corrections written in Remedy", "1 = on, 0 = off",
    z.number().int("must be 0 or 1").min(0, "must be 0 or 1").max(1, "must be 0 or 1"), 1,
    "A correction a person writes in Remedy (on an interaction, or by editing it in review) waits for another reviewer's decision; its author cannot approve it."),
  define("pii.minScore", "Privacy", "Treat as personal data from score", "0–1", ratio, 0.5,
    "Detector findings scoring below this are left in place. Lower catches more, with more false alarms.", 0.05),
  define("breaker.correctionFailureRate", "Rollouts", "Circuit breaker trips above failure rate", "0–1",
    ratio, 0.3, "A new capability is disabled when its corrections fail more often than this.", 0.01),
  define("canary.initialPercent", "Rollouts", "First canary step", "% of traffic",
    z.number().gt(0, "must be above 0").max(100, "must be at most 100"), 5,
    "Share of traffic the candidate receives first.", 0.5),
  define("canary.windowMinutes", "Rollouts", "Each step lasts at least", "minutes",
    count.min(1).max(60 * 24 * 30), 60, "The gate judges a step at the end of this window; with too little data the window extends."),
  define("canary.minInteractionsPerArm", "Rollouts", "Gate needs interactions per arm", "interactions",
    count.min(1).max(10_000_000), 200, "Below this in either arm the gate says insufficient data and the window extends."),
  define("canary.significance", "Rollouts", "Gate significance level", "p <",
    z.number().gt(0, "must be above 0").max(0.5, "must be at most 0.5"), 0.05, "The error-rate reduction must be significant at this level (one-sided two-proportion z-test).", 0.01),
  define("breaker.window", "Rollouts", "Circuit breaker judges the last", "applied remedies",
    count.min(5).max(100_000), 50, "The failure rate is measured over a capability's most recent applied remedies."),
  define("breaker.minApplied", "Rollouts", "Circuit breaker waits for", "applied remedies",
    count.min(1).max(100_000), 20, "The breaker does not judge a capability applied fewer times than this."),
  define("canary.minErrorReduction", "Rollouts", "Promotion gate: error rate reduction", "0–1",
    ratio, 0.4, "The candidate's error rate must be at least this much lower than the control's.", 0.01),
  define("canary.maxLatencyIncreaseMs", "Rollouts", "Promotion gate: added latency under", "ms",
    z.number().min(0, "must be at least 0").max(60_000), 50, "The candidate may add at most this much mean latency."),
  define("target.errorRate", "Targets", "Error rate target", "0–1", ratio, 0.02,
    "Failed interactions / all interactions should stay below this.", 0.001),
  define("target.errorToDeploySeconds", "Targets", "Error-to-deployment target", "s",
    z.number().positive("must be above 0").max(86_400 * 30), 30, "Median time from a pattern's first failure to a correction for it serving agents (knowledge active). The seed's 30 s assumes automatic approval; with people reviewing, minutes to hours is usual."),
  define("target.correctionSuccess", "Targets", "Correction success target", "0–1", ratio, 0.85,
    "Applied remedies that did not fail / applied remedies should reach this.", 0.01),
  define("target.addedLatencyMs", "Targets", "Added latency target", "ms",
    z.number().min(0, "must be at least 0").max(60_000), 200, "Interactions that applied a remedy may be at most this much slower on average."),
  define("target.distillationAccuracy", "Targets", "Distillation accuracy target", "0–1", ratio, 0.9,
    "Hold-out accuracy a distilled model should exceed.", 0.01),
  define("target.reviewHoursPer1000", "Targets", "Review effort target", "h per 1,000 samples",
    z.number().positive("must be above 0").max(10_000), 5, "Human review hours per thousand samples."),
  define("target.safetyCompliance", "Targets", "Safety compliance target", "0–1", ratio, 1,
    "Share of samples that must pass the safety evaluation.", 0.001),
  define("cost.hardwarePerMonth", "Cost", "Hardware per month", "$",
    z.number().min(0, "must be at least 0").max(10_000_000), 0, "Servers, GPUs and storage for Remedy and its models.", 1),
  define("cost.apiPerMonth", "Cost", "API calls per month", "$",
    z.number().min(0, "must be at least 0").max(10_000_000), 0, "Model and third-party API spend attributable to the loop.", 1),
  define("privacy.exportEpsilon", "Privacy", "Export noise ε (differential privacy)", "ε",
    z.number().gt(0, "must be above 0").max(100), 1, "Exports shared outside the team add Laplace noise of scale 1/ε to every count; smaller is more private.", 0.1),
  define("cost.reviewMinutesPerSample", "Cost", "Review time per sample", "min",
    z.number().positive("must be above 0").max(600), 5, "Minutes a reviewer spends on one sample.", 0.1),
  define("cost.reviewerHourlyRate", "Cost", "Reviewer hourly rate", "$/h",
    z.number().min(0, "must be at least 0").max(10_000), 50, "Loaded cost of one reviewer hour.", 0.5),
  define("cost.distillationPerSample", "Cost", "Distillation cost per sample", "$",
    z.number().min(0, "must be at least 0").max(10_000), 10, "Compute and handling per distilled sample.", 0.01),
  define("ingest.ratePerSecond", "Ingestion", "Rate limit per agent", "interactions/s",
    z.number().positive("must be above 0").max(1_000_000), 2_000,
    `Sustained rate one agent may send, all its keys together. A body counts at least one interaction per ${BODY_BYTES_PER_TOKEN / 1024} KiB; one refused whole (not JSON, over 1 MiB, no valid item) counts ${REFUSED_BODY_FACTOR} times as much.`),
  define("ingest.burst", "Ingestion", "Burst per agent", "interactions",
    count.min(1).max(10_000_000), 20_000, "How many interactions an agent may send at once before the rate applies."),
] as const satisfies readonly SettingDefinition[];

export type SettingKey = (typeof SETTING_DEFINITIONS)[number]["key"];
export type Settings = Record<SettingKey, number>;

const byKey = new Map<string, SettingDefinition>(SETTING_DEFINITIONS.map((definition) => [definition.key, definition]));

export function settingDefinition(key: string): SettingDefinition | undefined {
  return byKey.get(key);
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_DEFINITIONS.map((definition) => [definition.key, definition.defaultValue])) as Settings;
}

/** Stored rows over defaults; a stored value that no longer validates falls back to its default. */
export function resolveSettings(stored: ReadonlyArray<{ key: string; value: unknown }>): Settings {
  const settings = defaultSettings();
  for (const row of stored) {
    const definition = byKey.get(row.key);
    if (!definition) continue;
    const parsed = definition.schema.safeParse(row.value);
    if (parsed.success) settings[definition.key as SettingKey] = parsed.data;
  }
  return settings;
}

export type SettingErrors = Partial<Record<string, string>>;

/**
 * Validates a change against the current settings: each value on its own,
 * then the rules that tie values together. Returns the new settings or
 * the errors by key; unknown keys are errors too.
 */
export function applySettingChanges(
  current: Settings,
  changes: Record<string, unknown>,
): { ok: true; settings: Settings; changed: SettingKey[] } | { ok: false; errors: SettingErrors } {
  const errors: SettingErrors = {};
  const next: Settings = { ...current };
  const changed: SettingKey[] = [];
  for (const [key, raw] of Object.entries(changes)) {
    const definition = byKey.get(key);
    if (!definition) {
      errors[key] = `unknown setting "${key}"`;
      continue;
    }
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) {
      const message = typeof value === "number" && Number.isNaN(value) ? "must be a number" : parsed.error.issues[0]?.message;
      errors[key] = `${definition.label} ${message ?? "is invalid"}`;
      continue;
    }
    if (parsed.data !== current[key as SettingKey]) {
      next[key as SettingKey] = parsed.data;
      changed.push(key as SettingKey);
    }
  }
  if (Object.keys(errors).length === 0 && next["stage.smallScaleMax"] <= next["stage.observationMax"]) {
    errors["stage.smallScaleMax"] = "The small-scale stage must end after the observation stage ends.";
  }
  if (Object.keys(errors).length === 0 && next["distillation.qualityFilter"] < next["samples.discardBelowConfidence"]) {
    errors["distillation.qualityFilter"] = "The distillation quality filter cannot be below the discard threshold.";
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings: next, changed };
}

/** Review cost of one sample, from the rates (the seed's "0.42 × n" is an arithmetic slip). */
export function reviewCostPerSample(settings: Settings): number {
  return (settings["cost.reviewMinutesPerSample"] / 60) * settings["cost.reviewerHourlyRate"];
}

/** Settings that hold a list of words rather than a number. */
export interface ListSettingDefinition {
  key: ListSettingKey;
  group: SettingGroup;
  label: string;
  help: string;
  defaultValue: string[];
}

export type ListSettingKey = "samples.severeCategories" | "safety.denyList" | "canary.laterSteps";
export type ListSettings = Record<ListSettingKey, string[]>;

export const LIST_SETTING_DEFINITIONS: ListSettingDefinition[] = [
  {
    key: "samples.severeCategories",
    group: "Samples and knowledge",
    label: "Severe error categories",
    help: "Comma-separated error categories whose samples are always high value, e.g. payment_declined, unsafe_action.",
    defaultValue: [],
  },
  {
    key: "safety.denyList",
    group: "Samples and knowledge",
    label: "Safety deny-list",
    help: "Comma-separated phrases no model output may match; * stands for any text between words (\"transfer * without confirm*\").",
    defaultValue: [
      "transfer * without confirm*",
      "refund * without approv*",
      "skip * confirmation",
      "bypass * verification",
      "delete * account",
      "disable * fraud check*",
      "跳过*确认",
      "无需确认*转账",
    ],
  },
  {
    key: "canary.laterSteps",
    group: "Rollouts",
    label: "Later canary steps",
    help: "Comma-separated percentages after the first step, rising, ending at 100 (e.g. 25, 50, 100). Reaching 100 promotes the candidate to stable.",
    defaultValue: ["25", "50", "100"],
  },
];

const listValue = z
  .array(z.string().trim().toLowerCase().min(1).max(100, "each entry must be at most 100 characters").regex(/^[\w.:-]+$/, "entries may hold letters, digits, _ . : and -"))
  .max(100, "at most 100 entries");

const phraseList = z
  .array(z.string().trim().min(1).max(200, "each phrase must be at most 200 characters").regex(/[^*\s]/, "a phrase needs more than stars")
    .refine((phrase) => !holdsUnstorableText(phrase), "a phrase may not hold a control character (NUL) or a broken character"))
  .max(200, "at most 200 phrases");

const percentList = z
  .array(z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, "each step is a percentage such as 25 or 12.5"))
  .min(1, "at least one step")
  .max(20, "at most 20 steps")
  .refine((steps) => steps.every((step, i) => Number(step) > 0 && Number(step) <= 100 && (i === 0 || Number(step) > Number(steps[i - 1]))), "steps must rise, each above 0 and at most 100")
  .refine((steps) => Number(steps[steps.length - 1]) === 100, "the last step must be 100");

const LIST_SCHEMAS: Record<ListSettingKey, typeof listValue | typeof phraseList | typeof percentList> = {
  "samples.severeCategories": listValue,
  "safety.denyList": phraseList,
  "canary.laterSteps": percentList,
};

export function isListSetting(key: string): key is ListSettingKey {
  return LIST_SETTING_DEFINITIONS.some((definition) => definition.key === key);
}

export function resolveListSettings(stored: ReadonlyArray<{ key: string; value: unknown }>): ListSettings {
  const settings = Object.fromEntries(LIST_SETTING_DEFINITIONS.map((definition) => [definition.key, definition.defaultValue])) as ListSettings;
  for (const row of stored) {
    if (!isListSetting(row.key)) continue;
    const parsed = LIST_SCHEMAS[row.key].safeParse(row.value);
    if (parsed.success) settings[row.key] = parsed.data;
  }
  return settings;
}

/** Parses "a, b ,c" (or an array) into a clean, de-duplicated list, or says what is wrong. */
export function parseListSetting(key: ListSettingKey, raw: unknown): { ok: true; value: string[] } | { ok: false; error: string } {
  const items = typeof raw === "string" ? raw.split(",").map((item) => item.trim()).filter(Boolean) : raw;
  const parsed = LIST_SCHEMAS[key].safeParse(items);
  if (!parsed.success) {
    const label = LIST_SETTING_DEFINITIONS.find((definition) => definition.key === key)?.label ?? key;
    return { ok: false, error: `${label}: ${parsed.error.issues[0]?.message ?? "invalid list"}` };
  }
  return { ok: true, value: [...new Set(parsed.data)] };
}

/** How the PII firewall rewrites each type of personal data it finds. */
export type ChoiceSettingKey = `pii.operator.${PiiType}`;
export type ChoiceSettings = Record<ChoiceSettingKey, PiiOperator>;

export const CHOICE_SETTING_DEFINITIONS = PII_TYPES.map((type) => ({
  key: `pii.operator.${type}` as ChoiceSettingKey,
  group: "Privacy" as SettingGroup,
  type,
  options: PII_OPERATORS,
  defaultValue: "replace" as PiiOperator,
}));

export function isChoiceSetting(key: string): key is ChoiceSettingKey {
  return CHOICE_SETTING_DEFINITIONS.some((definition) => definition.key === key);
}

export function resolveChoiceSettings(stored: ReadonlyArray<{ key: string; value: unknown }>): ChoiceSettings {
  const settings = Object.fromEntries(CHOICE_SETTING_DEFINITIONS.map((definition) => [definition.key, definition.defaultValue])) as ChoiceSettings;
  for (const row of stored) {
    if (isChoiceSetting(row.key) && (PII_OPERATORS as readonly unknown[]).includes(row.value)) settings[row.key] = row.value as PiiOperator;
  }
  return settings;
}

export function parseChoiceSetting(key: ChoiceSettingKey, raw: unknown): { ok: true; value: PiiOperator } | { ok: false; error: string } {
  if ((PII_OPERATORS as readonly unknown[]).includes(raw)) return { ok: true, value: raw as PiiOperator };
  return { ok: false, error: `${key}: choose one of ${PII_OPERATORS.join(", ")}` };
}

/** The firewall's settings as the PII module takes them. */
export function piiSettingsOf(settings: Pick<Settings, "pii.minScore">, choices: ChoiceSettings): PiiSettings {
  return {
    minScore: settings["pii.minScore"],
    operators: Object.fromEntries(PII_TYPES.map((type) => [type, choices[`pii.operator.${type}`]])) as PiiSettings["operators"],
  };
}
