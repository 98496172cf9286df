import { addFinding, type FindingSink } from "./context";

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39 || // . _ % + - '
    // Accented Latin letters ("tomás.pérez@…"), but not CJK: Chinese text runs straight into an address.
    (c >= 0xc0 && c <= 0x24f)
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

// "icon@2x.png" and friends: asset names, not mailboxes.
const FILE_EXTENSIONS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "avif"]);
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,24}$/;

function validDomain(domain: string): boolean {
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1];
  if (!TLD.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return false;
  return labels.every((label) => label.length <= 63 && LABEL.test(label));
}

/**
 * Expands around each "@" instead of running one big regex: a pattern that starts with the
 * local part would be retried from every letter of a long "a.a.a.…" run, which is quadratic.
 */
export function detectEmails(text: string, out: FindingSink): void {
  let at = text.indexOf("@");
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    // A local part does not start with a dot, and a leading quote is the text's, not the address's.
    while (start < at && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 39)) start++;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    if (start < at && text.charCodeAt(at - 1) !== 46 && validDomain(text.slice(at + 1, end))) {
      // "git@github.com:org/repo" is an SSH remote, not a mailbox.
      const score = text.charCodeAt(end) === 58 && text.charCodeAt(end + 1) !== 47 ? 0.3 : 0.95;
      addFinding(out, text, "EMAIL", start, end, score, "email");
      at = text.indexOf("@", end);
    } else {
      at = text.indexOf("@", at + 1);
    }
  }
}
