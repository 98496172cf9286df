import { addEndingGroups, addFinding, type FindingSink } from "./context";
import { detectCredentials, isExampleKey, looksGenerated } from "./credential";
import { isPersonLogin } from "./person-handle";

// One pass for every secret with a shape, each alternative a capture group:
// 1 a key whose issuer gives it a recognisable prefix; 2 a JWT or a signed cookie; 3–4 the token of an Authorization
// header (Bearer, Basic). Bodies are single character classes, so each match is one greedy pass. Credentials
// without a shape, known by their name (`password=…`, 密码是 …), are in credential.ts.
const SECRET = new RegExp(
  String.raw`\b(?:` +
    String.raw`(sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|(?:AKIA|ASIA)[A-Z0-9]{16}|AKID[A-Za-z0-9]{32,36}|LTAI[A-Za-z0-9]{12,30}|STS\.[A-Za-z0-9]{16,40}|key-[0-9a-f]{32}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|glpat-[A-Za-z0-9_-]{20,}|dckr_pat_[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{24,64}|hf_[A-Za-z]{34}|ya29\.[A-Za-z0-9_-]{20,}|hv[sbr]\.[A-Za-z0-9_-]{24,})(?![\w-])` +
    // A JWT; or a signed session cookie (Flask, itsdangerous): a JSON payload, a timestamp, a signature.
    // A payload and a signature alone is a signed cookie too (`session=eyJ….Xk3p…`).
    // A JWE (five parts; the encrypted key is empty under direct encryption: `eyJ….` `.iv.ciphertext.tag`).
    String.raw`|(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![.\w-])` +
    String.raw`|eyJ[A-Za-z0-9_-]{10,}\.(?:eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}|[A-Za-z0-9_-]{16,}(?![.\w-]))` +
    // an Express (connect) signed session cookie, "s:" or URL-encoded "s%3A", the id then its signature;
    // a BitLocker recovery key, eight groups of six digits.
    String.raw`|s(?::|%3A)[A-Za-z0-9_-]{12,}\.[A-Za-z0-9+/_%-]{10,}(?![\w%+/-])|\d{6}(?:-\d{6}){7}(?![\w-]))` +
    String.raw`|(?:[Bb]earer[ \t]+([A-Za-z0-9\-._~+/]{16,}=*)|[Bb]asic[ \t]+([A-Za-z0-9+/]{8,}={0,2}))(?![\w+/=-])` +
    `)`,
  "g",
);
const PEM_HEADER = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/y;

// Prefixes shared with ordinary words or slugs ("sk-customer-support-flow", "LTAI…" in capitals, "STS.AssumeRole"):
// the key counts only when its body mixes cases and digits, as generated keys do.
const NEEDS_GENERATED_BODY = /^(?:sk-(?:ant-|proj-)?|LTAI|AKID|STS\.)/;

// An AWS secret access key: 40 characters of base64 standing alone. Without its name it is
// believed only near an access key id (the next line, the next CSV column), where exports put it.
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
const AWS_SECRET_REACH = 200;

function detectAwsSecretNear(text: string, idEnd: number, out: FindingSink): void {
  const window = text.slice(idEnd, idEnd + AWS_SECRET_REACH);
  AWS_SECRET_SHAPE.lastIndex = 0;
  for (let m = AWS_SECRET_SHAPE.exec(window); m; m = AWS_SECRET_SHAPE.exec(window)) {
    // A git SHA is lower-case hex; a secret key mixes cases with digits or "+/".
    if (/[A-Z]/.test(m[0]) && /[a-z]/.test(m[0]) && /[\d+/]/.test(m[0]) && !isExampleKey(m[0])) {
      addFinding(out, text, "SECRET", idEnd + m.index, idEnd + m.index + 40, 0.9, "aws-secret-key");
      return;
    }
  }
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

function isBasicCredentials(token: string): boolean {
  try {
    const decoded = atob(token);
    return decoded.includes(":") && /^[\x20-\x7e]+$/.test(decoded);
  } catch {
    return false;
  }
}

/** The span and detector of a SECRET match, or null when the match is not a secret after all. */
function secretIn(m: RegExpExecArray): [number, number, number, string] | null {
  const [whole, prefixed, jwt, bearer, basic] = m;
  const end = m.index + whole.length;
  if (prefixed !== undefined) {
    // "AKIAXXXXXXXXXXXXXXXX", "ghp_xxxxxxxx…": a placeholder written in a key's shape.
    if (/^[A-Za-z]+[_-]?(?:[A-Za-z]+_)?(.)\1{9,}$/.test(prefixed) && /(?:X|x|0|\*){10}$/.test(prefixed)) return null;
    // "AKIAIOSFODNN7EXAMPLE": the key the AWS documentation prints, public by design.
    if (isExampleKey(prefixed)) return null;
    const prefix = NEEDS_GENERATED_BODY.exec(prefixed)?.[0];
    const generated = prefix === undefined || looksGenerated(prefixed.slice(prefix.length));
    return generated ? [m.index, end, 0.95, "prefixed-key"] : null;
  }
  if (jwt !== undefined) return [m.index, end, 0.95, "jwt"];
  if (bearer !== undefined) return /\d/.test(bearer) ? [end - bearer.length, end, 0.9, "auth-header"] : null;
  // Basic credentials are base64 of "user:password", digits or not.
  return isBasicCredentials(basic) ? [end - basic.length, end, 0.9, "auth-header"] : null;
}

// A private key's body in base64 without its PEM lines, as pasted into a chat or a config: DER's
// opening sequence, then version 0 of a PKCS#8 key ("MIIEvQIBADAN…") or of a PKCS#1 RSA key
// ("MIIEpAIBAAK…"). Certificates and public keys open otherwise and stay.
const PRIVATE_KEY_BODY = /(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{2}(?:QIBADAN|AIBAAK)[A-Za-z0-9+/=]{16,}/g;

function detectPrivateKeyBodies(text: string, out: FindingSink): void {
  PRIVATE_KEY_BODY.lastIndex = 0;
  for (let m = PRIVATE_KEY_BODY.exec(text); m; m = PRIVATE_KEY_BODY.exec(text)) addFinding(out, text, "SECRET", m.index, m.index + m[0].length, 0.95, "private-key-der");
}

export function detectSecrets(text: string, out: FindingSink): void {
  if (text.includes("MII")) detectPrivateKeyBodies(text, out);
  SECRET.lastIndex = 0;
  let awsReach = -1;
  for (let m = SECRET.exec(text); m; m = SECRET.exec(text)) {
    const found = secretIn(m);
    if (!found) continue;
    addFinding(out, text, "SECRET", found[0], found[1], found[2], found[3]);
    // One look per stretch of text, however many ids it lists.
    if ((m[0].startsWith("AKIA") || m[0].startsWith("ASIA")) && found[1] > awsReach) {
      detectAwsSecretNear(text, found[1], out);
      awsReach = found[1] + AWS_SECRET_REACH;
    }
  }
  if (text.includes("-----BEGIN ")) detectPem(text, out);
  if (text.includes("/services/T")) detectSlackWebhooks(text, out);
  if (text.includes("://") && WEBHOOK_HINT.test(text)) detectWebhookUrls(text, out);
  if (text.includes("kind: Secret")) detectKubernetesSecretData(text, out);
  if (text.includes("ombination") || hasLockCode(text)) detectCombinations(text, out);
  if (text.includes("auth") || text.includes("Auth(")) detectAuthTuples(text, out);
  detectCredentials(text, out);
}

// Python's HTTP clients take a login and its password as a pair: `auth=("mgarcia", "Tr0pic@l-Storm")`,
// `HTTPBasicAuth("svc", "…")`, `DigestAuth(…)`. The second is the secret.
const AUTH_TUPLE = /(?:\b(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth)\(|\b(?:basic_|http_)?auth[ \t]*=[ \t]*\()[ \t]*(["'])([^"'\n]{1,64})\1[ \t]*,[ \t]*(["'])([^"'\n]{4,128})\3[ \t]*\)/g;
const NOT_A_PASSWORD = /^(?:password|passwd|pass|secret|changeme|redacted|xxx+|\*+|[$%{<].*|your[-_ ].*|.*[-_ ]here)$/i;

function detectAuthTuples(text: string, out: FindingSink): void {
  AUTH_TUPLE.lastIndex = 0;
  for (let m = AUTH_TUPLE.exec(text); m; m = AUTH_TUPLE.exec(text)) {
    if (NOT_A_PASSWORD.test(m[4]) || isExampleKey(m[4]) || /^[A-Z][A-Z0-9_]+$/.test(m[4])) continue;
    const end = m.index + m[0].lastIndexOf(m[4]) + m[4].length;
    addFinding(out, text, "SECRET", end - m[4].length, end, 0.9, "auth-pair");
    // The login beside it, when it is made of a person's name ("mgarcia", not "svc-report").
    if (isPersonLogin(m[2])) {
      const login = m.index + m[0].indexOf(m[2]);
      addFinding(out, text, "PERSON", login, login + m[2].length, 0.6, "person-handle");
    }
  }
}

// A card's security code beside its number ("cvc": "417", CVV 552, 安全码 318): whoever holds both can pay.
const CARD_CODE = /(?<![A-Za-z])(?:cvc2?|cvv2?|cav2|csc|security[ _-]?code|card[ _-]?code|安全码|背面三位数?)(?![A-Za-z])(?:[ \t]*(?:code|码))?(?:[ \t]*\([A-Za-z]{3,4}\))?["']?[ \t]*(?:[:=：]|is\b|是)?[ \t]*["']?(\d{3,4})(?!\d)/gi;
// The code stands beside its card: within this many characters of it.
const CARD_CODE_REACH = 160;

/** Security codes beside the cards found (`cards`: their spans), as the scan calls it once one is. */
export function detectCardCodes(text: string, cards: readonly { start: number; end: number }[], out: FindingSink): void {
  addEndingGroups(out, text, CARD_CODE, "SECRET", 0.85, "card-code", (m) => {
    const end = m.index + m[0].length;
    return cards.some((c) => Math.abs(m.index - c.end) <= CARD_CODE_REACH || Math.abs(c.start - end) <= CARD_CODE_REACH);
  });
}

// "the vault combination was changed to 38-17-62", "Safe combination 12-34-56", "gate code is #4512",
// "the combination to the safe is 2-40-16": whoever knows it opens the lock. An alarm's or a logic
// gate's code is an error code or a truth table's, not a secret.
const COMBINATION_LOCK = String.raw`(?:safe|vault|lock|locker|padlock|lockbox|key ?box|strongroom)`;
const CODE_LOCK = String.raw`(?:safe|vault|lock|locker|padlock|lockbox|key ?box|strongroom|gate|door|keypad)`;
// After a separator or a verb, or right after a blank when the value is grouped ("combo 14 33 07").
const COMBINATION_VALUE = String.raw`(?:[^.\n\d]{0,40}?(?:[:=]|\b(?:is|was|are|to|now|be))[ \t]*|[ \t]+(?=\d{1,3}[- ]\d))["'(#*]?(\d{1,3}(?:[- ]\d{1,3}){2,4}|\d{3,8})(?![\d-]|\.\d|[ \t]*(?:%|am\b|pm\b|minutes?|seconds?|hours?|days?|times?|lines?|errors?|characters?|chars?|tests?|rows?|records?|bytes?|ms\b))`;
const COMBINATION = new RegExp(
  String.raw`\b(?:${COMBINATION_LOCK}(?:'s)?[ \t]+(?:combination|combo)|${CODE_LOCK}(?:'s)?[ \t]+code|(?:combination|combo)(?:[ \t]+(?:to|for|of|on)[ \t]+(?:the[ \t]+|my[ \t]+|our[ \t]+)?${COMBINATION_LOCK}|[ \t]+lock))\b${COMBINATION_VALUE}`,
  "gi",
);

// " code" is everywhere (status code, error code): only one right after a lock's word counts, or
// "combo" ("safe combo"). Each is one search of the text: a third (" pin") cost 5% of a scan.
const LOCK_BEFORE = new RegExp(String.raw`\b${CODE_LOCK}(?:'s)?$`, "i");

function hasLockCode(text: string): boolean {
  // One search for " co" and a look at what follows costs less than a search for each word (measured).
  for (let at = text.indexOf(" co"); at >= 0; at = text.indexOf(" co", at + 3)) {
    const c = text.charCodeAt(at + 3);
    if (c !== 100 && c !== 109) continue; // "d", "m"
    if ((text.startsWith("de", at + 3) || text.startsWith("mbo", at + 3)) && LOCK_BEFORE.test(text.slice(Math.max(0, at - 12), at))) return true;
  }
  return false;
}

function detectCombinations(text: string, out: FindingSink): void {
  addEndingGroups(out, text, COMBINATION, "SECRET", 0.85, "lock-combination");
}

// A Slack incoming webhook, `…/services/T<team>/B<bot>/<secret>`: whoever holds the path can post.
const SLACK_WEBHOOK = /\/services\/T[A-Z0-9]{2,12}\/B[A-Z0-9]{2,12}\/([A-Za-z0-9]{20,32})(?![A-Za-z0-9])/g;

function detectSlackWebhooks(text: string, out: FindingSink): void {
  addEndingGroups(out, text, SLACK_WEBHOOK, "SECRET", 0.9, "slack-webhook");
}

// A chat robot's or a webhook's URL is its own credential: whoever holds it can post. The secret is
// a query parameter (WeCom `send?key=…`, DingTalk `send?access_token=…`) or the path's last part
// after the hook (Feishu `/bot/v2/hook/<uuid>`, Discord `/api/webhooks/<id>/<token>`).
const WEBHOOK_HINT = /hook|robot/i;
const WEBHOOK_URL = /\bhttps?:\/\/[^\s"'<>()]{1,200}?(?:hook|robot)[^\s"'<>()]{0,300}/gi;
const WEBHOOK_QUERY = /[?&](?:key|token|access_token|secret|sig)=([A-Za-z0-9_-]{16,128})/gi;
const WEBHOOK_PATH_SECRET = /\/(?:[\w-]*hooks?)(?:\/\d{5,24})?\/([A-Za-z0-9_-]{16,128})(?=$|[/?#])/gi;

/** A generated value: letters and digits mixed, not one word ("incoming-webhook-default"). */
function isGeneratedPart(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value) && !isExampleKey(value) && !/^(?:[a-z]+-)+[a-z]+\d{0,4}$/.test(value);
}

function detectWebhookUrls(text: string, out: FindingSink): void {
  WEBHOOK_URL.lastIndex = 0;
  for (let m = WEBHOOK_URL.exec(text); m; m = WEBHOOK_URL.exec(text)) {
    const url = m[0].replace(/[.,;:!?)\]}>*]+$/, "");
    for (const pattern of [WEBHOOK_QUERY, WEBHOOK_PATH_SECRET]) {
      pattern.lastIndex = 0;
      for (let p = pattern.exec(url); p; p = pattern.exec(url)) {
        if (!isGeneratedPart(p[1])) continue;
        const end = m.index + p.index + p[0].length;
        addFinding(out, text, "SECRET", end - p[1].length, end, 0.9, "webhook-url");
      }
    }
  }
}

// A Kubernetes Secret's `data:` (base64) and `stringData:` (plain) hold nothing but secrets, whatever
// their keys are called (`auth_blob:`, `webhook_signing:`); each generated-looking value of the block is one.
const SECRET_BLOCK = /^([ \t]*)(?:stringData|data):[ \t]*$/gm;
const BLOCK_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*(["']?)([^\s"'#][^\n]*?)\3[ \t]*$/;
// Where the credential is sent, and to whom, is kept beside it but is not secret itself.
const NOT_SECRET_ENTRY = /^(?:user(?:name)?|login|email|host(?:name)?|port|database|db|schema|region|endpoint|url)$/i;
const MAX_BLOCK_LINES = 200;

function detectKubernetesSecretData(text: string, out: FindingSink): void {
  SECRET_BLOCK.lastIndex = 0;
  for (let m = SECRET_BLOCK.exec(text); m; m = SECRET_BLOCK.exec(text)) {
    const indent = m[1].length;
    let at = m.index + m[0].length + 1;
    for (let line = 0; line < MAX_BLOCK_LINES && at < text.length; line++) {
      let end = text.indexOf("\n", at);
      if (end < 0) end = text.length;
      const entry = BLOCK_ENTRY.exec(text.slice(at, end));
      if (!entry || entry[1].length <= indent) break;
      const value = entry[4];
      if (NOT_SECRET_ENTRY.test(entry[2])) {
        at = end + 1;
        continue;
      }
      // Generated-looking or base64, as keys and passwords are; not a region or a host ("eu-west-1").
      const secretLooking = looksGenerated(value) || (/^[A-Za-z0-9+/]{12,}={0,2}$/.test(value) && /\d/.test(value));
      if (value.length >= 8 && secretLooking && !isExampleKey(value) && !/^[$%{<[]/.test(value)) {
        const start = at + entry[0].lastIndexOf(value);
        addFinding(out, text, "SECRET", start, start + value.length, 0.9, "k8s-secret-data");
      }
      at = end + 1;
    }
  }
}
