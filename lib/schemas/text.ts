import { z } from "zod";

// A NUL, or a UTF-16 surrogate that is not part of a valid pair: PostgreSQL cannot store either.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds a character the database cannot store. */
export const holdsUnstorableText = (value: string) => UNSTORABLE.test(value);

const UNSTORABLE_MESSAGE = "holds a control character (NUL) or a broken character, which cannot be stored; remove it";

/**
 * Text an API client sent, kept as sent (not trimmed): at most `max`
 * characters, refused when it holds a NUL or a broken character.
 */
export function apiText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max.toLocaleString("en-US")} characters`)
    .refine((value) => !holdsUnstorableText(value), UNSTORABLE_MESSAGE);
}

/**
 * Text a person typed into a form: trimmed, at most `max` characters, and refused
 * with a clear message when it holds a NUL or a broken character, which would
 * otherwise reach the database and fail there as a 500.
 */
export function formText(max: number, label = "This field") {
  return z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max.toLocaleString("en-US")} characters.`)
    .refine((value) => !holdsUnstorableText(value), `${label} holds a control character (NUL) or a broken character; remove it.`);
}
