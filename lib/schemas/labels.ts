import { numberedPlaceholder } from "@/lib/domain/pii/placeholder";
import type { PiiOperator, PiiType } from "@/lib/domain/pii/types";
import type { StoredSampleStatus } from "@/lib/domain/gates";
import type { JobStatus } from "@/lib/domain/jobs";
import type { RangeKey } from "@/lib/domain/ranges";
import type { Role } from "@/lib/domain/roles";
import type { Stage } from "@/lib/domain/stage";
import type { ValueGrade } from "@/lib/domain/value-grade";
import type { RejectReason } from "./review";

/** The words people read for each enum the console shows; one place, so every screen says the same. */
export const LABELS = {
  role: { ADMIN: "Admin", OPERATOR: "Operator", REVIEWER: "Reviewer", MANAGER: "Manager" } satisfies Record<Role, string>,
  stage: { OBSERVATION: "Observation", SMALL_SCALE: "Small-scale", FULL: "Full" } satisfies Record<Stage, string>,
  sampleStatus: {
    OBSERVED: "Observed",
    DISCARDED: "Discarded",
    BLOCKED: "Blocked",
    PENDING: "Pending",
    AUTO_APPROVED: "Auto-approved",
    APPROVED: "Approved",
    REJECTED: "Rejected",
  } satisfies Record<StoredSampleStatus, string>,
  rejectReason: {
    WRONG_CORRECTION: "Wrong correction",
    UNSAFE: "Unsafe",
    PERSONAL_DATA: "Personal data",
    DUPLICATE: "Duplicate",
    LOW_VALUE: "Low value",
    OTHER: "Other",
  } satisfies Record<RejectReason, string>,
  grade: { HIGH: "High", LOW: "Low" } satisfies Record<ValueGrade, string>,
  outcome: { failed: "Failed", succeeded: "Succeeded" } satisfies Record<"failed" | "succeeded", string>,
  actorType: { USER: "User", AGENT: "Agent", SYSTEM: "System" } satisfies Record<"USER" | "AGENT" | "SYSTEM", string>,
  piiType: {
    EMAIL: "Email",
    PHONE: "Phone",
    CREDIT_CARD: "Credit card",
    IBAN: "IBAN",
    US_SSN: "US SSN",
    CN_RESIDENT_ID: "CN resident ID",
    IP_ADDRESS: "IP address",
    SECRET: "Secret",
    PERSON: "Person",
    DATE_OF_BIRTH: "Date of birth",
  } satisfies Record<PiiType, string>,
  piiOperator: {
    replace: `Replace with a typed placeholder (${numberedPlaceholder("EMAIL", 1)})`,
    mask: "Mask, keep the last 4",
    hash: "Pseudonym (keyed hash)",
    remove: "Remove",
  } satisfies Record<PiiOperator, string>,
  range: { today: "Today", "7d": "7 days", "30d": "30 days" } satisfies Record<RangeKey, string>,
  jobStatus: { QUEUED: "Queued", RUNNING: "Running", SUCCEEDED: "Succeeded", FAILED: "Failed", CANCELLED: "Cancelled" } satisfies Record<JobStatus, string>,
} as const;

/** One sentence on what a role may do or what a stage means, for titles and page heads. */
export const DESCRIPTIONS = {
  role: {
    ADMIN: "Users, roles, agents, API keys and settings; everything else too.",
    OPERATOR: "Starts distillation runs, promotes, pauses and rolls back.",
    REVIEWER: "Works the review queue.",
    MANAGER: "Reads KPIs, cost and trends; changes nothing.",
  } satisfies Record<Role, string>,
  stage: {
    OBSERVATION: "Recording and attributing failures only; nothing is distilled.",
    SMALL_SCALE: "Automated pre-screen on, sandbox test after every distillation, low-confidence samples discarded.",
    FULL: "Automated review may approve; distilled knowledge serves production.",
  } satisfies Record<Stage, string>,
} as const;

export type LabelKind = keyof typeof LABELS;
export type Labelled<K extends LabelKind> = keyof (typeof LABELS)[K];

/**
 * The label of an enum value. Values read from the database often arrive typed as plain
 * strings, so any string is accepted and one without a label shows as itself.
 */
export function labelOf<K extends LabelKind>(kind: K, value: Labelled<K> | (string & {})): string {
  const text = value as string;
  return (LABELS[kind] as Record<string, string>)[text] ?? text;
}

export function descriptionOf<K extends keyof typeof DESCRIPTIONS>(kind: K, value: keyof (typeof DESCRIPTIONS)[K]): string {
  return (DESCRIPTIONS[kind] as Record<string, string>)[value as string];
}

/** `<select>` options for an enum, labelled; all its values in label order unless `values` narrows them. */
export function optionsOf<K extends LabelKind>(kind: K, values?: ReadonlyArray<Labelled<K>>): Array<{ value: string; label: string }> {
  return (values ?? (Object.keys(LABELS[kind]) as Array<Labelled<K>>)).map((value) => ({ value: String(value), label: labelOf(kind, value) }));
}
