import * as gazetteer from "../names/gazetteer";
import { COMMON, COMPANY, FAMILIAR, FIRST, LAST, OTHER_NAME, PINYIN_SURNAME, WORD } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";
import * as personContext from "./person-context";

/**
 * Logins built from a person's name, as directories make them: an initial and a surname ("jsmith",
 * "kpatel", "lwei"), a pinyin surname and given name ("zhangwei"), 老/小 and a surname ("laowang"),
 * or a name's parts joined by dots or hyphens ("svetlana.morozova", "r.oyelowo",
 * "e.van.den.berg", "seo-yeon.park"). Only where a login stands: after a person or login key
 * (`owner: "…"`, `user=…`, `负责人: …`), after "by" or "ask", in sshd's and nginx's log lines, as a
 * mention, a URL's user, a merged branch's owner, or a signature at a line's end. A word
 * ("stone", "admin", "jenkins", "grace.period") is never one.
 */
const { isPinyinGivenName, wordClass } = gazetteer;
const { isPersonKey } = personContext;

const ENGLISH_WORD = COMMON | WORD | FAMILIAR;
const NAME = FIRST | LAST | OTHER_NAME | PINYIN_SURNAME;
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "del", "du", "dos", "la", "le", "ter", "ten", "al", "el", "bin"]);

/**
 * One word of a login: 2 a name that is no English word, 1 a weaker sign (a name that is also a
 * word, "park", "billing"; one known only from the largest list, which holds many words too; pinyin
 * syllables, which "api" also spells), 0 none.
 */
function namePart(part: string): number {
  const c = wordClass(part);
  if (c & NAME) return c & (ENGLISH_WORD | OTHER_NAME) ? 1 : 2;
  return isPinyinGivenName(part) ? 1 : 0;
}

/** Whether a lower-case login is made of a person's name. */
export function isNameHandle(lower: string): boolean {
  if (lower.length < 4 || lower.length > 40) return false;
  if (/[._-]/.test(lower)) return isJoinedName(lower);
  if (lower.length > 16 || wordClass(lower) & ENGLISH_WORD) return false;
  // An initial and a surname: "nkoh", "kpatel"; a surname that is also a word only when longer ("jsmith",
  // "jpark", not "brown"): the whole login is no word, so "park" after one letter is the surname.
  const rest = wordClass(lower.slice(1));
  if (rest & (LAST | PINYIN_SURNAME) && (lower.length >= 5 || !(rest & ENGLISH_WORD))) return true;
  if (rest & PINYIN_SURNAME) return true;
  for (const prefix of ["lao", "xiao"]) if (lower.startsWith(prefix) && wordClass(lower.slice(prefix.length)) & PINYIN_SURNAME) return true;
  // "zhangwei", "liuyang": a pinyin surname, then one or two syllables of a given name; "wangjg",
  // "ouyangwj": a pinyin surname of three letters or more, then the given name's initials.
  for (let cut = 2; cut <= 6 && cut < lower.length; cut++) {
    if (!(wordClass(lower.slice(0, cut)) & PINYIN_SURNAME)) continue;
    if (cut < lower.length - 1 && isPinyinGivenName(lower.slice(cut))) return true;
    if (cut >= 4 && pinyinInitials(lower.slice(0, cut), lower.slice(cut))) return true;
  }
  return false;
}

// A given name's initials in pinyin: two or three consonants ("jg", "yl", "hf"), not a cluster tools
// end in ("sunrpc", "linkd", "panfs") nor the "g" of a syllable cut after its "n" ("zhan|gs": "zhangs").
const PINYIN_INITIALS = /^[bcdfghjklmnpqrstwxyz]{2,3}$/;
const TOOL_ENDINGS = /^(?:rpc|ctl|fs|kd|ts|dns|rpm|cd|sh|db|pc|ps|js|md)$/;

function pinyinInitials(surname: string, initials: string): boolean {
  return PINYIN_INITIALS.test(initials) && !TOOL_ENDINGS.test(initials) && !(surname.endsWith("n") && initials[0] === "g");
}

/** "svetlana.morozova", "r.oyelowo", "abhishek.n", "will_t", "e.van.den.berg": initials, particles and names, two names or an initial and a name. */
function isJoinedName(lower: string): boolean {
  const parts = lower.split(/[._-]/);
  if (parts.length < 2 || parts.length > 5 || parts.some((p) => p.length === 0)) return false;
  // "sima.jj", "zhang.wf": a pinyin surname and the given name's initials.
  if (parts.length === 2 && parts[0].length >= 3 && wordClass(parts[0]) & PINYIN_SURNAME && pinyinInitials(parts[0], parts[1])) return true;
  let plain = 0;
  let common = 0;
  let unknown = 0;
  for (const part of parts) {
    if (part.length === 1 || PARTICLES.has(part)) continue;
    const kind = namePart(part);
    if (kind === 2) plain++;
    else if (kind === 1) common++;
    // A surname no list knows ("oyelowo"), counted only beside a known name.
    else if (part.length >= 5 && wordClass(part) === 0) unknown++;
    else return false;
  }
  const initial = parts.some((p) => p.length === 1);
  // Snake case also spells identifiers ("ledger_ro", "bi_reader", "demo_sales"): there the names must be no words.
  if (lower.includes("_") && common + unknown > 0 && !(parts.length === 2 && initial)) return parts.length === 2 && unknown === 0 && pinyinName(parts[0], parts[1]);
  // Two names, one of them no common word ("seo-yeon.park", "adaeze.oyelowo"; not "rose.hill"), or an
  // initial and a name no common word ("abhishek.n", "e.van.den.berg"). An initial and a word no list
  // knows ("r.oyelowo") stays unread: "j.query" is written the same way.
  if (plain >= 1 && plain + common + unknown >= 2) return true;
  // "tang_min", "li.ping": a pinyin surname and a given name's syllables, each also a word or a syllable.
  if (parts.length === 2 && plain === 0 && unknown === 0 && pinyinName(parts[0], parts[1])) return true;

  // An initial and a given name that is also a word: "will_t", "mark.b" (not "main.c": a given name only).
  return initial && plain + common === 1 && unknown === 0 && (plain === 1 || parts.some((p) => p.length > 1 && (wordClass(p) & (FIRST | OTHER_NAME)) === FIRST));
}

function pinyinName(first: string, second: string): boolean {
  return (wordClass(first) & PINYIN_SURNAME) !== 0 && second.length >= 2 && isPinyinGivenName(second);
}

// Login keys that are not person keys.
const LOGIN_KEY = /^(?:user(?:name|_?name)?|login|account|handle|uid|admin|maintainer|principal|operator|submitter|committer|by|target|grantee|member|delegate|impersonated|impersonator|账号|帐号|用户名|管理员)$/i;
// A login may end in a few digits ("wangfang88"); the name is read without them.
const HANDLE = String.raw`([a-z][a-z]{0,19}(?:[._-][a-z]{1,20}){0,4}\d{0,4})(?![\w@-]|\.[a-z])`;

// Where a login stands after punctuation: a key's separator (`owner: "…"`, `user=…`, `负责人：…`;
// group 1, the key read back in code), a URL's user, a mention, nginx's "<ip> - <user> [", a
// signature's dash. Each alternative opens with punctuation, and lookbehinds come after the
// character they guard, so a position that holds none fails at its first character.
const AFTER_PUNCTUATION = new RegExp(String.raw`(?::\/\/|([:=：])[ \t]*(?:\[[ \t]*)?["']?|@(?<![\w.]@)|- (?<=\d - )|(?:—|--|–)[ \t]*)` + HANDLE, "g");
// After words: a merged branch's owner, "by", "ask", "user", sshd's "Accepted … for", a Chinese role.
const AFTER_WORD = new RegExp(
  String.raw`(?:\bfrom[ \t]+(?=[a-z]+\/)|\b(?:[Bb]y|[Aa]sk|for(?: invalid)? user|[Uu]ser|logins? (?:attempts? )?for)[ \t]+["']?|\b(?:Accepted|Failed) \w+ for ` +
    // A home directory is its user's: "/home/mbianchi/.ssh", "C:\Users\jsmith\AppData".
    String.raw`|(?:\/home|\/Users|[A-Z]:\\Users)[\/\\]` +
    String.raw`|(?:负责人|管理员|经办人|联系人|操作人|审批人|申请人|提交人|发布人|创建人|处理人|执行人|提交者|操作员|用户名?|账号|帐号)(?:用|是|为)?[:：]?[ \t]*` +
    // A client's user flag ("curl -u 'mlopez:…'", "--user=kpatel", ssh's "-l tkoh", gh's "--reviewer
    // dvolkov"), what is done to an account
    // ("disable …"), a .netrc's "login …", an operator or a principal named in a log, who one logs in
    // as, whoami's answer. In this one pass: a second regex, or a search to decide whether to run one,
    // cost more than these alternatives here (measured).
    String.raw`|[ \t](?:-u|-l|--user(?:name)?|--(?:reviewers?|assignees?|author|owner))(?:[ \t]*|=)["']?` +
    String.raw`|\b(?:[Dd]isable|[Ee]nable|[Dd]eactivate|[Rr]eactivate|[Oo]ffboard|[Ss]uspend|[Uu]nlock|[Rr]eset for|[Pp]assword reset for|[Ll]ogin is|[Uu]sername is)[ \t]+["']?` +
    String.raw`|\b(?:login|operator|principal|(?:[Ll]ogg(?:ing|ed)|[Ll]og|[Ss]ign(?:ed|ing)?) in as)[ \t]+["']?|\bwhoami[ \t]*(?:→|->|=>|:|\r?\n)[ \t]*)` +
    HANDLE,
  "g",
);

const MAX_KEY = 25;

/** The key that ends just before the separator at `at` ("owner", "metadata.owner", "负责人"), or "". */
function keyBefore(text: string, at: number): string {
  let end = at;
  const quote = text.charCodeAt(end - 1);
  if (quote === 34 || quote === 39) end--;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  let start = end;
  while (start > 0 && end - start < MAX_KEY && isKeyChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || (c >= 0x4e00 && c <= 0x9fff);
}

/** Whether a key holds a person's login: a person key ("owner", "assignee", "负责人") or a login key ("user", "metadata.admin"). */
function isLoginSlot(key: string): boolean {
  if (key === "") return false;
  // "key_owner", "metadata.admin": the last part of a compound key says whose it is.
  const last = key.replace(/^.*[._-](?=[^._-]+$)/, "");
  return isPersonKey(key) || LOGIN_KEY.test(last) || (last !== key && isPersonKey(last));
}

// "WHERE actor IN ('hkaur', 'ojimenez')": the logins a query lists under a person's or a login's column.
const SQL_IN_LIST = /([A-Za-z_][\w.]{0,30})[ \t]+(?:NOT[ \t]+|not[ \t]+)?(?:IN|in)[ \t]*\(((?:[ \t]*'[^'\n]{1,40}'[ \t]*,)*[ \t]*'[^'\n]{1,40}'[ \t]*)\)/g;
const SQL_ITEM = /'([^'\n]{1,40})'/g;
const SQL_IN_GATE = / (?:IN|in) ?\(/;

// A key-value table as vault, kubectl and CLIs print one: "owner               s.mahlangu".
const KEY_VALUE_ROW = /(?:^|\n)[ \t]*([A-Za-z][\w.-]{1,30})[ \t]{2,}([a-z][a-z0-9._-]{2,40})[ \t]*(?=\r?\n|$)/g;

function detectKeyValueRows(text: string, out: FindingSink): void {
  KEY_VALUE_ROW.lastIndex = 0;
  for (let m = KEY_VALUE_ROW.exec(text); m; m = KEY_VALUE_ROW.exec(text)) {
    if (!isLoginSlot(m[1]) || !isPersonLogin(m[2])) continue;
    const end = m.index + m[0].trimEnd().length;
    addHandle(text, out, end - m[2].length, end);
  }
}

/** "hkaur", "ojimenez": one initial, then a surname the lists know and no word. */
function initialThenSurname(login: string): boolean {
  const classes = wordClass(login.slice(1));
  return login.length >= 5 && (classes & LAST) !== 0 && (classes & (COMMON | FAMILIAR | WORD | COMPANY)) === 0;
}

function detectSqlInLists(text: string, out: FindingSink): void {
  SQL_IN_LIST.lastIndex = 0;
  for (let m = SQL_IN_LIST.exec(text); m; m = SQL_IN_LIST.exec(text)) {
    if (!isLoginSlot(m[1].replace(/^.*\./, ""))) continue;
    const listStart = m.index + m[0].length - 1 - m[2].length;
    SQL_ITEM.lastIndex = 0;
    for (let item = SQL_ITEM.exec(m[2]); item; item = SQL_ITEM.exec(m[2])) {
      // A login's shape, not a brand's word ("huawei", "taobao"): a joint, digits, or an initial and a surname.
      if (!isPersonLogin(item[1]) || !(/[._-]|\d/.test(item[1]) || initialThenSurname(item[1]))) continue;
      const start = listStart + item.index + 1;
      addHandle(text, out, start, start + item[1].length);
    }
  }
}

// "ssh akumar@10.0.0.5", "scp -P 2222 build.tgz jtan@bastion:": the user a remote shell logs in as.
const REMOTE_COMMANDS = /ssh|scp|sftp|mosh|rsync/;
const REMOTE_USER = /\b(?:ssh|scp|sftp|mosh|rsync)\b[^\n@]{0,60}?[ \t]([a-z][a-z.-]{2,30})@(?=[\w[])/g;
// "disable gwilliams, rosem and hpatel": the logins listed after one.
// Quoted in a JSON or YAML list too (`["lnakamura", "tbrennan"]`), or after Chinese commas (tangmin、tang_min2).
const LISTED = new RegExp(String.raw`["']?(?:[ \t]*[,、，][ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*)["']?` + HANDLE, "y");

const MAX_LISTED = 8;

function addHandle(text: string, out: FindingSink, start: number, end: number): void {
  addFinding(out, text, "PERSON", start, end, 0.6, "person-handle");
  addListed(text, out, end);
}

/**
 * The items listed after `end` that are logins made of a name too, up to MAX_LISTED; only those after
 * "、" when `chineseCommaOnly` ("陈子豪、tangmin"). `found`: starts already found, so none is added twice.
 */
function addListed(text: string, out: FindingSink, end: number, chineseCommaOnly = false, found?: Set<number>): void {
  LISTED.lastIndex = end;
  for (let i = 0; i < MAX_LISTED; i++) {
    const m = LISTED.exec(text);
    if (!m || (chineseCommaOnly && !m[0].includes("、"))) return;
    const start = LISTED.lastIndex - m[1].length;
    if (found?.has(start) || !isLogin(m[1])) continue;
    found?.add(start);
    addFinding(out, text, "PERSON", start, LISTED.lastIndex, 0.6, "person-handle");
  }
}

// A chat export's speaker: a login opening its line, then a colon or the time ("ppatel: agreed",
// "kenji.watanabe  11:02  deploying…").
const SPEAKER_LOGIN = /(?:^|\n)([a-z][a-z.-]{2,30}\d{0,4})(?=:[ \t]|[ \t]{2,}\d{1,2}:\d\d)/g;

// An IRC or Matrix log's speaker: a nick in angle brackets opening its line, after a time stamp maybe
// ("[10:02] <anand_k> deploy done"). In a log of two such lines or more every nick is a person's,
// but a bot's or a service's.
const CHAT_NICK = /(?:^|\n)(?:\[[^\]\n]{1,24}\][ \t]*|\d{1,2}:\d\d(?::\d\d)?[ \t]+)?<[@+%]?([A-Za-z][\w.|-]{1,30})>[ \t]/g;
const SERVICE_NICK = /bot|^(?:system|server|jenkins|github|gitlab|ci|cd|deploy|deployer|alertmanager|alerts?|nagios|grafana|sentry|pagerduty|root|admin|nobody|chanserv|nickserv|operserv|irc|daemon|cron|monitor|notify|notifications?|webhook|hubot)$/i;

function detectChatNicks(text: string, out: FindingSink): void {
  CHAT_NICK.lastIndex = 0;
  const nicks: [number, number][] = [];
  for (let m = CHAT_NICK.exec(text); m; m = CHAT_NICK.exec(text)) {
    CHAT_NICK.lastIndex = m.index + m[0].length - 1;
    if (SERVICE_NICK.test(m[1])) continue;
    const start = m.index + m[0].lastIndexOf("<") + 1 + (/[@+%]/.test(m[0][m[0].lastIndexOf("<") + 1]) ? 1 : 0);
    nicks.push([start, start + m[1].length]);
  }
  if (nicks.length < 2) return;
  for (const [start, end] of nicks) addFinding(out, text, "PERSON", start, end, 0.6, "person-handle");
}

const INITIAL_DOT_SURNAME = /^[a-z]\.[a-z]{4,20}$/;

/** "h.okonjo": an initial, a dot and a word no English list knows (not "s.api", "v.beta"). */
function initialAndSurname(handle: string): boolean {
  return INITIAL_DOT_SURNAME.test(handle) && (wordClass(handle.slice(2)) & (COMMON | FAMILIAR | WORD | COMPANY)) === 0;
}

/** Whether a lower-case token standing where a login stands (a .pgpass line's user) is a login made of a name. */
export function isPersonLogin(token: string): boolean {
  return /^[a-z][a-z._-]{2,30}\d{0,4}$/.test(token) && isLogin(token);
}

// With digits after it the name part must be longer ("wangfang88"), not a word cut short ("oauth2").
// Two digits or more are a year or a number picked to make it unique ("liwei1988"), not a version ("oauth2").
const isLogin = (handle: string) => {
  const letters = handle.replace(/\d+$/, "");
  return (letters === handle || letters.length >= 6 || (letters.length >= 5 && handle.length - letters.length >= 2)) && isNameHandle(letters);
};

// "liam.oconnor", "aisha_bello", "j.kowalski": a login of a given name and a surname joined by a dot or an
// underscore is one wherever it stands (a quoted user, a list of accounts, a comment), since no word,
// file or module is spelled so; read with the same rule as a login in a login's place.
// Found by their joint (three small letters, a dot or an underscore, three small letters), then
// read out to the login's edges by hand: a regex starting at every small letter cost 5% of a scan.
const MAX_PART = 20;

const isSmall = (c: number) => c >= 97 && c <= 122;
// Before a login: not a word's character, a dot, an "@", a path's or a URL's punctuation, a hyphen.
const NOT_BEFORE_LOGIN = /[\w.@/:\\-]/;

// Logins already judged: a JSON document or a log repeats its keys and hosts ("unit_price", "api.internal").
const judged = new Map<string, boolean>();
const JUDGED_LIMIT = 4096;

function isJoinedLogin(login: string): boolean {
  let known = judged.get(login);
  if (known !== undefined) return known;
  known = judgeJoined(login);
  if (judged.size >= JUDGED_LIMIT) judged.clear();
  judged.set(login, known);
  return known;
}

function judgeJoined(login: string): boolean {
  const parts = login.split(/[._]/);
  // Standing alone, only names of three letters or more: "bastion_ip", "b.nakamura" could be other things.
  if (parts.some((p) => p.length < 3 || PARTICLES.has(p))) return false;
  // Snake case also spells identifiers ("payer_iban", "demo_sales"): there every part must be a name no word spells.
  const snake = login.includes("_");
  let plain = 0;
  for (const p of parts) {
    const kind = snake ? (wordClass(p) & NAME ? namePart(p) : 0) : namePart(p);
    if (kind === 0 || (snake && kind === 1)) return false;
    if (kind === 2) plain++;
  }
  return plain >= 1;
}

/** The joint ("." or "_") at or after `from` with three small letters before it and one after, or -1. */
function nextJoint(text: string, from: number): number {
  let dot = text.indexOf(".", from);
  let underscore = text.indexOf("_", from);
  while (dot !== -1 || underscore !== -1) {
    const at = dot === -1 ? underscore : underscore === -1 ? dot : Math.min(dot, underscore);
    if (isSmall(text.charCodeAt(at + 1)) && isSmall(text.charCodeAt(at - 1)) && isSmall(text.charCodeAt(at - 2)) && isSmall(text.charCodeAt(at - 3))) return at;
    if (at === dot) dot = text.indexOf(".", at + 1);
    else underscore = text.indexOf("_", at + 1);
  }
  return -1;
}

/** Whether a UPI bank handle starts at `at` ("okhdfc", "ybl", "paytm"): small letters, then no dot or word character. */
function isUpiHandle(text: string, at: number): boolean {
  let end = at;
  while (isSmall(text.charCodeAt(end)) && end - at <= 12) end++;
  const c = text.charCodeAt(end);
  return end - at >= 2 && end - at <= 12 && c !== 46 && c !== 45 && !(c >= 48 && c <= 57) && c !== 95 && !isSmall(c) && !(c >= 65 && c <= 90);
}

export function detectJoinedLogins(text: string, out: FindingSink): void {
  for (let at = nextJoint(text, 3); at !== -1; ) {
    let start = at;
    while (start > 0 && isSmall(text.charCodeAt(start - 1)) && at - start < MAX_PART) start--;
    let end = at + 2;
    while (isSmall(text.charCodeAt(end)) && end - at < MAX_PART) end++;
    // At most three parts: "e.van.berg" is read by the rule for a login's place.
    const c = text.charCodeAt(end);
    if ((c === 46 || c === 95) && isSmall(text.charCodeAt(end + 1))) {
      let third = end + 1;
      while (isSmall(text.charCodeAt(third)) && third - end <= MAX_PART) third++;
      end = third;
    }
    at = nextJoint(text, end);
    // An AWS principal's ARN names its user: "arn:aws:iam::…:user/priya.menon".
    if (start > 0 && NOT_BEFORE_LOGIN.test(text[start - 1]) && !text.endsWith(":user/", start)) continue;
    const after = text.charCodeAt(end);
    // A UPI address ("vpa=rohan.deshpande@okhdfc") is a login at a bank's handle, with no dot after the "@".
    if (after === 64 && isUpiHandle(text, end + 1)) {
      if (isJoinedLogin(text.slice(start, end))) addFinding(out, text, "PERSON", start, end, 0.6, "person-handle");
      continue;
    }
    if (after === 64 || after === 47 || after === 92 || after === 45 || after === 95 || (after >= 48 && after <= 57) || isSmall(after) || (after >= 65 && after <= 90)) continue;
    if (after === 46 && isSmall(text.charCodeAt(end + 1))) continue;
    // A JSON document's key ("unit_price":) is a field's name, not a login.
    if (after === 34 && text.charCodeAt(end + 1) === 58) continue;
    if (isJoinedLogin(text.slice(start, end))) addFinding(out, text, "PERSON", start, end, 0.6, "person-handle");
  }
}

// An audit line's subject: a login opening the line (after a bracketed time or level maybe), then what it did.
const SUBJECT_VERB =
  /[ \t]+(?:logged|signed|exported|downloaded|uploaded|deleted|approved|rejected|changed|updated|created|pushed|merged|reverted|requested|granted|revoked|viewed|accessed|reset|disabled|enabled|assigned|escalated|refunded|modified|removed|added|commented|closed|reopened)\b/y;
const isLoginChar = (c: number) => isSmall(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45;

/** The login opening the line at `lineStart` before a verb of an audit log, read by hand: most lines open otherwise. */
function subjectAt(text: string, out: FindingSink, lineStart: number): void {
  let first = lineStart;
  while (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9) first++;
  if (text.charCodeAt(first) === 91) {
    const close = text.indexOf("]", first);
    if (close === -1 || close - first > 41) return;
    first = close + 1;
    while (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9) first++;
  }
  if (!isSmall(text.charCodeAt(first))) return;
  let end = first + 1;
  while (end - first <= 35 && isLoginChar(text.charCodeAt(end))) end++;
  const after = text.charCodeAt(end);
  if (after !== 32 && after !== 9) return;
  SUBJECT_VERB.lastIndex = end;
  if (!SUBJECT_VERB.test(text)) return;
  const login = text.slice(first, end);
  if (isPersonLogin(login)) addHandle(text, out, first, end);
}

// "role granted to kbui", "ticket reassigned to mlopez": to whom something was given. Found from "ed to ",
// the verb's stem read back before it: as an alternative of AFTER_WORD it was tried at every word.
const GIVEN_TO_VERB = /(?:grant|assign|reassign|escalat|transferr|hand|delegat|forward|invit|add)$/;
// "SSH login accepted for avasquez", "# key for mnovakovic on bastion": whose login, key or access it is.
// "reset MFA for e.horvat", "password reset for jdoe", "sessions revoked for mlopez".
const FOR_WHOM = /(?:accepted|rejected|denied|key|keys|access|token|credentials|account|mailbox|laptop|mfa|MFA|2fa|2FA|otp|OTP|password|reset|unlocked|revoked|sessions|permissions|roles?)$/;
const HANDLE_AFTER_TO = new RegExp(String.raw`["']?` + HANDLE, "y");

function detectGivenTo(text: string, out: FindingSink, word: string, verbs: RegExp): void {
  for (let at = text.indexOf(word, 3); at !== -1; at = text.indexOf(word, at + word.length)) {
    if (!verbs.test(text.slice(Math.max(0, at - 12), at))) continue;
    HANDLE_AFTER_TO.lastIndex = at + word.length;
    const m = HANDLE_AFTER_TO.exec(text);
    if (m && isLogin(m[1])) addHandle(text, out, HANDLE_AFTER_TO.lastIndex - m[1].length, HANDLE_AFTER_TO.lastIndex);
  }
}

// A login just before a list's comma: "tangmin、tang_min2、陈子豪" read back from the name. Run on a
// short slice, so what stands before the slice is checked in code (NOT_BEFORE_LOGIN).
const LISTED_BEFORE = /(?<![\w.@/-])([a-z][a-z]{0,19}(?:[._-][a-z]{1,20}){0,4}\d{0,4})["']?[ \t]*([,、，])[ \t]*["']?$/;
const LOGIN_SHAPE = /^[a-z][a-z\d._-]*$/;

/**
 * Logins listed beside a login or beside any person after a Chinese list comma: "登录了 jiang_yun、
 * liwei1988 两个账号", "（tangmin、tang_min2、陈子豪）". A list holds one kind of thing, so an item
 * shaped like a name's login there is one. Not beside a name after an English comma: "can't make the
 * demo, Wendell" is a sentence. Logins found where a login stands had the items after them read already.
 */
export function detectLoginsListedWithPersons(text: string, out: FindingSink): void {
  const people = out.filter((f) => f.type === "PERSON");
  const found = new Set(people.map((f) => f.start));
  for (const person of people) {
    const login = LOGIN_SHAPE.test(person.text);
    if (login) addListed(text, out, person.end, false, found);
    else if (text.charCodeAt(person.end) === 0x3001) addListed(text, out, person.end, true, found);
    // Read back only from a login, or from a name right after "、".
    if (!login && text.charCodeAt(person.start - 1) !== 0x3001) continue;
    let start = person.start;
    for (let i = 0; i < MAX_LISTED; i++) {
      const m = LISTED_BEFORE.exec(text.slice(Math.max(0, start - 48), start));
      if (!m || (!login && m[2] !== "、")) break;
      const at = start - m[0].length;
      if (!isLogin(m[1]) || (at > 0 && NOT_BEFORE_LOGIN.test(text[at - 1]))) break;
      if (!found.has(at)) {
        found.add(at);
        addFinding(out, text, "PERSON", at, at + m[1].length, 0.6, "person-handle");
      }
      start = at;
    }
  }
}

// Where a shell or a system writes who is logged in: a prompt ("rnair@bastion-01:~$", "[kpatel@web-02 ~]$"),
// a URL's user before its host ("ssh://mchen@git.example.com"), a Windows domain account ("CORP\\jsmith",
// "ACME\jsmith"), and who one becomes with su ("su - lgarcia").
const SHELL_PROMPT = /(?:^|\n|\[)[ \t]*([a-z][a-z0-9._-]{1,30})@[A-Za-z0-9._-]{1,63}(?::[^\n$#]{0,80}|[ \t]+[^\n$#\]]{0,80}\])[$#](?=[ \t]|$)/gm;
const URL_USER = /:\/\/([a-z][a-z0-9._-]{1,30})@(?=[A-Za-z0-9])/g;
const DOMAIN_ACCOUNT = /(?<![\w\\])[A-Z][A-Z0-9-]{1,14}\\{1,2}([a-z][a-z0-9._-]{1,30})(?![\w\\-])/g;
// su opens a command: at a line's start, after a prompt, a ";", "&&", "|" or sudo (not Spanish "su saldo").
const SU_USER = /(?:^|[;&|$#][ \t]*|sudo[ \t]+)su(?:[ \t]+-l?)?[ \t]+([a-z][a-z0-9._-]{1,30})(?![\w.@-])/gm;
// Accounts that services and teams log in as, in English and in pinyin, however name-like they look.
const SERVICE_ACCOUNTS = new Set([
  "hbase", "hive", "hdfs", "yarn", "mapred", "hadoop", "hue", "ranger", "knox", "oozie", "druid", "flink", "spark", "storm", "kafka",
  "zookeeper", "solr", "sqoop", "airflow", "superset", "presto", "trino", "apache", "nginx", "tomcat", "jboss", "weblogic", "www",
  "postgres", "mysql", "oracle", "redis", "mongo", "mongodb", "rabbitmq", "elastic", "kibana", "grafana", "prometheus", "jenkins",
  "gitlab", "git", "harbor", "ubuntu", "centos", "debian", "admin", "root", "deploy", "deployer", "ansible", "docker", "demo", "test",
  "guest", "user", "dev", "ops", "app", "service", "backup", "nobody", "daemon", "ftp", "mail", "postfix", "operator", "ec2",
  "caiwu", "kefu", "shenji", "jiankong", "guanli", "guanliyuan", "renshi", "xitong", "zhifu", "dingdan", "wuliu", "yunwei", "kaifa",
  "ceshi", "yunying", "shichang", "xiaoshou", "anquan", "shuju", "houtai", "zongjian", "jingli", "zhuguan", "cangku", "peisong",
  "fuwu", "caigou", "jishu", "zhongtai", "qiantai", "fengkong", "hetong", "baobiao",
]);

// One search for what every system login's place holds: an "@", a backslash, or su.
const SYSTEM_LOGIN_MARK = /[@\\]|su /;
const JSON_ESCAPE = /(?<!\\)\\[ntrbfu]/;

function detectSystemLogins(text: string, out: FindingSink): void {
  const patterns: RegExp[] = [];
  if (text.includes("$") || text.includes("#")) patterns.push(SHELL_PROMPT);
  if (text.includes("://")) patterns.push(URL_USER);
  if (text.includes("\\")) patterns.push(DOMAIN_ACCOUNT);
  if (text.includes("su ")) patterns.push(SU_USER);
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (!isLogin(m[1]) || SERVICE_ACCOUNTS.has(m[1].replace(/\d+$/, ""))) continue;
      // "ERROR\nhost unreachable" in JSON: an escape, not a domain's backslash.
      if (pattern === DOMAIN_ACCOUNT && JSON_ESCAPE.test(m[0])) continue;
      const start = m.index + m[0].indexOf(m[1], pattern === SU_USER ? m[0].length - m[1].length : 0);
      addHandle(text, out, start, start + m[1].length);
    }
  }
}

export function detectHandles(text: string, out: FindingSink): void {
  if (text.includes("\n") && text.includes("> ")) detectChatNicks(text, out);
  if (SYSTEM_LOGIN_MARK.test(text)) detectSystemLogins(text, out);
  if (text.includes("\n")) {
    SPEAKER_LOGIN.lastIndex = 0;
    for (let m = SPEAKER_LOGIN.exec(text); m; m = SPEAKER_LOGIN.exec(text)) {
      const start = m.index + m[0].length - m[1].length;
      // A form's "cnic: …" opens its line the same way: a speaker's login is five letters or more.
      if (m[1].length >= 5 && isLogin(m[1])) addFinding(out, text, "PERSON", start, start + m[1].length, 0.6, "person-handle");
    }
  }
  detectGivenTo(text, out, "ed to ", GIVEN_TO_VERB);
  detectGivenTo(text, out, " for ", FOR_WHOM);
  if (text.includes("'") && SQL_IN_GATE.test(text)) detectSqlInLists(text, out);
  if (text.includes("\n") && text.includes("  ")) detectKeyValueRows(text, out);
  // Tried at each line's start only: a search through the whole text cost more than the lines hold.
  for (let lineStart = 0; lineStart !== -1 && lineStart < text.length; ) {
    subjectAt(text, out, lineStart);
    const next = text.indexOf("\n", lineStart);
    lineStart = next === -1 ? -1 : next + 1;
  }
  if (text.includes("@") && REMOTE_COMMANDS.test(text)) {
    REMOTE_USER.lastIndex = 0;
    for (let m = REMOTE_USER.exec(text); m; m = REMOTE_USER.exec(text)) {
      const end = m.index + m[0].length - 1;
      if (isNameHandle(m[1])) addFinding(out, text, "PERSON", end - m[1].length, end, 0.6, "person-handle");
    }
  }
  AFTER_PUNCTUATION.lastIndex = 0;
  for (let m = AFTER_PUNCTUATION.exec(text); m; m = AFTER_PUNCTUATION.exec(text)) {
    const end = m.index + m[0].length;
    const handle = m[2];
    if (m[1] !== undefined) {
      // After a separator, only a person's or a login's key ("owner: …", "user=…"), not "host: …";
      // the login may be the next key itself ("a: b: c"), so the search goes on from it.
      AFTER_PUNCTUATION.lastIndex = end - handle.length;
      if (text[end] === "/" || !isLoginSlot(keyBefore(text, m.index))) continue;
    } else {
      // "@babel/preset-env": a package's scope. After "://" only a URL's user ("https://tkowalski:…@"), not its host.
      if (text[end] === "/" || (m[0].charCodeAt(0) === 58 && text[end] !== ":" && text[end] !== "@")) continue;
      // A signature's dash ends a line: "— nkoh", "-- 小王".
      if (/^(?:—|--|–)/.test(m[0]) && !/^[ \t]*(?:\n|$|\d{4}-\d\d-\d\d)/.test(text.slice(end, end + 14))) continue;
    }
    // Under a person's or a login's key an initial and a surname no list knows is a login too ("owner: h.okonjo").
    if (isLogin(handle) || (m[1] !== undefined && initialAndSurname(handle))) addHandle(text, out, end - handle.length, end);
  }
  AFTER_WORD.lastIndex = 0;
  for (let m = AFTER_WORD.exec(text); m; m = AFTER_WORD.exec(text)) {
    const end = m.index + m[0].length;
    const handle = m[1];
    // Only a merged branch's owner and a home directory's user stand before a "/".
    if (text[end] === "/" && !m[0].startsWith("from") && !/[\/\\]$/.test(m[0].slice(0, -handle.length))) continue;
    if (isLogin(handle)) addHandle(text, out, end - handle.length, end);
  }
}
