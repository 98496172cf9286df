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

const UNICODE_LETTER = /[\p{L}\p{N}\p{M}]/u;

/** A letter, digit or mark outside ASCII: what internationalised (IDN, EAI) addresses are written in. */
function isWideLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return false;
  // The common scripts by range; CJK and fullwidth punctuation (，。：) are not letters.
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)) return true;
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff20) || (c >= 0x2000 && c <= 0x206f)) return false;
  return UNICODE_LETTER.test(text[i]);
}

// "icon@2x.png" and friends: asset names, not mailboxes.
const FILE_EXTENSIONS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "avif"]);
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
// Letters only, in any script (.com, .公司, .ελ), or an internationalised one in its ASCII form (.xn--fiqs8s).
const TLD = /^(?:\p{L}{2,24}|xn--[a-z0-9-]{2,59})$/iu;

function validDomain(domain: string): boolean {
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1];
  if (!TLD.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return false;
  return labels.every((label) => label.length <= 63 && LABEL.test(label));
}

/** End of the domain after the "@" at `at`, or -1 when none is valid. */
function domainEnd(text: string, at: number): number {
  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
  const asciiEnd = trimDomain(text, at, end);
  // A valid ASCII domain is the address even when a sentence runs on into it ("a@b.com谢谢").
  if (validDomain(text.slice(at + 1, asciiEnd))) return asciiEnd;
  // Otherwise the name may go on in another script: "bücher.de", "例子.公司".
  if (!isWideLetter(text, end)) return -1;
  while (end < text.length && end - at <= MAX_DOMAIN && (isDomainChar(text.charCodeAt(end)) || isWideLetter(text, end))) end++;
  const wideEnd = trimDomain(text, at, end);
  return validDomain(text.slice(at + 1, wideEnd)) ? wideEnd : -1;
}

function trimDomain(text: string, at: number, end: number): number {
  while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  return end;
}

/** Start of the local part before the "@" at `at`, never before `floor` (the end of the previous address). */
function localStart(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
  // A local part in another script (用户@例子.公司, ολγα@…) is read as a whole; Latin text that runs
  // into a Chinese sentence ("发到zhang@…") is not.
  if (start === at) {
    while (start > floor && at - start < MAX_LOCAL && (isWideLetter(text, start - 1) || isLocalChar(text.charCodeAt(start - 1)))) start--;
  }
  // A local part does not start with a dot, and a leading quote is the text's, not the address's.
  while (start < at && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 39)) start++;
  return start;
}

// "ssh deploy@bastion.acme.io", "scp -P 2222 f ops@host:": a login on a host, not a mailbox.
const LOGIN_COMMAND_BEFORE = /\b(?:ssh|scp|sftp|rsync|mosh)\s+(?:\S+\s+){0,4}$/;

// The id may hold characters no address has ("<CAF8x2q=Pq7@mail.example>"), so the whole id inside the brackets counts.
const MESSAGE_ID_HEADER = /^(?:message-id|in-reply-to|content-id|references|x-original-message-id):/i;
const MAX_HEADER_LINES = 40;

/**
 * Whether `start` is inside the angle brackets of a message-id header, which a long References
 * header folds over several lines that open with a blank. Read back line by line, at most 40 lines
 * and only over the ids of one header.
 */
function inMessageIdHeader(text: string, start: number): boolean {
  const from = Math.max(0, start - 200);
  const open = text.slice(from, start).lastIndexOf("<");
  if (open < 0 || /[\s<>]/.test(text.slice(from + open + 1, start))) return false;
  let lineStart = lineStartNear(text, from + open);
  for (let lines = 0; lines < MAX_HEADER_LINES && lineStart >= 0; lines++) {
    const c = text.charCodeAt(lineStart);
    // A folded line opens with a blank and carries on the header above it.
    if ((c !== 32 && c !== 9) || lineStart === 0) return MESSAGE_ID_HEADER.test(text.slice(lineStart, lineStart + 24));
    lineStart = lineStartNear(text, lineStart - 1);
  }
  return false;
}

/** The start of the line holding `at` when it is at most 1,000 characters back (headers are short), else -1. */
function lineStartNear(text: string, at: number): number {
  const from = Math.max(0, at - 1000);
  const newline = text.slice(from, at).lastIndexOf("\n");
  return newline >= 0 ? from + newline + 1 : from === 0 ? 0 : -1;
}

/**
 * Expands around each "@" instead of running one big regex: a pattern that starts with the
 * local part would be retried from every letter of a long "a.a.a.…" run, which is quadratic.
 * Each expansion is bounded (64 back, 253 forward, and never back into the previous address), and
 * the next "@" is searched after the domain.
 */
export function detectEmails(text: string, out: FindingSink): void {
  let at = text.indexOf("@");
  // Addresses do not overlap: the next one's local part starts after the previous one's domain.
  let floor = 0;
  while (at !== -1) {
    const start = localStart(text, at, floor);
    const end = start < at && text.charCodeAt(at - 1) !== 46 ? domainEnd(text, at) : -1;
    if (end !== -1) {
      // "git@github.com:org/repo" is an SSH remote, and "https://token@host" a URL's user: not mailboxes.
      // A colon then a blank or the end ("Request from ana@mail.example: …") is the sentence's.
      const afterColon = text.charCodeAt(end + 1);
      const sshRemote = text.charCodeAt(end) === 58 && afterColon !== 47 && end + 1 < text.length && afterColon > 32;
      // Also through a shell or template variable: "https://$GITHUB_TOKEN@github.com", "://${USER}@host".
      const urlUser = /:\/\/(?:\$\{?)?$/.test(text.slice(Math.max(0, start - 5), start));
      const login = LOGIN_COMMAND_BEFORE.test(text.slice(Math.max(0, start - 40), start));
      // "Message-ID: <8f2a1c3e-1d4b@example.sn>": a message's id has an address's shape, not a mailbox.
      const messageId = inMessageIdHeader(text, start);
      addFinding(out, text, "EMAIL", start, end, sshRemote || urlUser || login || messageId ? 0.3 : 0.95, "email");
      floor = end;
      at = text.indexOf("@", end);
    } else {
      at = text.indexOf("@", at + 1);
    }
  }
  if (text.includes("%40")) detectEncodedEmails(text, out);
}

/**
 * "?email=m.szabo%40freemail.hu": an address percent-encoded in a URL or a form body, as access
 * logs and redirects write it. The "%40" stands for the "@"; the rest is read as above.
 */
function detectEncodedEmails(text: string, out: FindingSink): void {
  for (let at = text.indexOf("%40"); at !== -1; at = text.indexOf("%40", at + 3)) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1)) && text.charCodeAt(start - 1) !== 37) start--;
    while (start < at && text.charCodeAt(start) === 46) start++;
    // "%40" is read as an "@" two characters later, so the domain starts after the "0".
    const end = start < at && text.charCodeAt(at - 1) !== 46 ? domainEnd(text, at + 2) : -1;
    if (end !== -1) addFinding(out, text, "EMAIL", start, end, 0.9, "email-encoded");
  }
}
