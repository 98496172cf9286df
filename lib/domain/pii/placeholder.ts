import type { PiiType } from "./types";

/**
 * What the PII firewall writes in place of a value, and the one definition of that shape for
 * the engine and the screens that highlight it: `replace` writes `<EMAIL_1>` (numbered per
 * record), `hash` writes `<EMAIL#a1b2c3d4e5f6>` (a keyed pseudonym). Redacted text is scanned
 * again (residual checks, re-ingestion), so this shape is never read as PII. The group holds
 * the type; no character of the shape is `>`, so a match ends at the first `>` and the pattern
 * stays linear.
 */
export const PLACEHOLDER_PATTERN = String.raw`<([A-Z][A-Z_]*)(?:_\d+|#[0-9a-f]{12})>`;

/** `<EMAIL_1>`: the nth distinct value of a type in one record. */
export function numberedPlaceholder(type: PiiType, n: number): string {
  return `<${type}_${n}>`;
}

/** `<EMAIL#a1b2c3d4e5f6>`: a pseudonym from the first 12 hex digits of a keyed digest. */
export function pseudonymPlaceholder(type: PiiType, hexDigest: string): string {
  return `<${type}#${hexDigest.slice(0, 12)}>`;
}

export type RedactedPart = string | { placeholder: string; type: string };

const PLACEHOLDERS = new RegExp(PLACEHOLDER_PATTERN, "g");

/** Splits redacted text into plain runs and placeholders, for display. */
export function splitPlaceholders(text: string): RedactedPart[] {
  const parts: RedactedPart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDERS)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ placeholder: match[0], type: match[1] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
