/** Entity types the PII firewall detects; the names are part of the public contract. */
export const PII_TYPES = [
  "EMAIL",
  "PHONE",
  "CREDIT_CARD",
  "IBAN",
  "US_SSN",
  "CN_RESIDENT_ID",
  "IP_ADDRESS",
  "SECRET",
  "PERSON",
  "DATE_OF_BIRTH",
] as const;

export type PiiType = (typeof PII_TYPES)[number];

export const PII_OPERATORS = ["replace", "mask", "hash", "remove"] as const;

export type PiiOperator = (typeof PII_OPERATORS)[number];

export interface PiiFinding {
  type: PiiType;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  text: string;
  /** 0–1: how sure the detector is, after checksums and context. */
  score: number;
  /** Which rule found it, for debugging and tests. */
  detector: string;
}

/** What was redacted, by type. Never carries the values themselves. */
export interface PiiReport {
  total: number;
  counts: Partial<Record<PiiType, number>>;
}
