import { COMMON_PASSWORDS } from "./common-passwords.generated";

/**
 * What a new password must be, wherever it is set: an invitation, a reset, a change under
 * Account, the first admin's REMEDY_ADMIN_PASSWORD. Length first (the cheapest check and the
 * one that matters most), then the owner's email, then the list of common passwords.
 *
 *   passwordProblem("correct horse battery", "ada@example.com") // null: acceptable
 *   passwordProblem("ada@example.com", "ada@example.com")       // "…must not contain your email…"
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** The owner's email local part is refused inside a password only from this length: "al" is in too many words. */
const LOCAL_PART_MIN_LENGTH = 3;

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(COMMON_PASSWORDS.split("\n")));

/** Why the password cannot be used, in words for the person choosing it; null when it can. */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Passwords can be at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split("@")[0] ?? "";
  if (address && lower.includes(address)) return "The password must not contain your email address. Choose something else.";
  if (localPart.length >= LOCAL_PART_MIN_LENGTH && lower.includes(localPart)) {
    return "The password must not contain the name in your email address. Choose something else.";
  }
  if (isCommon(lower)) return "This password is among the most common ones and easy to guess. Choose a less common one.";
  return null;
}

/**
 * A common password as typed, or with digits and symbols added at the end ("dragon2024!"),
 * which is how people usually stretch one to a required length.
 */
function isCommon(lower: string): boolean {
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const stem = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, "");
  return stem.length > 0 && stem !== lower && list.has(stem);
}
