import { addEndingGroups, addFinding, type FindingSink } from "./context";
import { isPersonLogin } from "./person-handle";
import { mayHoldInsert, readSqlInserts } from "./sql";

/**
 * Credentials with no shape of their own, found by what names them: `DB_PASSWORD=…`,
 * `"clientSecret": "…"`, `**Password:** \`…\``, "my password is …", 密码是 …, `--password='…'`,
 * `-p'…'` after a MySQL client, `redis://:…@host`, `user/…@db` after sqlplus. Shaped tokens
 * (prefixed keys, JWTs, PEM blocks) are in secret.ts.
 *
 * Every rule here is a short regex that finds a landmark (a name, `://`, a flag) and a bounded
 * read from it in code: a name's identifier is read back at most 48 characters, a separator at
 * most ~130, a value at most 256, and a value that is refused is skipped whole. So each character
 * is read a bounded number of times, whatever the input.
 */

// The word that ends a credential's name, in any case; the identifier it ends is judged in code.
// The lookahead wants what may follow a name (a quote, markup, a separator, a space or a
// Chinese linking verb), so "passenger", "keyboard" and "tokenizer" cost one failed lookahead.
// A Chinese name may also run straight into its value (密码Abc#123): the change of script is the separator.
const NAME =
  /(?:pass(?:word|wd|[_-]?phrase|code)?|pwd|pw|psk|mima|session(?:id)?|sessid|secret|token|credentials?|key|auth|salt|sig(?:nature)?|密码|口令|授权码|密钥|秘钥|私钥|令牌)(?=[\\"'`\]*_ \t\r\n:=：\[>.-]|[1-9](?![0-9A-Za-z])|是|为|改|设|换|重|更|修|[我你他她已都刚被给帮您])|(密码|口令|授权码|密钥|秘钥|私钥|令牌)(?=[!-~])/gi;

/** How sure a value must look, by what its name says it is. */
type Family =
  /** A password: people choose them, so any value will do after `=`. */
  | "password"
  /** A token, secret or named key: generated, so never a bare count. */
  | "credential"
  /** A key of unknown purpose (`cache_key`, `Idempotency-Key`): only a generated-looking value. */
  | "key"
  /** A session cookie (`sessionid`, `JSESSIONID`, `PHPSESSID`): a long run of letters and digits, hex included. */
  | "session"
  /**
   * `auth = "…"`, `SMTP_AUTH=user:…`: a password or token more often than not, but also a scheme
   * (`auth: basic`, `auth=oauth2`): only a value that mixes three kinds of characters, as chosen
   * and generated secrets do; a `user:` before it is the login's, not the secret.
   */
  | "auth";

// "mima" is 密码 in pinyin, as Chinese code names its fields.
const PASSWORD_WORDS = new Set(["pass", "password", "passwd", "passphrase", "pass_phrase", "pass-phrase", "passcode", "pwd", "pw", "psk", "mima", "密码", "口令", "授权码"]);

// Prefixes that make a `…key` a credential's name; any other key counts only if its value looks generated.
const CREDENTIAL_KEY = /(?:api|secret|private|account|access|signing|(?<![a-z])sign|encryption|master|auth|client|app|integration|routing|license|licence|webhook|shared|aes|sm4|des|hmac|cipher|crypto)[\s_-]*key$/;
// Words that make a name page or count rather than authenticate (nextPageToken, max_token), or
// name a key that is public by design (publishable_key).
const NOT_A_CREDENTIAL = new Set([
  "page", "next", "cursor", "continuation", "sync", "max", "min", "num", "count", "limit", "expiry", "ttl", "length",
  "public", "publishable",
]);

/** The words of an identifier: split at separators and camelCase humps, lower-cased. */
function wordsOf(identifier: string): string[] {
  return identifier.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[\s_.-]+/);
}

const IDENTIFIER_LIMIT = 48;
// Names written as one lower-case word: apikey, secretkey, accesstoken, dbpassword.
const GLUED_PASSWORD = /^(?:pw|pwd|passwd|password)$/i;
const GLUED_PREFIX = /(?:api|secret|access|private|app|auth|account|client|session|refresh|csrf|xsrf|db|admin|root|user|require)$/;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/**
 * The family of the name matched at [start, end), or null when the word is inside another word.
 * A name may end a longer identifier after a separator (`DB_PASSWORD`, `smtp.pass`, `--db-password`),
 * at a camelCase hump (`clientSecret`, `AccountKey`) or after capitals (`PGPASSWORD`), but not in the
 * middle of a lower-case word (`bypass`, `monkey`).
 */
function familyOf(text: string, start: number, end: number): Family | null {
  const word = text.slice(start, end);
  const first = word.charCodeAt(0);
  if (first < 128) {
    const before = text.charCodeAt(start - 1);
    if (isAsciiAlnum(before)) {
      // "clientSecret", and after an acronym "EncodingAESKey", "APIKey".
      const hump = isUpper(first) && (isLower(before) || (isUpper(before) && word.length > 1 && isLower(word.charCodeAt(1))));
      const capitals = isUpper(before) && word === word.toUpperCase();
      // "bindpw", "rootpasswd", "smtppassword": no word ends so but a password's name.
      const glued = GLUED_PREFIX.test(text.slice(Math.max(0, start - 8), start).toLowerCase()) || GLUED_PASSWORD.test(word);
      if (!hump && !capitals && !glued) return null;
    }
  }
  const lower = word.toLowerCase();
  if (lower === "sig" || lower === "signature") {
    // A signature grants access only as a URL's query parameter (`…&sig=…`, `&X-Amz-Signature=…`):
    // a presigned or SAS URL. Elsewhere it is a webhook's check or prose.
    const before = text[identifierStart(text, start, false) - 1];
    return before === "?" || before === "&" ? "credential" : null;
  }
  // The identifier the word ends: "X-Api-Key", "max_token", "nextPageToken".
  const own = text.slice(identifierStart(text, start, false), start);
  if (own !== "" && wordsOf(own).some((w) => NOT_A_CREDENTIAL.has(w))) return null;
  if (PASSWORD_WORDS.has(lower)) return lower === "pass" ? "credential" : "password";
  if (lower === "auth") return "auth";
  // `PASSWORD_SALT=Q8vX2mLr…`: a salt keeps hashes from being guessed; only a generated value (plain hex is
  // not judged generated, so a hex salt stays unread).
  if (lower === "salt") return "key";
  // A session cookie (`sessionid=…`, `PHPSESSID=…`) logs its holder in, but "session=42" counts
  // sessions: only a generated-looking value, as for a key of unknown purpose.
  // A session cookie's own name is one word (`sessionid`, `JSESSIONID`, `PHPSESSID`); `session_id` and
  // `sessionId` more often correlate log lines, and are believed only when generated-looking.
  if (lower.startsWith("sess")) return lower === "sessionid" || lower === "sessid" || inCookieHeader(text, start) ? "session" : "key";
  if (lower !== "key") return "credential";
  // A key's purpose may also be the word before it: "api key", "AWS Secret Access Key".
  const spaced = own !== "" ? own : text.slice(identifierStart(text, start, true), start);
  return CREDENTIAL_KEY.test((spaced + lower).toLowerCase()) ? "credential" : "key";
}

// `Cookie: __Host-session=…`, `Set-Cookie: session=…`: a cookie's line.
const COOKIE_LINE = /(?:^|\n)[ \t]*(?:set-)?cookie[ \t]*:[^\n]*$/i;

function inCookieHeader(text: string, start: number): boolean {
  return COOKIE_LINE.test(text.slice(Math.max(0, start - 200), start));
}

function isIdentifierChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 95 || c === 45 || c === 46; // _ - .
}

/** Where the identifier ending at `start` begins, at most IDENTIFIER_LIMIT back; `spaced` lets one space join two words. */
function identifierStart(text: string, start: number, spaced: boolean): number {
  let from = start;
  let spaces = spaced ? 1 : 0;
  while (from > 0 && start - from < IDENTIFIER_LIMIT) {
    const c = text.charCodeAt(from - 1);
    if (isIdentifierChar(c)) from--;
    else if (c === 32 && spaces-- > 0 && from - 1 > 0 && isIdentifierChar(text.charCodeAt(from - 2))) from--;
    else break;
  }
  return from;
}

/** What joins a name to its value, strongest first. */
type Separator = "assign" | "colon" | "prose" | "space";

// `=`, `:=`, `=>`, `:`, `：`, after an optional closing quote, markdown emphasis or an
// `[None]`-style hint (`AWS Secret Access Key [None]: …`, `passphrase (rotate after!): …`); or
// the dot leaders of a printed form (`Portal PIN/pass .. 0107-Marcus!`), read as a colon.
const ASSIGN = /\\?["'`]?(?:\*\*|__)?(?:[ \t]*(?:\[[^\]\n]{0,24}\]|\([^)\n]{0,24}\)))?[ \t]*(:=|=>|[=:：]|(?<=[ \t])\.{2,}(?=[ \t]))(?:[ \t]*(?:\*\*|__))?[ \t]*/y;
// `- name: DB_PASSWORD` / `  value: …` in a container's environment, `{"name": "API_TOKEN", "value": …}`:
// the name is a value itself and the secret is the next member, named "value".
// (Each run of blanks has one place to go, so a long run is read once, not once per split.)
const NAMED_ENTRY_VALUE = /["']?[ \t]*(?:,[ \t]*)?(?:\r?\n[ \t]*)?["']?value["']?[ \t]*[:=][ \t]*/y;
// 密码是 …, 新密码为 …, 密码改成了 …, 密码我已经重置成 …: a few words of who and when may come between.
const CHINESE_VERB = /[ \t]*(?:[我你他她已经都刚被给帮您]{1,4}[ \t]*)?(?:是|为|改成了?|改为|设为|设置为|设置成了?|换成了?|重置为|重置成了?|更新为|修改为)[ \t:：]*/y;
// "password is …", "the password for the staging vpn box is …", "reset the password to …", "new
// password for app_user: …": at most five words between.
// "…is still …", "…is now …": an adverb between the verb and the value.
const PROSE_VERB = /(?:[ \t]+(?!(?:is|was|to)[ \t])[^\s:=：,.;]{1,30}){0,5}(?:[ \t]+(?:is|was|to)[ \t]+(?:(?:still|now|currently|just|actually|literally|simply|temporarily|always)[ \t]+)?|:[ \t]+)/y;
const SPACE = /[ \t]+/y;

const SEPARATORS = [[ASSIGN, "assign"], [NAMED_ENTRY_VALUE, "assign"], [CHINESE_VERB, "prose"], [PROSE_VERB, "prose"], [SPACE, "space"]] as const;

function separatorAt(text: string, start: number, at: number): [Separator, number] | null {
  // <password>…</password>, <SecretKey>…: the element's text is the value.
  if (text[at] === ">") {
    // "Bearer <token>" then a quote or a blank: a placeholder in angle brackets, not an element's text.
    if (text.charCodeAt(at + 1) <= 32 || text[at + 1] === '"' || text[at + 1] === "'") return null;
    let tag = start;
    while (tag > 0 && start - tag < IDENTIFIER_LIMIT && /[\w.:-]/.test(text[tag - 1])) tag--;
    return text[tag - 1] === "<" ? ["assign", at + 1] : null;
  }
  for (const [pattern, kind] of SEPARATORS) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m) return [m[1] === ":" || m[1] === "：" || m[1]?.startsWith("..") ? "colon" : kind, pattern.lastIndex];
  }
  return null;
}

const MAX_VALUE = 256;

/** Stops an unquoted value: space, quotes and angle brackets, the `;`, `,` and `&` between fields, and CJK text. */
function endsValue(c: number): boolean {
  return (
    c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 59 || c === 44 || c === 38 ||
    (c > 126 && (c < 0xc0 || c > 0x24f))
  );
}

const isAsciiAlnumOrSymbol = (c: number) => c > 32 && c < 127 && c !== 44 && c !== 59 && c !== 41;

/** A ";" or "&" with more of the value right after it, in a value that no other field follows. */
function gluedInside(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === 59 || c === 38) && text.charCodeAt(at + 1) > 32 && text.charCodeAt(at + 1) < 127 && !endsValue(text.charCodeAt(at + 1));
}

// Sentence punctuation and closing brackets or markup after a value belong to the text.
const TRAILING = /[.,;:?)\]}>*]+$/;

/**
 * The value at `at`: [start, end, quoted], or null when there is none. `glued`: after a colon or in
 * prose, where no field follows on the same line, ";" and "&" are the value's own ("pw: a;b").
 */
function valueAt(text: string, at: number, glued = false): [number, number, boolean] | null {
  let open = text[at];
  let start = at;
  if (open === "\\" && text[at + 1] === '"') {
    open = '"';
    start++;
  }
  if (open === '"' || open === "'" || open === "`") {
    start++;
    let end = start;
    for (; end < text.length && end - start < MAX_VALUE && text[end] !== "\n" && text[end] !== "\\"; end++) {
      if (text[end] !== open) continue;
      // SQL writes a quote inside a quoted string twice: 'q''uoted#pass'.
      if (open === "'" && end > start && text[end + 1] === "'" && isAsciiAlnumOrSymbol(text.charCodeAt(end + 2))) end++;
      else break;
    }
    if (text[end] === open || text[end] === "\\") return end > start ? [start, end, true] : null;
    // No closing quote: read it as an unquoted value.
  }
  let end = start;
  while (end < text.length && end - start < MAX_VALUE && (!endsValue(text.charCodeAt(end)) || (glued && gluedInside(text, end)))) end++;
  const trimmed = text.slice(start, end).replace(TRAILING, "");
  return trimmed.length > 0 ? [start, start + trimmed.length, false] : null;
}

const PLACEHOLDER_VALUES = new Set([
  "null", "nil", "undefined", "none", "true", "false", "yes", "no", "redacted", "hidden", "masked",
  "required", "optional", "empty", "example", "placeholder", "dummy", "n/a", "tbd", "todo", "unset", "notset",
]);
// "/srv/app" after PWD=, "/run/secrets/db": where a secret lives, not the secret. Generated keys have capitals.
const PATH = /^(?:~?\/|\.\.?\/)[a-z0-9/._-]*$/;

/** How many of capitals, small letters, digits and other symbols `value` holds. */
function characterKinds(value: string): number {
  return Number(/[A-Z]/.test(value)) + Number(/[a-z]/.test(value)) + Number(/\d/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
}

/**
 * "sk-xxxxxxxxxxxxxxxx", "ghp_XXXXXXXX…": a key-shaped placeholder; "AKIAIOSFODNN7EXAMPLE",
 * "…/bPxRfiCYEXAMPLEKEY": AWS's documentation keys, which end so by convention.
 */
export function isExampleKey(value: string): boolean {
  return /^[A-Za-z]{0,10}(?:[-_][A-Za-z]{1,10}){0,2}[-_]?(?:[xX*]{6,}|0{10,})$/.test(value) || /EXAMPLE(?:KEY)?$/.test(value) || TEMPLATE_PASSWORD.test(value);
}

// A policy's template of a password: runs of one letter, symbols, zeros or counted digits ("Xxxx@0000", "Aaaa@1234bbbb").
const TEMPLATE_PASSWORD = /^(?:([a-z])\1{2,}(?!\1)|[!@#$%^&*_.-]|0{4,}(?!0)|1234(?:5678?)?)+$/i;

const HEX_TOKEN = /^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{32,64}$/i;

/** A value that is no secret wherever it stands: a placeholder, a card's token, a variable's name, a template's instruction. */
export function isNoSecretValue(value: string): boolean {
  // "sk-xxxxxxxxxxxxxxxx", "AKIAIOSFODNN7EXAMPLE": a key's prefix and filler, and the documentation's own examples.
  if (isExampleKey(value)) return true;
  // A card's or a payment method's token ("tok_1Qb2c3", "pm_…") stands for the card and is sent from the browser: no credential.
  // Nor are a payment API's object ids: customers, charges, intents, disputes, events, invoices ("cus_…", "dp_1QzR8").
  if (/^(?:tok|pm|card|src|btok|cus|ch|pi|dp|evt|in|sub|prod|price|acct|txn|po|seti|py|ii|il|si)_[A-Za-z0-9]+$/.test(value)) return true;
  // `headers={"X-Api-Key": api_key}`: a variable named after what it holds.
  if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(value) && /(?:key|token|secret|pass(?:word)?|pwd|auth|credentials?)$/.test(value)) return true;
  // "your-api-key-here", "YOUR_TOKEN", "insert_password_here": a template's instruction.
  return /^(?:your|insert|enter|put)[-_ ]|[-_ ]here$/i.test(value);
}

export function looksGenerated(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
}

// Code that passes a credential around rather than holding one: `password = input.password`,
// `token = bearerToken(req)`, `apiKey = await load()`, `secret: SESSION_SECRET`, `(password: string)`.
const CODE_WORDS = new Set(["await", "new", "async", "function", "typeof", "this", "self", "require", "import", "return", "lambda"]);
const CALL_OR_MEMBER = /^(?:[(:]|[A-Za-z_$][\w$.]*[([]|[a-z_$][a-z_$]*\.[A-Za-z_$][\w$.]*$|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$)/;

function isCode(value: string): boolean {
  return CODE_WORDS.has(value) || CALL_OR_MEMBER.test(value);
}

/**
 * Whether `value`, joined to a name of `family` by `separator`, is that credential. `flag`: the
 * name is a command-line flag (`--password 'two words'`), where a quoted value after a space is
 * the flag's; in prose it names a thing (`secret "api-key" not found`).
 */
function isCredential(
  value: string, family: Family, separator: Separator, quoted: boolean, chinese: boolean, name = "", flag = false,
): boolean {
  // The cheapest decisive checks first: most names in prose are followed by a plain word.
  if (family === "key" || family === "session" ? value.length < 16 : separator === "space" && !quoted && !/\d/.test(value)) return false;
  if (!/[\p{L}\p{N}]/u.test(value) || PLACEHOLDER_VALUES.has(value.toLowerCase())) return false;
  // "Password policy (v3): minimum 12 characters": a rule's bound, not a value.
  if (/^(?:min(?:imum)?|max(?:imum)?|at least|up to)\b/i.test(value)) return false;
  // `SECRET: "Secret"`, `password: password`: a label repeating its name.
  if (value.toLowerCase() === name.toLowerCase() || isCode(value)) return false;
  // "${DB_PASSWORD}", "%s", "{{token}}", "<your-key>", "$(vault read …)": references to a secret, not the secret.
  // "sk_live_****…4f2a": a masked secret, as error messages print one.
  // "whsec_...", "sk_live_…": an example cut short, as documentation writes one.
  // "sk-...a1B2": the last four shown, the rest cut out.
  if (/^[$%{<[]/.test(value) || /^[*xX•.#-]+$/.test(value) || value.includes("****") || PATH.test(value) || /\.\.\.|…/.test(value)) return false;
  if (isNoSecretValue(value)) return false;
  // "<token>/sendMessage?chat_id=…": a URL's path and query after a placeholder's tag, not its value.
  if (/^\/[A-Za-z][\w/.-]*\?[\w&=%.-]*$/.test(value)) return false;
  // A Stripe publishable key is meant to be public: it is embedded in every checkout page. Given
  // as an API key's value (`api_key=pk_live_…`), it is held as one.
  if (/^pk_(?:live|test)_/.test(value) && separator !== "assign") return false;
  // A key of unknown purpose counts when generated-looking; paths and file names ("uploads/IMG_2044.JPG") are not.
  if (family === "key") return value.length >= 16 && looksGenerated(value) && !/[/.]/.test(value);
  // An auth's token may be hex of 32 characters or more (Twilio's auth token): two kinds of character, but no word's.
  if (family === "auth") return ((value.length >= 8 && characterKinds(value) >= 3) || HEX_TOKEN.test(value)) && !/\s/.test(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  if (family === "session") return /[A-Za-z]/.test(value) && /\d/.test(value) && !/^\d{4}-\d\d-\d\d/.test(value) && !/\s/.test(value);
  // nginx's `proxy_pass http://127.0.0.1:9000;`: after a bare space, a URL is where a request goes (a
  // password inside one is found by the URL's own rule).
  if (separator === "space" && !quoted && /^[a-z][a-z0-9+.-]{1,15}:\/\//i.test(value)) return false;
  // "POST /v1/auth/token HTTP/1.1": a protocol and its version after a bare space.
  if (separator === "space" && !quoted && /^[A-Z]{2,8}\/\d(?:\.\d)?$/.test(value)) return false;
  // "password page: new=v2.3.1": a version after a word that goes on with the sentence.
  if (separator !== "assign" && /^v?\d+(?:\.\d+){1,3}$/i.test(value)) return false;
  // "the passcode we sent to +1 646 555 0178": in prose, where it went, a phone number.
  if (separator !== "assign" && separator !== "colon" && /^\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}$/.test(value)) return false;
  const digitsOnly = /^\d+$/.test(value);
  // A bare number after a token's name is a count or a lifetime; after a password's, a weak password.
  // A passcode is digits by definition ("Telephone passcode: 7731").
  if (digitsOnly) return family === "password" && (separator === "assign" || quoted || value.length >= 6 || (separator === "colon" && value.length >= 4 && /code$/i.test(name)));
  if (separator === "assign" || (quoted && (separator !== "space" || flag))) return value.length >= 3;
  // After a colon, a verb or a space, a plain word is prose ("Password: required", "password is
  // incorrect", "token expired"); chosen and generated ones mix in digits or symbols. A Chinese
  // name's colon is always a label (密码：abcdefg).
  if (separator === "colon" && chinese) return value.length >= 4;
  if (!/[^\p{L}]/u.test(value)) return false;
  if (separator === "colon") return value.length >= 3;
  if (separator === "prose") return value.length >= 6;
  // After a bare space the next word is more often prose, the next flag ("--password-file
  // /run/secrets/x --user app") or the next field ("reason=bad_password attempts=5"): a password
  // there has letters and digits and is neither.
  return value.length >= 6 && value[0] !== "-" && /\p{L}/u.test(value) && /\d/.test(value) && !NEXT_FIELD.test(value);
}

const NEXT_FIELD = /^[A-Za-z_][\w.-]*=/;

// "my password is sunflower 88 with a space in the middle", "密码是 wo ai ni 1314 ，中间有空格":
// the text says the password holds blanks.
const MENTIONS_BLANKS = /\bspaces?\b|\bblanks?\b|空格/i;
// Words that end the password's phrase and go on with the sentence.
const PHRASE_STOP = new Set([
  "with", "and", "or", "but", "in", "for", "on", "at", "to", "if", "so", "then", "the", "please", "pls", "is", "was",
  "as", "all", "from", "since", "until", "because", "which", "that",
]);
const MAX_PHRASE_WORDS = 4;

/** Ends a word of a password's phrase: a blank, a quote, a bracket, a comma, CJK text. */
function endsPhraseWord(c: number): boolean {
  return c <= 32 || c === 34 || c === 40 || c === 41 || c === 44 || c === 60 || c === 96 || (c > 126 && (c < 0xc0 || c > 0x24f));
}

/**
 * Where a password read in prose or after a colon ends when it goes on past a blank: over the next
 * words when the text says it holds blanks, else over words of digits and symbols only ("password
 * is Pine&Cedar 2026 (capital P)"). A word of the sentence ("with", "for") or a bracket ends it.
 */
function phraseEnd(text: string, start: number, end: number, passphrase = false): number {
  if (text.charCodeAt(end) !== 32) return end;
  // A passphrase is words with blanks between them by definition.
  const blanks = passphrase || MENTIONS_BLANKS.test(text.slice(end, end + 100));
  let phrase = end;
  for (let word = 0; word < MAX_PHRASE_WORDS; word++) {
    let i = phrase;
    while (i - phrase < 2 && text.charCodeAt(i) === 32) i++;
    if (i === phrase || text.charCodeAt(i) === 32) break;
    let j = i;
    while (j < text.length && j - start < MAX_VALUE && !endsPhraseWord(text.charCodeAt(j))) j++;
    const raw = text.slice(i, j);
    const next = raw.replace(TRAILING, "");
    if (next === "" || PHRASE_STOP.has(next.toLowerCase()) || (!blanks && /\p{L}/u.test(next))) break;
    phrase = i + next.length;
    if (next.length < raw.length) break;
  }
  return phrase;
}

const ID_SUFFIX = /^(?:_id|_ID|Id)(?![A-Za-z0-9_])/;
const NAME_SUFFIX = /^(?:[_.-](?:base|value|b64|base64|hex|data|string|str|raw|plain|plaintext)|_?[1-9])(?![A-Za-z0-9])/i;

function detectNamed(text: string, out: FindingSink): void {
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m; m = NAME.exec(text)) {
    let nameEnd = m.index + m[0].length;
    const family = familyOf(text, m.index, nameEnd);
    if (family === null) continue;
    // "SECRET_KEY_BASE=…", "DB_PASSWORD_B64=…", "key1: …": a word for the value's encoding or a
    // number after the name is still the name's.
    const suffix = NAME_SUFFIX.exec(text.slice(nameEnd, nameEnd + 12));
    if (suffix) nameEnd += suffix[0].length;
    // A secret's or a private key's id names a credential too (`TENCENTCLOUD_SECRET_ID=AKID…`,
    // `"private_key_id": "4b9e…"`); another key's id (`kms_key_id`) does not.
    if (ID_SUFFIX.test(text.slice(nameEnd, nameEnd + 4))) {
      const lower = m[0].toLowerCase();
      if (family !== "credential" || !(lower === "secret" || (lower === "key" && /private[_-]?$/i.test(text.slice(Math.max(0, m.index - 8), m.index))))) continue;
      nameEnd += 3;
    }
    const chinese = m[0].charCodeAt(0) > 127;
    let separator = m[1] !== undefined ? (["space", nameEnd] as [Separator, number]) : separatorAt(text, m.index, nameEnd);
    if (separator === null) continue;
    // "pgp_passphrase    orchid lantern …": a table's column gap is a label's colon.
    if (separator[0] === "space" && separator[1] - nameEnd >= 3 && text.charCodeAt(nameEnd + 1) === 32) separator = ["colon", separator[1]];
    // "key pd_int_3f9a… to Tariq": read as prose, the value would be "Tariq"; the word right after the
    // name is the value when it looks like a credential after a bare space.
    if (separator[0] === "prose" && text.charCodeAt(nameEnd) === 32 && !chinese) {
      const next = valueAt(text, nameEnd + 1);
      if (next !== null && isCredential(text.slice(next[0], next[1]), family, "space", next[2], false, m[0])) separator = ["space", nameEnd + 1];
    }
    const glued = family === "password" && (separator[0] === "colon" || separator[0] === "prose");
    const value = valueAt(text, separator[1], glued);
    if (value === null) continue;
    let [start] = value;
    const [, , quoted] = value;
    // "密钥：old=sk-… new=sk-…": the old and the new value, each after its own "=".
    const relabelled = /^(?:old|new|current|previous|prev|cur)=/.exec(text.slice(start, start + 9));
    if (relabelled) start += relabelled[0].length;
    let end = value[1];
    const flag = text[m.index - 1] === "-";
    if (family === "auth") {
      // `SMTP_AUTH=ops-relay:Kd8v…`: the login, then the secret.
      const login = /^[\w.@-]{1,64}:(?=\S)/.exec(text.slice(start, end));
      if (login) start += login[0].length;
    }
    const passphrase = /phrase$/i.test(m[0]);
    const words = family === "password" && !quoted && separator[0] !== "space" ? phraseEnd(text, start, end, passphrase) : end;
    let credential = isCredential(text.slice(start, end), family, separator[0], quoted, chinese, m[0], flag);
    // `webhook … key=693a91f6-…`: a chat robot's or a webhook's key is a UUID; elsewhere a UUID key is an id.
    if (!credential && family === "key" && separator[0] === "assign" && UUID_VALUE.test(text.slice(start, end)) && webhookLine(text, m.index)) credential = true;
    // A passphrase of plain words is believed from three words on ("leave empty" is an instruction).
    const phrase = text.slice(start, words);
    const wordsEnough = !passphrase || credential || /\d/.test(phrase) || phrase.split(" ").filter(Boolean).length >= 3;
    if (words > end && wordsEnough && (credential || isCredential(phrase, family, separator[0], quoted, chinese, m[0], flag))) {
      credential = true;
      end = words;
    }
    if (credential) {
      addFinding(out, text, "SECRET", start, end, 0.9, "credential-pair");
      NAME.lastIndex = Math.max(NAME.lastIndex, end);
    } else if (separator[0] === "assign" || separator[0] === "colon" || quoted) {
      // A refused value after "=" or ":" has been read whole: go on after it. One word after a
      // space or a verb may be the next name ("密码 password: …"), so the search goes on from it.
      NAME.lastIndex = Math.max(NAME.lastIndex, end);
    } else {
      NAME.lastIndex = Math.max(NAME.lastIndex, start);
    }
  }
}

const AUTHORITY_LIMIT = 512;

// `postgres://user:password@host`, `redis://:${REDIS_PASSWORD}@cache`: documentation and templates.
function isPlaceholderPassword(password: string): boolean {
  return /^(?:pass(?:word|wd)?|pwd|\*+|x+)$/i.test(password) || /^[$%{<]/.test(password);
}

/** A URL's user that is a key, not a login name: 16+ hex digits, or 20+ characters mixing cases and digits. */
function isTokenUser(user: string): boolean {
  // Twelve hex digits and more, mixed: a key's id (Sentry's DSNs use 32, older ones 12).
  return (/^[0-9a-f]{12,}$/.test(user) && /\d.*\d/.test(user) && /[a-f].*[a-f]/.test(user)) || (user.length >= 20 && /^[\w-]+$/.test(user) && looksGenerated(user));
}

/**
 * Ends a URL's authority: space, path, query, quotes and brackets around the URL. `quote`: the
 * quote the URL stands in, when it does; the other quote may then be part of a password
 * (`"mongodb://svc:M0ng0!pass'2026@db"`).
 */
function endsAuthority(c: number, quote: number, next: number): boolean {
  // Outside quotes, a quote with more of a word right after it is a password's own (`etl:Pa55'ETL@db`).
  if (c === 34 || c === 39 || c === 96) return quote === 0 ? !isAsciiAlnum(next) : c === quote;
  return c <= 32 || c === 47 || c === 63 || c === 60 || c === 62 || c === 41;
}

/** The quote character just before the URL whose "://" is at `scheme`, or 0. */
function openingQuote(text: string, scheme: number): number {
  let i = scheme;
  while (i > 0 && scheme - i < 20 && /[A-Za-z0-9+.-]/.test(text[i - 1])) i--;
  const c = text.charCodeAt(i - 1);
  return c === 34 || c === 39 || c === 96 ? c : 0;
}

/**
 * `scheme://user:password@host`: the user info runs to the authority's last "@", so a password
 * may hold "#", "@" or "!" as people type them; an empty user (`redis://:pass@host`) is fine.
 * The authority ends at the first "/", so consecutive "://" bound each other's reads.
 */
function detectUrlCredentials(text: string, out: FindingSink): void {
  let scheme = text.indexOf("://");
  while (scheme !== -1) {
    const from = scheme + 3;
    const quote = openingQuote(text, scheme);
    let end = from;
    let lastAt = -1;
    let firstColon = -1;
    while (end < text.length && end - from < AUTHORITY_LIMIT && !endsAuthority(text.charCodeAt(end), quote, text.charCodeAt(end + 1))) {
      const c = text.charCodeAt(end);
      if (c === 64) lastAt = end;
      else if (c === 58 && firstColon === -1) firstColon = end;
      end++;
    }
    if (lastAt > from && firstColon !== -1 && firstColon < lastAt - 1 && !isPlaceholderPassword(text.slice(firstColon + 1, lastAt))) {
      // The password; the user too when it is a key itself. Scored above EMAIL: "user:pass@host"
      // also reads as an address ending in "pass@host". A user that is a person's login is the
      // name detectors' (`https://x-access-token:ghp_…@` names no one).
      const start = isTokenUser(text.slice(from, firstColon)) ? from : firstColon + 1;
      addFinding(out, text, "SECRET", start, lastAt, 0.97, "url-credentials");
    } else if (lastAt > from && firstColon === -1 && isTokenUser(text.slice(from, lastAt))) {
      // `https://<key>@o55123.ingest.example.io/4410` (a Sentry DSN), `https://<token>@github.com/…`:
      // a generated key as the user is the credential itself.
      addFinding(out, text, "SECRET", from, lastAt, 0.9, "url-token");
    }
    scheme = text.indexOf("://", Math.max(end, from));
  }
}

// `scott/tiger@db` where Oracle tools take a connect string.
const ORACLE_LOGIN = /(?:\b(?:sqlplus|sqlldr|expdp|impdp|rman|conn(?:ect)?)[ \t]+(?:-[A-Za-z]+[ \t]+)*|thin:)[^\s/@:]{1,64}\/([^\s@/]{1,128})@/g;

function detectOracleLogins(text: string, out: FindingSink): void {
  ORACLE_LOGIN.lastIndex = 0;
  for (let m = ORACLE_LOGIN.exec(text); m; m = ORACLE_LOGIN.exec(text)) {
    const end = m.index + m[0].length - 1;
    addFinding(out, text, "SECRET", end - m[1].length, end, 0.95, "oracle-login");
  }
}

// Short password flags mean a password only after the client that defines them: MySQL's `-p` takes
// its value glued (`-pSecret`, `-p'…'`, since `-p db` names a database), sshpass's `-p`,
// redis-cli's `-a` and the OpenLDAP tools' `-w` (ldapsearch, ldapwhoami…) take it after a space
// too, curl's `-u`/`--user` take `user:password`, and SQL Server's sqlcmd, bcp and osql take it
// after a capital `-P`. Elsewhere `-p` is a port and `-a`, `-u`,
// `-w` anything. The client is looked for on the same line, at most 120 characters back.
const SHORT_FLAG = /(?<![\w-])(?:-([pauwP])|--(user)(?==))(?=[^\s-]|[ \t]+[^\s-])/g;
// MySQL's refusal ("Access denied for user 'root'@…") names the client of a `-p…` after it.
const CLIENT_BEFORE = /\b(mysql\w*|mariadb\w*|sshpass|redis-cli|curl|ldap[a-z]+|sqlcmd|bcp|osql|Access denied for user)\b[^\n]*$/;
// SQL Server's clients take the password after a capital -P.
const FLAG_OF: Readonly<Record<string, string>> = { sshpass: "p", "redis-cli": "a", curl: "u", sqlcmd: "P", bcp: "P", osql: "P" };
const flagOf = (client: string) => FLAG_OF[client] ?? (client.startsWith("ldap") ? "w" : "");

function detectShortFlags(text: string, out: FindingSink): void {
  SHORT_FLAG.lastIndex = 0;
  for (let m = SHORT_FLAG.exec(text); m; m = SHORT_FLAG.exec(text)) {
    const client = CLIENT_BEFORE.exec(text.slice(Math.max(0, m.index - 120), m.index))?.[1];
    if (client === undefined) continue;
    const flag = m[1] ?? "u";
    const flagEnd = m.index + m[0].length + (m[2] !== undefined ? 1 : 0);
    const glued = !/[ \t]/.test(text[flagEnd]);
    const mysql = client.startsWith("mysql") || client.startsWith("mariadb") || client.startsWith("Access");
    if (mysql ? flag !== "p" || !glued : flag !== flagOf(client)) continue;
    const at = glued ? flagEnd : flagEnd + /^[ \t]+/.exec(text.slice(flagEnd, flagEnd + 16))![0].length;
    const value = valueAt(text, at);
    if (value === null) continue;
    let [start] = value;
    const [, end, quoted] = value;
    if (flag === "u") {
      // curl's user:password; a user alone makes curl ask for the password.
      const colon = text.indexOf(":", start);
      if (colon === -1 || colon >= end - 1) continue;
      start = colon + 1;
    }
    if (isCredential(text.slice(start, end), "password", quoted ? "assign" : "colon", quoted, false)) {
      addFinding(out, text, "SECRET", start, end, 0.9, "password-flag");
    }
    SHORT_FLAG.lastIndex = Math.max(SHORT_FLAG.lastIndex, end);
  }
}

// Every form here has one of these: what follows a name (a separator, a quote, markup, a space,
// a Chinese verb or name), the ":" of "://" or the space before a flag. Most short JSON values
// (ids, UUIDs, "eu-west-1", hashes) have none and are skipped with one class scan.
const CREDENTIAL_CONTEXT = /[_ \t\r\n:=："'`>*[\]\\\u4e00-\u9fff]/;

/**
 * A word every topic below needs one of (PASSWORD_TOPIC, ONE_TIME_CODE_WORDS, RECOVERY_WORDS, KEY_TOPIC,
 * PASTED_TOPIC): each of their alternatives holds one of these, so a text without any has none of them.
 */
const TOPIC_WORD = /pass|pwd?|psk|wi-?fi|wlan|log ?in|cred|secret|admin|root|vault|otp|one[- ]time|code|2fa|sms|key|mnemonic|phrase|words|bip|seed|memorable|answer|token|密|口令|账号|帐号|登录|管理员|码|动态|助记词|答案|钥|令牌/i;

function colonsAtLeast(text: string, n: number): boolean {
  for (let at = text.indexOf(":"), seen = 1; at >= 0; at = text.indexOf(":", at + 1), seen++) if (seen >= n) return true;
  return false;
}

/** Credentials named as such, in URLs, connection strings, command lines and prose. */
export function detectCredentials(text: string, out: FindingSink): void {
  if (!CREDENTIAL_CONTEXT.test(text)) return;
  detectNamed(text, out);
  if (text.includes("://")) detectUrlCredentials(text, out);
  if (text.includes("/") && text.includes("@")) detectOracleLogins(text, out);
  if (text.includes(" -")) detectShortFlags(text, out);
  // A .pgpass line has four ":" (host:port:db:user:password); a key's "name: value" has one.
  if (colonsAtLeast(text, 4)) detectPgpass(text, out);
  if (text.includes("IDENTIFIED") || text.includes("identified")) detectSqlPasswords(text, out);
  if (mayHoldInsert(text)) detectSqlSecrets(text, out);
  // Most texts name no topic at all ("status: shipped"): one search for any topic's word spares the five below.
  const topic = TOPIC_WORD.test(text);
  const passwordTopic = topic && PASSWORD_TOPIC.test(text);
  if (text.includes("PIN") || text.includes("pin") || text.includes("Pin")) {
    detectPins(text, out);
    // "it's asking for my pin" … "its 4827": what "it" is where a PIN was asked for.
    if (!passwordTopic) {
      detectAnsweredPasswords(text, out, false);
      if (text.includes("\n")) detectAnsweredTurns(text, out);
    }
  }
  if (topic && ONE_TIME_CODE_WORDS.test(text)) detectOneTimeCodes(text, out);
  // Their words hold a blank (or are Chinese): the native search spares a JSON document's ids the regex.
  if (topic && (text.includes(" ") || text.includes("码") || text.includes("答案")) && RECOVERY_WORDS.test(text)) {
    detectBackupCodes(text, out);
    detectSecretAnswers(text, out);
    // Recovery phrases' names are among these words too: the one search above gates both.
    detectSeedPhrases(text, out);
  }
  if (passwordTopic) {
    addEndingGroups(out, text, PASSWORD_THEN_CODE, "SECRET", 0.85, "password-code", (m) => m[1].split("-").filter(mixesLettersAndDigits).length >= 2);
    detectPasswordShaped(text, out);
    if (text.includes(" / ")) detectLoginPairs(text, out);
    detectAnsweredPasswords(text, out, true);
    if (text.includes("\n")) detectAnsweredTurns(text, out);
  }
  if (passwordTopic || (topic && text.includes("=") && KEY_TOPIC.test(text))) detectPasswordsInProse(text, out);
  if (topic && text.length <= MAX_PASTED_TEXT && PASTED_TOPIC.test(text)) detectPastedKeys(text, out);
}

// "我：密码是啥来着" … "老公：wozuiai2019": a question for a password or a PIN, and one of the next two
// lines that is a turn holding nothing but one token, as people answer with the password itself.
const ASKED_QUESTION =
  /(?:pass(?:word|wd|phrase|code)|\bpwd?\b|\bpin\b|密码|口令)[^\n]{0,40}?(?:[?？]|啥|什么|多少|来着)|\b(?:what(?:['’]?s| is| was)|whats)\b[^\n]{0,30}?(?:pass(?:word|wd|phrase|code)|\bpwd?\b|\bpin\b)/gi;
// The turn: an optional time in brackets and speaker before a colon, then the token and nothing else
// but a "(she says it) is" before it.
const TURN_ANSWER = /^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?:[^\s:：]{1,24}[ \t]*[:：][ \t]*)?(?:[\u4e00-\u9fff]{0,3}是[ \t]*|(?:it['’]?s|its)[ \t]+)?["'`]?([A-Za-z0-9][\w!@#$%^&*+~.-]{3,63})["'`]?[ \t]*$/;

function detectAnsweredTurns(text: string, out: FindingSink): void {
  ASKED_QUESTION.lastIndex = 0;
  for (let m = ASKED_QUESTION.exec(text); m; m = ASKED_QUESTION.exec(text)) {
    const lineEnd = text.indexOf("\n", m.index);
    // One question per line: the search goes on at the next line (or stops), so no line is read twice.
    ASKED_QUESTION.lastIndex = lineEnd === -1 ? text.length : lineEnd;
    // The question's own line, up to 80 characters before the word and 120 after it: "Where do we keep the … password?".
    const before = text.slice(Math.max(0, m.index - 80), m.index);
    const question = before.slice(before.lastIndexOf("\n") + 1) + text.slice(m.index, Math.min(ASKED_QUESTION.lastIndex, m.index + MAX_TURN));
    if (ABOUT_PASSWORDS.test(question) || PIN_AS_VERB.test(question)) continue;
    const answer = answerAfter(text, lineEnd);
    if (answer && (/^\d+$/.test(answer.token) ? answer.token.length <= 8 && digitsAsked(question) : answeredToken(answer.token))) {
      addFinding(out, text, "SECRET", answer.at, answer.at + answer.token.length, 0.8, "password-answered");
    }
  }
}

/**
 * The answer to a question whose line ends at `lineEnd` (-1: the text's end): the token of the first
 * of the next two lines that is a turn holding one (TURN_ANSWER), with its offset; null when neither
 * is, or when a long line comes first (an answer is a short line; a long one is read no further).
 */
function answerAfter(text: string, lineEnd: number): { token: string; at: number } | null {
  for (let line = 0; line < 2 && lineEnd !== -1; line++) {
    const start = lineEnd + 1;
    lineEnd = text.indexOf("\n", start);
    const end = lineEnd === -1 ? text.length : lineEnd;
    if (end - start > MAX_TURN) return null;
    const turn = TURN_ANSWER.exec(text.slice(start, end));
    if (turn) return { token: turn[1], at: start + turn.index + turn[0].lastIndexOf(turn[1]) };
  }
  return null;
}

const MAX_TURN = 120;
// "pin" as a verb or a postal code: "can we pin the base image?", "pin code for Koramangala?".
const PIN_AS_VERB = /\b(?:we|i|you|to|should|could|can|let['’]?s)[ \t]+pin\b|\bpin[ \t]+(?:the|it|to|this|that|a|an|them|down)\b|\bpin[ \t]?code\b/i;
// A question that wants digits of a PIN or a 密码, not how many or how long ("密码几位？", "how many PIN attempts?").
const DIGITS_ASKED = /\bpin\b|passcode|密码|口令/i;
const COUNT_ASKED = /多少位|几位|多少天|几天|多少次|几次|多长|长度|how (?:many|long)|\bport\b|length|digits/i;
// A question about passwords rather than for one ("what's the password policy?", "密码有效期多少天？").
const ABOUT_PASSWORDS = /manager|polic|reset|length|expir|rule|requirement|format|hint|strength|field|prompt|\bwhere\b|\bwhich\b|\bkeep\b|\bstor|有效期|规则|要求|长度|位数|格式|提示|在哪|哪里/i;
const digitsAsked = (question: string) => DIGITS_ASKED.test(question) && !COUNT_ASKED.test(question);

/** A token given as a password when asked for one: letters and digits, or a symbol, not a version, an id or a code. */
function answeredToken(token: string): boolean {
  // "90days", "12chars": a count with its unit.
  return chosenOrGenerated(token) && !NOT_ANSWERED.test(token) && !/^\d+[a-z]{1,6}$/.test(token);
}

// A wallet's or an account's recovery phrase: six to twenty-four plain words after its name
// ("mnemonic": "abandon ability …", "seed phrase: tiger lemon …", 助记词：…). The words of such lists
// have three to eight small letters and are never a sentence's little words ("is kept in the vault").
const SEED_PHRASE_NAMES = String.raw`\bmnemonic(?:[ _-]?(?:phrase|words|code))?|\b(?:seed|recovery|backup|wallet)[ _-]?(?:phrase|words)|助记词`;
const SEED_PHRASE_NAME = new RegExp(SEED_PHRASE_NAMES, "i");
// In text also "BIP39 seed:", "wallet seed:" (as a column or a key, a seed may be a number's).
const SEED_PHRASE = new RegExp(
  String.raw`(?:${SEED_PHRASE_NAMES}|\b(?:bip-?39|wallet)[ _-]?seed)s?["'\`]?(?:[ \t]*(?:[:=：]|\b(?:is|was)\b(?:[ \t]*:)?|是|为)[ \t]*|[ \t]+)["'\`]?`,
  "gi",
);
const PHRASE_WORDS = /[a-z]{3,8}(?:(?:[ \t]+|,[ \t]*)[a-z]{3,8}){5,23}(?![a-z])/y;
const SENTENCE_WORDS = new Set([
  "the", "and", "for", "not", "never", "with", "that", "this", "you", "your", "are", "was", "were", "from", "into", "have",
  "has", "had", "been", "will", "can", "should", "must", "our", "its", "their", "they", "then", "than", "here", "there",
  "when", "where", "which", "what", "who", "how", "why", "but", "please", "stored", "kept", "saved",
]);

function detectSeedPhrases(text: string, out: FindingSink): void {
  SEED_PHRASE.lastIndex = 0;
  for (let m = SEED_PHRASE.exec(text); m; m = SEED_PHRASE.exec(text)) {
    const start = m.index + m[0].length;
    PHRASE_WORDS.lastIndex = start;
    const words = PHRASE_WORDS.exec(text);
    if (!words) continue;
    const list = words[0].split(/[ \t,]+/);
    if (list.some((w) => SENTENCE_WORDS.has(w))) continue;
    // After a bare blank ("seed phrase import failed …") only a whole wallet phrase: 12, 15, 18, 21 or 24 words.
    if (!/[:=：是为"'`]|\b(?:is|was)\b/.test(m[0].slice(m[0].search(/[ \t:=：是为"'`]/))) && (list.length < 12 || list.length % 3 !== 0)) continue;
    addFinding(out, text, "SECRET", start, start + words[0].length, 0.9, "seed-phrase");
    SEED_PHRASE.lastIndex = start + words[0].length;
  }
}

// "INSERT INTO users (login, password, recovery_phrase) VALUES ('dmitri.ivanov', 'sunflower', …)": the
// values of columns that hold a credential (`password`, `pin`, `api_key`, `refresh_token`,
// `recovery_phrase`), not its hash, salt, hint or bookkeeping (`password_hash`, `token_expires_at`).
const SECRET_COLUMN_END = new Set(["password", "passwd", "pwd", "pw", "psk", "passphrase", "passcode", "pin", "secret", "token", "mnemonic"]);
// Tables whose "pin" is a postal code.
const ADDRESS_TABLE = /address|location|post|zip|branch|store|office|outlet|pincode/i;
const NOT_SECRET_COLUMN = new Set([
  "hash", "hashed", "digest", "salt", "hint", "id", "at", "expires", "expiry", "type", "count", "length", "len",
  "attempts", "policy", "changed", "updated", "created", "reset", "last", "version", "algo", "algorithm", "format",
  "required", "enabled", "set", "ttl", "url", "name", "scope", "scopes", "kind", "status", ...NOT_A_CREDENTIAL,
]);
const HASHED_VALUE = /^(?:\$(?:2[abxy]?|argon2(?:id|i|d)?|[156]|pbkdf2[\w-]*|scrypt|sha\d*)\$|\{(?:bcrypt|ssha|sha\d*|crypt)\})/i;

function secretColumn(column: string): boolean {
  const words = wordsOf(column);
  if (words.some((w) => NOT_SECRET_COLUMN.has(w))) return false;
  const last = words[words.length - 1];
  if (SECRET_COLUMN_END.has(last)) return true;
  if (last === "phrase" || last === "words") return SEED_PHRASE_NAME.test(column);
  return last.endsWith("key") && CREDENTIAL_KEY.test(words.join("_"));
}

const PASSWORD_COLUMN = 1;
const PIN_COLUMN = 2;
const TOKEN_COLUMN = 3;
const PHRASE_COLUMN = 4;

function columnKind(column: string, table: string): number {
  if (!secretColumn(column)) return 0;
  const last = wordsOf(column).pop() ?? "";
  if (last === "pin") return ADDRESS_TABLE.test(table) ? 0 : PIN_COLUMN;
  if (last === "token") return TOKEN_COLUMN;
  if (last === "mnemonic" || last === "phrase" || last === "words") return PHRASE_COLUMN;
  return PASSWORD_COLUMN;
}

function detectSqlSecrets(text: string, out: FindingSink): void {
  readSqlInserts(
    text,
    (table, columns) => columns.map((column) => columnKind(column, table)),
    (kind, start, end) => {
      const value = text.slice(start, end);
      if (value.length < 4 || value.trim() !== value || PLACEHOLDER_VALUES.has(value.toLowerCase()) || isPlaceholderPassword(value)) return;
      if (HASHED_VALUE.test(value) || /redacted|masked|removed|changeme/i.test(value)) return;
      // What each kind of column must hold: a PIN's digits, a generated token, a phrase of words.
      if (kind === PIN_COLUMN && !/^\d{4,8}$/.test(value)) return;
      if (kind === TOKEN_COLUMN && !(value.length >= 16 && looksGenerated(value))) return;
      if (kind === PHRASE_COLUMN && value.split(" ").length < 6) return;
      addFinding(out, text, "SECRET", start, end, 0.9, "credential-sql");
    },
  );
}

// A text about a password or a login: a chat that asks for one ("root 密码谁知道？" … "Jump!Server_88"),
// a note that gives one in passing ("the password from the sticky note (Mikrotik!23)").
const PASSWORD_TOPIC = /pass(?:word|wd|phrase|code)|pgpass|\bpwd?\b|\bpsk\b|\bwi-?fi\b|\bwlan\b|\blog ?in\b|\bcred(?:ential)?s?\b|\bsecret\b|\badmin\b|\broot\b|\bvault\b|密码|口令|账号|帐号|登录|管理员/i;
// A token standing alone, as people choose passwords: letters, digits and the symbols keyboards offer.
// A ";" inside a token ("Ftp@Xuemei;88") is the password's own: a field separator has a blank or a name after it.
const SHAPED_TOKEN = /(?<![\w!@#$%^&*+~.;-])[A-Za-z0-9](?:[\w!@#$%^&*+~.-]|;(?=[\w!@#$%^&*+~-])){5,63}(?![\w!@#$%^&*+~-])/g;

/**
 * In a text about passwords, a token that mixes capitals, small letters, digits and a symbol people
 * add to satisfy a password policy ("Prod@2026!", "Aliyun@Root_77#") is a password, whatever words
 * stand around it. An e-mail address or a host (a "." after the "@") is not.
 */
function detectPasswordShaped(text: string, out: FindingSink): void {
  SHAPED_TOKEN.lastIndex = 0;
  for (let m = SHAPED_TOKEN.exec(text); m; m = SHAPED_TOKEN.exec(text)) {
    const token = m[0].replace(/[.]+$/, "");
    if (!/[!@#$%^&*]/.test(token) || !/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/\d/.test(token)) continue;
    if (/@[^@]*\./.test(token) || token.startsWith("www.")) continue;
    // "Xxxx@0000", "Aaaa@1234": a policy's template of a password, not one.
    if (/^[xX]+[!@#$%^&*_.-]*0+[!@#$%^&*]*$/.test(token) || TEMPLATE_PASSWORD.test(token)) continue;
    addFinding(out, text, "SECRET", m.index, m.index + token.length, 0.8, "password-shaped");
  }
}

const UUID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEBHOOK_WORDS = /webhook|机器人|\b(?:ro)?bot\b/i;

/** Whether the line holding `at` speaks of a webhook or a chat robot within 80 characters either side (read per UUID key, so bounded). */
function webhookLine(text: string, at: number): boolean {
  const from = Math.max(0, at - 80);
  const window = text.slice(from, Math.min(text.length, at + 80));
  const here = at - from;
  const lineStart = window.lastIndexOf("\n", here) + 1;
  const lineEnd = window.indexOf("\n", here);
  return WEBHOOK_WORDS.test(window.slice(lineStart, lineEnd === -1 ? window.length : lineEnd));
}

// "can u send me the prod db pw" … "its Pr0d-Ledger-7714": in a text about a password, what "it" is,
// said where a clause starts (a line, a speaker's turn, a sentence) within three lines of the word
// that asked for it.
const ANSWERED = /[Ii](?<![\w'’][Ii])t(?:['’]?s| is| was)[ \t]+["'`]?([A-Za-z0-9][\w!@#$%^&*+~.-]{3,63})(?![\w!@#$%^&*+~-])/g;
const ASKED_FOR = /pass(?:word|wd|phrase|code)|\bpwd?\b|\bpin\b|密码|口令/gi;
const PIN_TOPIC = /\bpin\b|passcode/i;
const CLAUSE_OPENS = /(?:^|[\n.!?;,:]|\b(?:and|but|so|lol|ok|okay|yes|yeah))[ \t]*$/i;
const PIN_SAID_END = /^[ \t]*(?:[.,!?;)\]\n]|$|lol\b|haha|btw\b|thanks|thx|now\b|but\b)/i;
const VERSION = /^v?\d+(?:\.\d+)+$/i;
// Ticket and standard ids, processor architectures: "INC0012345", "RFC7519", "x86_64".
const NOT_ANSWERED = /^(?:[A-Z]{2,6}-?\d{3,}|x86(?:_64)?|amd64|arm64|i[3-6]86)$/;

/** A token chosen as a password (letters with a symbol and a digit, or mixed case with a digit inside) or a PIN's digits, after "it's". */
function detectAnsweredPasswords(text: string, out: FindingSink, passwordTopic: boolean): void {
  const pinTopic = PIN_TOPIC.test(text);
  const yearsArePins = /\bpin\b/i.test(text);
  // Where the password or the PIN was asked for, in order; an answer counts within three lines after one.
  const asked: number[] = [];
  ASKED_FOR.lastIndex = 0;
  for (let m = ASKED_FOR.exec(text); m; m = ASKED_FOR.exec(text)) asked.push(m.index);
  let nextAsk = 0;
  ANSWERED.lastIndex = 0;
  for (let m = ANSWERED.exec(text); m; m = ANSWERED.exec(text)) {
    while (nextAsk + 1 < asked.length && asked[nextAsk + 1] < m.index) nextAsk++;
    if (asked.length === 0 || asked[nextAsk] > m.index || linesBetween(text, asked[nextAsk], m.index) > 3) continue;
    if (!CLAUSE_OPENS.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    const token = m[1].replace(/[.]+$/, "");
    const digits = /^\d+$/.test(token);
    if (digits ? token.length < 4 || token.length > 8 || !pinTopic : !passwordTopic || !chosenPassword(token)) continue;
    // "it was 2024": a year, unless a PIN was asked for.
    if (digits && /^(?:19|20)\d\d$/.test(token) && !yearsArePins) continue;
    const start = m.index + m[0].length - m[1].length;
    // "it was 1500 to fix": a number the sentence goes on to measure; a PIN said ends its clause.
    if (digits && !PIN_SAID_END.test(text.slice(start + token.length, start + token.length + 12))) continue;
    addFinding(out, text, "SECRET", start, start + token.length, 0.8, "password-answered");
  }
}

function linesBetween(text: string, from: number, to: number): number {
  let lines = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}

/** As people choose passwords: a symbol, a digit and a letter, or both cases with a digit before the end ("Pr0d-Ledger-7714", not "Windows11"). */
function chosenPassword(token: string): boolean {
  if (token.length < 6 || NOT_ANSWERED.test(token) || isCode(token) || VERSION.test(token)) return false;
  if (!/\d/.test(token) || !/[A-Za-z]/.test(token)) return false;
  return /[!@#$%^&*+~_.-]/.test(token) || (/[A-Z]/.test(token) && /[a-z]/.test(token) && /\d(?=.*\D)/.test(token));
}

// In a text about a password, where prose puts one: the one it replaced ("之前那个 redis@123 已经失效",
// "旧的 redis123456 作废", "the old one was …"), a key's old and new values (`old=sk-… new=sk-…`), what
// a file "has as the pw", the one in brackets after its name ("the break-glass pw (Gl4ss-A-7741)"),
// and after a colon that ends a sentence about it ("开机密码贴在工位上了：hl0921!").
// Words that tell how a password was made from things about its owner.
// Whose things they are: the description speaks of someone's name or birthday.
const OWNER = String.raw`我|你|他|她|您|\b(?:my|his|her|their|our|your)\b`;
const COMPOSED = String.raw`加|拼音|生日|名字|手机号?|后[四六几]位|缩写|年份|\bplus\b|\+|followed by|\bname\b|birthday|birth ?year|\byear\b|initials`;
const PROSE_TOKEN = String.raw`["'\`]?([A-Za-z0-9][\w!@#$%^&*+~.-]{3,63})(?![\w!@#$%^&*+~-])`;
// The same with a digit in it, so that the words of the description are passed over.
const COMPOSED_TOKEN = String.raw`["'\`]?([A-Za-z0-9](?=[\w!@#$%^&*+~.-]{0,62}\d)[\w!@#$%^&*+~.-]{3,63})(?![\w!@#$%^&*+~-])`;
const IN_PROSE = new RegExp(
  String.raw`(?:旧的|之前那个|之前的|原来的|以前的|老的|old one (?:was|is)|previous one (?:was|is))[ \t]*(?:是|为)?[ \t]*${PROSE_TOKEN}` +
    String.raw`|(?<![\w.-])(?:old|new|current|previous|prev|cur)(?:[_-]?(?:pw|pwd|pass|password|key|secret|token|value))?=${PROSE_TOKEN}` +
    String.raw`|(?:\b(?:pw|pwd|passwd|password|passcode)|密码)[ \t]*[(（]${PROSE_TOKEN}[)）]` +
    String.raw`|密码[^，。；;,.!?！？\n]{1,12}?[：:][ \t]*${PROSE_TOKEN}` +
    // "密码就是我名字拼音加生日，liuyang0612", "password is my dog's name plus the year, rex2015": how it was made, then it.
    String.raw`|(?:密码(?:就是|是|为)|password (?:is|was))[^。；;!?！？\n]{0,40}?(?:${OWNER})[^。；;!?！？\n]{0,30}?(?:${COMPOSED})[^。；;!?！？\n，,]{0,20}?(?:[，,:][ \t]*|[ \t]+)${COMPOSED_TOKEN}` +
    // "我把支付密码告诉客服了，是 880417": said after the clause about it; a bank's or a payment's are six digits.
    String.raw`|密码(?:(?!数|量|号|单|峰|率|次|接口|用户)[^。；;!?！？\n，,]){0,16}[，,][ \t]*(?:就是|是|为)[ \t]*(\d{6})(?=[ \t]*(?:[，,。.！!？?；;）)]|$))`,
  "gm",
);
const KEY_TOPIC = /密钥|秘钥|api[ _-]?key|\bsecret/i;
// "password on sticker 7HWQ-KX3M-PL29", "Wi-Fi key: K7QP-2MXD-9RTA": a password or a key written as
// groups of capitals and digits (a router's sticker, a licence), a few words after the word; two
// groups or more mix letters and digits, as no error's, order's or build's number does
// ("E1001-AUTH-0042", "ORD12-55821-99310").
const PASSWORD_THEN_CODE =
  /(?:[Pp]ass(?:word|code|phrase)|PASSWORD|[Ww]i-?[Ff]i (?:key|password)|[Nn]etwork key|WPA2? key)\b[^\n.;]{0,30}?(?<![\w-])((?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{4,5}(?:-[A-Z0-9]{4,5}){2,5})(?![\w-])/g;
const mixesLettersAndDigits = (group: string) => /\d/.test(group) && /[A-Z]/.test(group);
const AS_THE_PASSWORD = /(?<![\w!@#$%^&*+~.-])([A-Za-z0-9][\w!@#$%^&*+~.-]{3,63})[ \t]+as (?:the|my|his|her|our|their|a|its) (?:pw|pwd|password|pass|passphrase|pin)\b/g;

function detectPasswordsInProse(text: string, out: FindingSink): void {
  IN_PROSE.lastIndex = 0;
  for (let m = IN_PROSE.exec(text); m; m = IN_PROSE.exec(text)) {
    const token = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6]).replace(TRAILING, "");
    if (m[6] === undefined && (!chosenOrGenerated(token) || NOT_ANSWERED.test(token))) continue;
    // `old=`/`new=` also hold hosts and builds ("current=node-01", "new=build-4821a"): only a key's shape.
    if (m[2] !== undefined && !(looksGenerated(token) || /[!@#$%^&*]/.test(token) || /^[a-z]{2,6}[-_][A-Za-z0-9]{8,}$/.test(token))) continue;
    const end = m.index + m[0].lastIndexOf(token) + token.length;
    addFinding(out, text, "SECRET", end - token.length, end, 0.8, "password-in-prose");
  }
  if (!text.includes(" as ")) return;
  AS_THE_PASSWORD.lastIndex = 0;
  for (let m = AS_THE_PASSWORD.exec(text); m; m = AS_THE_PASSWORD.exec(text)) {
    if (chosenOrGenerated(m[1])) addFinding(out, text, "SECRET", m.index, m.index + m[1].length, 0.8, "password-in-prose");
  }
}

/** A value as people choose passwords or machines make keys: letters with digits or symbols, six characters or more; not a version or a code word. */
function chosenOrGenerated(token: string): boolean {
  if (token.length < 6 || !/[A-Za-z]/.test(token) || !/[\d!@#$%^&*+~]/.test(token)) return false;
  return !VERSION.test(token) && !isCode(token) && !isExampleKey(token);
}

// "can you rotate the Datadog key? Will pasted it in #incidents earlier: 9f3b7c21…", "here's the Twilio
// auth token for the sandbox, don't laugh: a7c3e9f1…": in a short message about a key or a token, a
// long hex run or a generated-looking run standing alone is the key pasted. Not after a word that says
// it is a commit, a hash or an id, nor inside a URL or a path.
const MAX_PASTED_TEXT = 600;
const PASTED_TOPIC = /\b(?:api[ _-]?key|key|token|secret|credentials?|password|pw)\b|密钥|令牌|秘钥/i;
// A generated run may hold an underscore or a hyphen between its characters ("pk9_Xw2Lr7…").
const PASTED_TOKEN = /(?<![\w/.=:@#%+-])(?:[0-9a-f]{32,64}|[0-9A-F]{32,64}|[A-Za-z0-9](?:[A-Za-z0-9]|[_-](?=[A-Za-z0-9])){23,63})(?![\w/.@%+-]|\.\w)/g;
// Words that say a run is a digest or an id, on the same line before it.
const NOT_A_KEY_BEFORE = /\b(?:commit|sha\d*|hash|digest|checksum|trace|span|request|req|correlation|etag|md5|build|rev(?:ision)?|version|uuid|guid|id|ref|cid|order|txn|transaction|object|blob|tx)s?\b/i;
const NOT_A_KEY_AFTER = /^\W{0,6}(?:\w+\W{1,3}){0,2}(?:hash|digest|checksum|commit|sha\d*|md5)\b/i;

function detectPastedKeys(text: string, out: FindingSink): void {
  PASTED_TOKEN.lastIndex = 0;
  for (let m = PASTED_TOKEN.exec(text); m; m = PASTED_TOKEN.exec(text)) {
    const token = m[0];
    const hex = /^[0-9a-f]+$/i.test(token);
    // Hex with letters and digits both; other runs mixing capitals, small letters and digits as keys do.
    if (hex ? !/\d/.test(token) || !/[a-f]/i.test(token) : !changesKindOften(token)) continue;
    // 40 hex digits are a git commit more often than a key.
    if (hex && token.length === 40) continue;
    const end = m.index + token.length;
    const lineStart = Math.max(text.lastIndexOf("\n", m.index) + 1, m.index - 80);
    if (NOT_A_KEY_BEFORE.test(text.slice(lineStart, m.index)) || NOT_A_KEY_AFTER.test(text.slice(end, end + 32)) || isExampleKey(token)) continue;
    addFinding(out, text, "SECRET", m.index, m.index + token.length, 0.8, "pasted-key");
  }
}

// "admin / Test@123456", "finance-admin / Expense2019": a login written as user, slash, password.
// A quoted password is read to its closing quote ("deploy / 'Mango;Tree;77'").
const LOGIN_PAIR = /(?<![\w./-])[A-Za-z][\w.-]{1,31}[ \t]+\/[ \t]+(?:(['"`])([^'"`\n]{4,64})\1|([^\s/，。；,;()（）'"`]{4,64}))/g;

function detectLoginPairs(text: string, out: FindingSink): void {
  LOGIN_PAIR.lastIndex = 0;
  for (let m = LOGIN_PAIR.exec(text); m; m = LOGIN_PAIR.exec(text)) {
    const quoted = m[2] !== undefined;
    const raw = m[2] ?? m[3];
    const value = quoted ? raw : raw.replace(TRAILING, "");
    // A password mixes letters with digits or symbols; "read / write", "TCP / UDP" do not.
    if (!/\p{L}/u.test(value) || !/[\d!@#$%^&*]/.test(value) || value.length < 4 || /^v?\d/.test(value)) continue;
    if (isCode(value) || /^[$%{<[]/.test(value)) continue;
    const end = m.index + m[0].length - (quoted ? 1 : 0) - raw.length + value.length;
    addFinding(out, text, "SECRET", end - value.length, end, 0.8, "login-pair");
  }
}

// `CREATE USER 'report'@'%' IDENTIFIED BY 'Rp;2026#q"x'`, `IDENTIFIED WITH mysql_native_password BY '…'`:
// a database account's password in SQL.
const SQL_IDENTIFIED = /\bidentified[ \t]+(?:with[ \t]+\w{1,40}[ \t]+)?by[ \t]+(?:password[ \t]+)?(?=['"])/gi;

function detectSqlPasswords(text: string, out: FindingSink): void {
  SQL_IDENTIFIED.lastIndex = 0;
  for (let m = SQL_IDENTIFIED.exec(text); m; m = SQL_IDENTIFIED.exec(text)) {
    const value = valueAt(text, SQL_IDENTIFIED.lastIndex);
    if (value === null) continue;
    const [start, end] = value;
    if (isCredential(text.slice(start, end), "password", "assign", true, false)) addFinding(out, text, "SECRET", start, end, 0.9, "sql-password");
    SQL_IDENTIFIED.lastIndex = Math.max(SQL_IDENTIFIED.lastIndex, end);
  }
}

// A ~/.pgpass line, `hostname:port:database:username:password`: the port (or "*") second, the
// password last and whole (it may hold ":" escaped as "\:", "#" and any other symbol).
// Tried at each line's start only (sticky): with "^" and the m flag the engine tried every position of
// every text holding a colon (2% of bench:pii's records).
const PGPASS_LINE = /[A-Za-z0-9*][\w.*-]{0,252}:(?:\d{1,5}|\*):[^\s:]{1,63}:([^\s:]{1,63}):((?:\\:|[^\s:]){1,256})[ \t]*(?=\r?\n|$)/y;

function detectPgpass(text: string, out: FindingSink): void {
  for (let lineStart = 0; lineStart < text.length; ) {
    PGPASS_LINE.lastIndex = lineStart;
    const m = PGPASS_LINE.exec(text);
    const next = text.indexOf("\n", lineStart);
    lineStart = next < 0 ? text.length : next + 1;
    if (!m) continue;
    const value = m[2];
    const end = m.index + m[0].trimEnd().length;
    // The user's field: a person's login when made of a name ("10.0.0.9:5432:*:kmensah:…").
    const userEnd = end - value.length - 1;
    if (isPersonLogin(m[1])) addFinding(out, text, "PERSON", userEnd - m[1].length, userEnd, 0.6, "person-handle");
    if (value === "*" || PLACEHOLDER_VALUES.has(value.toLowerCase()) || /^[$%{<]/.test(value)) continue;
    addFinding(out, text, "SECRET", end - value.length, end, 0.85, "pgpass");
  }
}

const NAME_AT_END = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|key|密码|口令|授权码|密钥|秘钥|私钥|令牌)$/i;

/**
 * Whether a field name (a JSON key) names a password, token or secret, by the rule names in text
 * follow: `db_password`, `SecretAccessKey`, `x-api-key` do; `nextPageToken`, `publicKey`, `monkey` do not.
 */
const AUTH_AT_END = /auth$/i;

/** Whether a key names an auth's token (`twilio_auth`, `"auth"`) and `value` is one (hex of 32 or more, or three kinds of character). */
export function holdsAuthToken(name: string, value: string): boolean {
  const m = AUTH_AT_END.exec(name);
  return m !== null && familyOf(name, m.index, name.length) === "auth" && isCredential(value, "auth", "colon", true, false, name);
}

export function namesCredential(name: string): boolean {
  const m = NAME_AT_END.exec(name);
  // A field named just "pass" counts test results more often than it holds a password.
  if (!m) return SEED_PHRASE_NAME.test(name);
  if (name.toLowerCase() === "pass") return false;
  const family = familyOf(name, m.index, name.length);
  return family === "password" || family === "credential";
}

// "your initial PIN is 7720", "PIN code: 4821", "card pin=0000", "{'pin': '4821'}", "card PIN (4819)": a PIN is digits only, four to eight.
// "temporary PIN issued: 7302", "登录 PIN 是 147258": a participle before the colon, a Chinese "is".
// A card's, a terminal's or an HSM's PIN key ("hsm_pin", "card_pin"; not "gpio_pin", "led_pin")
// counts too, and in a key-value table a column gap is its separator.
const PIN = /(?:\b|(?<=(?:hsm|card|atm|terminal|user|so|sim|pos|bank|account|admin|debit|wallet)[_-]))pin(?:[ \t]+(?:code|number)|码)?(?:(?:[ \t]+(?:issued|set|assigned|generated|sent|reset|changed|updated|now))?["']?[ \t]*[:：=][ \t]*|[ \t]+(?:is|was)[ \t]+|[ \t]*(?:是|为)[ \t]*|[ \t]*\([ \t]*|(?<=[_-]pin)[ \t]{2,})["']?(\d{4,8})(?![\d.,:/-]\d|\d)/gi;
// "Preparer PIN 55821": in capitals the word is the PIN's name even with only a blank after it
// (in small letters "pin 13" is a connector's).
const PIN_CAPITALS = /\bPIN[ \t]+(\d{4,8})(?![\d.,:/-]\d|\d)/g;

// A one-time code lets whoever reads it in: "Your OTP is 660291", "your OTP for transfer to … is
// 918274", "verification code: 482913", "验证码 739104", and an SMS template's `"code": "…"` in a
// text about one-time codes or SMS.
const ONE_TIME_CODE = /\b(?:otp|one[- ]time (?:pass(?:word|code)?|code|pin)|verification code|security code|auth(?:entication)? code|login code|2fa code|sms code|your code)\b[^\d\n]{0,40}?(?:[:：=]|\b(?:is|was)\b)[ \t]*["']?(\d{4,8}|\d{3}[ -]\d{3}|\d{4}[ -]\d{4})(?![\d.,:/-]\d|\d)|(?:验证码|校验码|动态码|动态密码|短信码|取件码|取货码|提货码)[^\d\n]{0,12}?(?<![A-Za-z])(\d{4,8})(?!\d)|\botp[ \t]+(\d{4,8})(?![\d.,:/-]\d|\d)/gi;
// One alternation of literals (measured on bench:pii's records: 10 ms, against 23 with a leading
// lookahead and 35 for a native search per word).
const ONE_TIME_CODE_WORDS = /otp|OTP|one[- ]time|ion code|ity code|in code|th code|2fa|2FA|SMS|sms|our code|验证码|校验码|动态|取件码|取货码|提货码/;
const CODE_FIELD = /"(?:code|otp|sms_?code|verify_?code|vcode|otp_?code)"[ \t]*:[ \t]*"(\d{4,8})"/gi;
// A log line about a one-time code, its value under a code's key: "短信验证码发送 mobile=… code=582931 scene=login".
const CODE_ON_ITS_LINE = /(?:验证码|校验码|动态码|短信码|\botp\b|\bsms\b|verification|one[- ]time)[^\n]{0,80}?(?<![\w.-])(?<!(?:error|status|http|response|exit|return|reason|result|err)[ _])(?:code|otp|sms_?code|verify_?code|vcode|otp_?code|captcha)[ \t]*[=:][ \t]*["']?(\d{4,8})(?![\w.-])/gi;
const ABOUT_ONE_TIME_CODES = /otp|sms|verif|验证|短信/i;

// A one-time code asked for in a chat, answered by the next turn holding only digits ("验证码已发送至新号，请告知" … "客户：447201").
const CODE_ASKED = /(?:验证码|校验码|动态码|短信码|\botp\b|verification code|one[- ]time code|security code)[^\n]{0,30}?(?:请告知|告诉我|发我|报一下|念一下|是多少|多少|[?？]|please (?:share|tell|read)|read (?:it )?out)/gi;

function detectAnsweredCodes(text: string, out: FindingSink): void {
  CODE_ASKED.lastIndex = 0;
  for (let m = CODE_ASKED.exec(text); m; m = CODE_ASKED.exec(text)) {
    const lineEnd = text.indexOf("\n", m.index);
    CODE_ASKED.lastIndex = lineEnd === -1 ? text.length : lineEnd;
    const answer = answerAfter(text, lineEnd);
    if (answer && /^\d{4,8}$/.test(answer.token) && !isSampleCode(answer.token)) {
      addFinding(out, text, "SECRET", answer.at, answer.at + answer.token.length, 0.8, "one-time-code");
    }
  }
}

/** "000000", "1111": one digit repeated, a test code or a mask, which lets no one in. */
export const isSampleCode = (digits: string) => /^(\d)\1+$/.test(digits);

function detectOneTimeCodes(text: string, out: FindingSink): void {
  if (text.includes("\n")) detectAnsweredCodes(text, out);
  ONE_TIME_CODE.lastIndex = 0;
  for (let m = ONE_TIME_CODE.exec(text); m; m = ONE_TIME_CODE.exec(text)) {
    const code = m[1] ?? m[2] ?? m[3];
    if (isSampleCode(code)) continue;
    const end = m.index + m[0].length;
    addFinding(out, text, "SECRET", end - code.length, end, 0.85, "one-time-code");
  }
  if (!ABOUT_ONE_TIME_CODES.test(text)) return;
  addEndingGroups(out, text, CODE_ON_ITS_LINE, "SECRET", 0.85, "one-time-code", (m) => !isSampleCode(m[1]));
  if (!text.includes('"')) return;
  CODE_FIELD.lastIndex = 0;
  for (let m = CODE_FIELD.exec(text); m; m = CODE_FIELD.exec(text)) {
    const end = m.index + m[0].length - 1;
    addFinding(out, text, "SECRET", end - m[1].length, end, 0.85, "one-time-code");
  }
}

function detectPins(text: string, out: FindingSink): void {
  for (const pattern of [PIN, PIN_CAPITALS]) addEndingGroups(out, text, pattern, "SECRET", 0.85, "pin");
}

// Backup and recovery codes log their holder in once each, like a password: the codes that follow the
// words, on their line and the lines after it, until a line holds none.
// One search (case spelled out: a case-blind one cost twice as much) decides whether either rule below runs.
const RECOVERY_WORDS =
  /(?:[Bb]ackup|BACKUP|[Rr]ecovery|RECOVERY|[Ss]cratch|[Ee]mergency)[ _-](?:[Cc]ode|CODE|[Kk]ey|KEY)|[Mm]nemonic|MNEMONIC|助记词|(?:[Ss]eed|SEED|[Rr]ecovery|RECOVERY|[Bb]ackup|BACKUP|[Ww]allet|WALLET)[ _-]?(?:[Pp]hrase|PHRASE|[Ww]ords|WORDS)|(?:BIP|[Bb]ip)-?39|[Ww]allet[ _-]?[Ss]eed|[Mm]emorable|[Ss]ecurity [Aa]nswer|[Ss]ecret [AaWw]|SECURITY ANSWER|MEMORABLE|备用码|恢复码|恢复代码|安全问题答案|密保答案/;
const BACKUP_CODES_AT = /\b(?:backup|recovery|scratch|emergency)[ _-](?:codes?|keys?)\b|备用码|恢复码|恢复代码/gi;
const BACKUP_CODE = /(?<![\w-])(?:[A-Za-z0-9]{4,5}-[A-Za-z0-9]{4,5}(?:-[A-Za-z0-9]{4,5})?|\d{6,10}|[a-z0-9]{8,10})(?![\w-])/g;
const MAX_CODE_LINES = 12;

function detectBackupCodes(text: string, out: FindingSink): void {
  BACKUP_CODES_AT.lastIndex = 0;
  for (let m = BACKUP_CODES_AT.exec(text); m; m = BACKUP_CODES_AT.exec(text)) {
    let at = m.index + m[0].length;
    for (let line = 0; line < MAX_CODE_LINES && at < text.length; line++) {
      let end = text.indexOf("\n", at);
      if (end < 0) end = text.length;
      const content = text.slice(at, end);
      let found = 0;
      BACKUP_CODE.lastIndex = 0;
      for (let c = BACKUP_CODE.exec(content); c; c = BACKUP_CODE.exec(content)) {
        // A code mixes in digits; a date ("2026-11-29") or a year is not one.
        if (!/\d/.test(c[0]) || /^(?:19|20)\d\d-\d\d/.test(c[0])) continue;
        addFinding(out, text, "SECRET", at + c.index, at + c.index + c[0].length, 0.85, "backup-code");
        found++;
      }
      // The words' own line may hold no code ("Your backup codes:"); the first line after the codes without one ends them.
      if (found === 0 && line > 0) break;
      at = end + 1;
    }
    BACKUP_CODES_AT.lastIndex = Math.max(BACKUP_CODES_AT.lastIndex, at);
  }
}

// The answers a bank or a helpdesk checks instead of a password: "Memorable word: lighthouse".
const SECRET_ANSWER = /\b(?:memorable[ _-](?:word|phrase|name|place)|security[ _-]answer|secret[ _-](?:answer|word))s?["']?[ \t]*(?:[:=][ \t]*|[ \t]+(?:is|was)[ \t]+)["']?([^\s"',;]{3,40})|(?:安全问题答案|密保答案)[ \t]*(?:[:：=是为][ \t]*)([^\s"',;，。；]{2,40})/gi;

function detectSecretAnswers(text: string, out: FindingSink): void {
  SECRET_ANSWER.lastIndex = 0;
  for (let m = SECRET_ANSWER.exec(text); m; m = SECRET_ANSWER.exec(text)) {
    const answer = (m[1] ?? m[2]).replace(TRAILING, "");
    if (answer.length < 2 || PLACEHOLDER_VALUES.has(answer.toLowerCase()) || /^[$%{<[*]/.test(answer)) continue;
    const start = m.index + m[0].length - (m[1] ?? m[2]).length;
    addFinding(out, text, "SECRET", start, start + answer.length, 0.85, "secret-answer");
  }
}

// A value that mixes capitals, small letters, digits and two or more of the symbols password rules ask
// for ("Gx7!pL2#vQ9^mZ4s"), under whatever name a config gives it (`bread_and_butter:`): generated or
// chosen as a password, never prose, a path, a URL, a version or a format string.
// Found by a symbol between two letters or digits ("7!p"), then read out to the value's edges by hand:
// a regex trying every ":" and "=" of a JSON document cost a quarter of a scan.
const STRONG_MARK = /[!#$%^*~]/g;
const POLICY_SYMBOL = /[!@#$%^&*+=?~]/g;
const MAX_STRONG = 64;

/**
 * Inside a value: printable ASCII but blanks, quotes and the punctuation that ends a field. A ";" is
 * the value's own ("Q;w#E!r@T$y%2026"); one that ends it is taken off below.
 */
const inValue = (c: number) => c > 32 && c < 127 && c !== 34 && c !== 39 && c !== 96 && c !== 44 && c !== 125 && c !== 93;

export function detectStrongValues(text: string, out: FindingSink): void {
  STRONG_MARK.lastIndex = 0;
  for (let m = STRONG_MARK.exec(text); m; m = STRONG_MARK.exec(text)) {
    if (!isAsciiAlnum(text.charCodeAt(m.index - 1)) || !isAsciiAlnum(text.charCodeAt(m.index + 1))) continue;
    let start = m.index;
    while (start > 0 && inValue(text.charCodeAt(start - 1)) && m.index - start <= MAX_STRONG) start--;
    let end = m.index + 1;
    while (inValue(text.charCodeAt(end)) && end - start <= MAX_STRONG) end++;
    STRONG_MARK.lastIndex = end;
    while (text.charCodeAt(end - 1) === 59) end--;
    // A value after its name's ":" or "=", maybe quoted; the separator itself may have been read as part of it.
    const colon = text.slice(start, m.index).search(/[:=](?=[^:=]*$)/);
    if (colon >= 0) start += colon + 1;
    let before = start - 1;
    const quote = text.charCodeAt(before);
    if (quote === 34 || quote === 39) before--;
    while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before--;
    const separator = text.charCodeAt(before);
    if (separator !== 58 && separator !== 61) continue;
    if ((quote === 34 || quote === 39) && text.charCodeAt(end) !== quote) continue;
    const value = text.slice(start, end);
    if (value.length < 10 || value.length > MAX_STRONG) continue;
    // Base64's padding ("…cA==") is no symbol anyone chose.
    const chosen = value.replace(/=+$/, "");
    if (characterKinds(chosen) < 4 || /[/\\:(){}<>]|\.\.|%[A-Za-z]/.test(value) || (chosen.match(POLICY_SYMBOL)?.length ?? 0) < 2) continue;
    // A run of capitals, of small letters or of digits longer than four is a word, a constant or a number, not a mix.
    // "sk_test_****4xYz" is masked; "$2b$12$…" is a password's hash (crypt format), kept so by design.
    if (/[a-z]{5,}|[A-Z]{5,}|\d{5,}|\*{3}/.test(value) || value[0] === "$" || isExampleKey(value) || isCode(value)) continue;
    addFinding(out, text, "SECRET", start, end, 0.8, "strong-value");
  }
}

// A value that only a generator writes ("R0uT1nGk3yQ8zX4mV7pL2nB5") as a config line's whole value,
// under whatever name the config gives it (`pagerduty_routing = "…"`): twenty or more letters and
// digits, with capitals, small letters and digits changing places at most characters. Words, camel-case
// names, hex hashes and ids in capitals change places rarely or lack a kind; names that say the value
// is an id, a hash or a version are left alone.
// Found from its separator: a search for ":" or "=" skips ahead natively, where a run of letters
// tried at every position cost more than any other expression of a scan (measured on bench:pii).
const GENERATED_VALUE = /[:=][ \t]*["']?([A-Za-z0-9]{20,64})(?![\w/+-])/g;
const CONFIG_KEY_BEFORE = /(?:^|\n)[ \t]*["']?([A-Za-z][\w.-]{0,48})["']?[ \t]*$/;
const LINE_KEY = /^[ \t]*(?:export[ \t]+)?["']?[A-Za-z][\w.-]{0,48}["']?[ \t]*[:=]/;
const CONFIG_LINE_AFTER = /^["']?[ \t]*,?[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/;
const NOT_SECRET_KEY = /(?:^|[_.-])(?:id|ids|uuid|guid|sid|trace|span|request|req|correlation|etag|hash|sha\d*|digest|checksum|commit|rev|revision|version|build|ref|cid|address|wallet|name|tag|image|region|zone|path|url|uri|host|bucket|account|project|tenant|org|user|username|model)$|Id$|ID$/i;

function changesKindOften(value: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let changes = 0;
  let last = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const kind = c <= 57 ? 0 : c <= 90 ? 1 : 2;
    if (kind === 0) digit++;
    else if (kind === 1) upper++;
    else lower++;
    if (last !== -1 && kind !== last) changes++;
    last = kind;
  }
  return upper >= 2 && lower >= 2 && digit >= 2 && changes >= value.length * 0.45;
}

const HEX_KEY = /^(?=[A-Fa-f]*\d)(?=\d*[A-Fa-f])(?:[0-9A-F]{24,64}|[0-9a-f]{24,64})$/;
const PARENT_KEY_LINE = /^([ \t]*)["']?([A-Za-z][\w.-]{0,48})["']?[ \t]*:[ \t\r]*$/;
const CREDENTIAL_PARENT = /key|secret|token|hmac|pass|cred|signing/i;

/** Whether the YAML mapping holding the line at `at` is named for credentials ("hmac_keys:", "secrets:"). */
function underCredentialParent(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if (lineStart === 0) return false;
  let indent = 0;
  while (text.charCodeAt(lineStart + indent) === 32 || text.charCodeAt(lineStart + indent) === 9) indent++;
  if (indent === 0) return false;
  let end = lineStart - 1;
  for (let lines = 0; lines < 8 && end > 0; lines++) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const parent = PARENT_KEY_LINE.exec(text.slice(start, end));
    if (parent && parent[1].length < indent) return CREDENTIAL_PARENT.test(parent[2]);
    end = start - 1;
  }
  return false;
}

export function detectGeneratedConfigValues(text: string, out: FindingSink): void {
  // One line is a config line only from its start ("ROUTING_KEY=…"): a JSON document or a log line is
  // read no further than its first separator.
  const oneLine = !text.includes("\n");
  if (oneLine && !LINE_KEY.test(text)) return;
  GENERATED_VALUE.lastIndex = 0;
  for (let m = GENERATED_VALUE.exec(text); m; m = GENERATED_VALUE.exec(text)) {
    const value = m[1];
    if (isExampleKey(value)) continue;
    // A hex key changes kind seldom; under a parent that names keys ("hmac_keys:\n  primary: …") it is one.
    if (!changesKindOften(value) && (oneLine || !HEX_KEY.test(value) || !underCredentialParent(text, m.index))) continue;
    const key = CONFIG_KEY_BEFORE.exec(text.slice(Math.max(0, m.index - 60), m.index));
    if (!key || NOT_SECRET_KEY.test(key[1])) continue;
    const end = m.index + m[0].length;
    if (!CONFIG_LINE_AFTER.test(text.slice(end, end + 80))) continue;
    addFinding(out, text, "SECRET", end - value.length, end, 0.8, "generated-value");
    if (oneLine) return;
  }
}
