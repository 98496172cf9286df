import { addFinding, type FindingSink } from "./context";

// Keys whose issuers give them a recognisable prefix. Bodies are single character classes,
// so each match is one greedy pass.
const PREFIXED_KEY =
  /(?<![\w-])(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|(?:AKIA|ASIA)[A-Z0-9]{16}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36})(?![\w-])/g;
const JWT = /(?<![\w-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g;
const AUTH_HEADER = /\b(?:[Bb]earer|[Bb]asic)[ \t]+([A-Za-z0-9\-._~+/]{16,}=*)/g;
// "password=…" in query strings and config lines, and "password": "…" inside embedded JSON.
const CREDENTIAL_PAIR =
  /(?<![\w-])(?:(?:password|passwd|pwd|secret|client_secret|api_?key|access_token|refresh_token)"?[ \t]*([:=])[ \t]*"?|(?:token|auth_token|id_token|session_token)=)([^\s&#"'<>;,]{3,256})/gi;
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
  let begin = text.indexOf("-----BEGIN ");
  while (begin !== -1) {
    PEM_HEADER.lastIndex = begin;
    const header = PEM_HEADER.exec(text);
    if (!header) {
      begin = text.indexOf("-----BEGIN ", begin + 11);
      continue;
    }
    const footer = `-----END ${header[1]}-----`;
    const footerAt = text.indexOf(footer, PEM_HEADER.lastIndex);
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
    if (m) addFinding(out, text, "SECRET", scheme + 3, scheme + 3 + m[0].length - 1, 0.95, "url-credentials");
    scheme = text.indexOf("://", scheme + 3);
  }
}

export function detectSecrets(text: string, out: FindingSink): void {
  PREFIXED_KEY.lastIndex = 0;
  for (let m = PREFIXED_KEY.exec(text); m; m = PREFIXED_KEY.exec(text)) {
    // "sk-customer-support-flow" is a slug; generated keys mix cases and digits.
    const generated = !m[0].startsWith("sk-") || looksGenerated(m[0].slice(3));
    if (generated) addFinding(out, text, "SECRET", m.index, m.index + m[0].length, 0.95, "prefixed-key");
  }
  if (text.includes("eyJ")) {
    JWT.lastIndex = 0;
    for (let m = JWT.exec(text); m; m = JWT.exec(text)) {
      addFinding(out, text, "SECRET", m.index, m.index + m[0].length, 0.95, "jwt");
    }
  }
  if (text.includes("earer") || text.includes("asic")) {
    AUTH_HEADER.lastIndex = 0;
    for (let m = AUTH_HEADER.exec(text); m; m = AUTH_HEADER.exec(text)) {
      const token = m[1];
      if (!/\d/.test(token)) continue;
      const start = m.index + m[0].length - token.length;
      addFinding(out, text, "SECRET", start, start + token.length, 0.9, "auth-header");
    }
  }
  CREDENTIAL_PAIR.lastIndex = 0;
  for (let m = CREDENTIAL_PAIR.exec(text); m; m = CREDENTIAL_PAIR.exec(text)) {
    const value = m[2];
    if (!isCredentialValue(value, m[1] === ":")) continue;
    const start = m.index + m[0].length - value.length;
    addFinding(out, text, "SECRET", start, start + value.length, 0.9, "credential-pair");
  }
  if (text.includes("-----BEGIN ")) detectPem(text, out);
  if (text.includes("://")) detectUrlCredentials(text, out);
}
