import { z } from "zod";
import { PII_OPERATORS } from "./types";

export const piiOperatorSchema = z.enum(PII_OPERATORS);

const operator = piiOperatorSchema.default("replace");

/** One operator per entity type; a type left out falls back to `replace`. */
export const piiOperatorsSchema = z
  .object({
    EMAIL: operator,
    PHONE: operator,
    CREDIT_CARD: operator,
    IBAN: operator,
    US_SSN: operator,
    CN_RESIDENT_ID: operator,
    IP_ADDRESS: operator,
    SECRET: operator,
    PERSON: operator,
    DATE_OF_BIRTH: operator,
  })
  .strict();

/**
 * Settings an admin may change. The HMAC secret for `hash` is deliberately not here:
 * it comes from the server environment and is passed to each call.
 */
export const piiSettingsSchema = z
  .object({
    /** Findings scored below this are ignored. */
    minScore: z.number().min(0, "must be at least 0").max(1, "must be at most 1").default(0.5),
    operators: piiOperatorsSchema.prefault({}),
  })
  .strict();

export type PiiSettings = z.output<typeof piiSettingsSchema>;

export const defaultPiiSettings: PiiSettings = piiSettingsSchema.parse({});
