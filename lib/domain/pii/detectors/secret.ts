import { addFinding, type FindingSink } from "./context";

// Credential names in the three spellings configs use (password, Password, PASSWORD). One
// case-sensitive alternation is cheaper than the `i` flag on the whole pattern.
const spellings = (names: string[]): string =>
  names.flatMap((n) => [n, n[0].toUpperCase() + n.slice(1), n.toUpperCase()]).join("|");
const NAMED_BEFORE_COLON_OR_EQUALS = spellings([
  "password", "passwd", "pwd", "secret", "client_secret", "api_key", "apikey", "access_token", "refresh_token",
]);
const NAMED_BEFORE_EQUALS = spellings(["token", "auth_token", "id_token", "session_token"]);

// One pass for every secret with a shape, each alternative a capture group:
// 1 a key whose issuer gives it a recognisable prefix; 2 a JWT; 3 the token of an Authorization
// header; 4 the value of "password": "…" in embedded (or escaped) JSON; 5–6 the separator and
// value of "password=…" in query strings and config lines; 7 a generated-looking string right
// after such a word in prose ("with secret wJalrXUt…"). Bodies are single character classes,
// so each match is one greedy pass.
const SECRET = new RegExp(
  String.raw`\b(?:` +
    String.raw`(sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|(?:AKIA|ASIA)[A-Z0-9]{16}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36})(?![\w-])` +
    String.raw`|(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)` +
    String.raw`|(?:[Bb]earer|[Bb]asic)[ \t]+([A-Za-z0-9\-._~+/]{16,}=*)` +
    String.raw`|(?:${NAMED_BEFORE_COLON_OR_EQUALS}|${NAMED_BEFORE_EQUALS})\\?"[ \t]*:[ \t]*\\?"([^"\\]{1,256})` +
    String.raw`|(?:(?:${NAMED_BEFORE_COLON_OR_EQUALS})[ \t]*([:=])[ \t]*|(?:${NAMED_BEFORE_EQUALS})=)([^\s&#"'<>;,]{3,256})` +
    String.raw`|(?:${NAMED_BEFORE_COLON_OR_EQUALS}|${NAMED_BEFORE_EQUALS}|key)[ \t]+(?:is[ \t]+)?([A-Za-z0-9+/_-]{16,}={0,2})(?![\w+/=-])` +
    `)`,
  "g",
);
const PEM_HEADER = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/y;
const URL_CREDENTIALS = /[^\s:/?#@]{1,128}:[^\s/?#@]{1,256}@/y;

const PLACEHOLDER_VALUES = new Set(["null", "undefined", "none", "true", "false", "redacted", "hidden", "masked", "changeme"]);

function looksGenerated(body: string): boolean {
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /\d/.test(body);
}

function isCredentialValue(value: string, viaColon: boolean): boolean {
  if (!/[A-Za-z0-9]/.test(value) || PLACEHOLDER_VALUES.has(value.toLowerCase())) return false;
  // "${DB_PASSWORD}", "%s", "{{token}}": references to a secret, not the secret.
  if (/^[$%{]/.test(value) || /^[*xX.]+$/.test(value)) return false;
  // After a colon a plain word is usually prose ("Password: required"); real ones mix in digits or symbols.
  return !viaColon || /[^A-Za-z]/.test(value);
}

function detectPem(text: string, out: FindingSink): void {
  // Footers known to be absent: searching again for each of many headers would be quadratic.
  const missingFooters = new Set<string>();
  let begin = text.indexOf("-----BEGIN ");
  while (begin !== -1) {
    PEM_HEADER.lastIndex = begin;
    const header = PEM_HEADER.exec(text);
    if (!header) {
      begin = text.indexOf("-----BEGIN ", begin + 11);
      continue;
    }
    const footer = `-----END ${header[1]}-----`;
    const footerAt = missingFooters.has(footer) ? -1 : text.indexOf(footer, PEM_HEADER.lastIndex);
    if (footerAt === -1) missingFooters.add(footer);
    let end: number;
    if (footerAt !== -1) {
      end = footerAt + footer.length;
    } else {
      // Truncated key: take the base64 body (with literal "\n" escapes from logged JSON).
      end = PEM_HEADER.lastIndex;
      while (end < text.length && /[A-Za-z0-9+/=\s\\]/.test(text[end])) end++;
    }
    addFinding(out, text, "SECRET", begin, end, 0.99, "pem-private-key");
    begin = text.indexOf("-----BEGIN ", end);
  }
}

function detectUrlCredentials(text: string, out: FindingSink): void {
  let scheme = text.indexOf("://");
  while (scheme !== -1) {
    URL_CREDENTIALS.lastIndex = scheme + 3;
    const m = URL_CREDENTIALS.exec(text);
    // Scored above EMAIL: "user:pass@host" also reads as an address ending in "pass@host".
    if (m) addFinding(out, text, "SECRET", scheme + 3, scheme + 3 + m[0].length - 1, 0.97, "url-credentials");
    scheme = text.indexOf("://", scheme + 3);
  }
}

/** The span and detector of a SECRET match, or null when the match is not a secret after all. */
function secretIn(m: RegExpExecArray): [number, number, number, string] | null {
  const [whole, prefixed, jwt, authToken, quoted, separator, value, named] = m;
  const end = m.index + whole.length;
  if (prefixed !== undefined) {
    // "sk-customer-support-flow" is a slug; generated keys mix cases and digits.
    const generated = !prefixed.startsWith("sk-") || looksGenerated(prefixed.slice(3));
    return generated ? [m.index, end, 0.95, "prefixed-key"] : null;
  }
  if (jwt !== undefined) return [m.index, end, 0.95, "jwt"];
  if (authToken !== undefined) return /\d/.test(authToken) ? [end - authToken.length, end, 0.9, "auth-header"] : null;
  if (quoted !== undefined) return isCredentialValue(quoted, false) ? [end - quoted.length, end, 0.9, "credential-pair"] : null;
  if (value !== undefined) {
    return isCredentialValue(value, separator === ":") ? [end - value.length, end, 0.9, "credential-pair"] : null;
  }
  return looksGenerated(named) ? [end - named.length, end, 0.85, "named-secret"] : null;
}

export function detectSecrets(text: string, out: FindingSink): void {
  SECRET.lastIndex = 0;
  for (let m = SECRET.exec(text); m; m = SECRET.exec(text)) {
    const found = secretIn(m);
    if (found) addFinding(out, text, "SECRET", found[0], found[1], found[2], found[3]);
    // A word followed by a rejected value may hide a real key in that value ("key AKIA…"): look
    // again from the value. Other rejected matches are single-class runs with nothing inside.
    else if (m[7] !== undefined) SECRET.lastIndex = m.index + m[0].length - m[7].length;
  }
  if (text.includes("-----BEGIN ")) detectPem(text, out);
  if (text.includes("://")) detectUrlCredentials(text, out);
}
