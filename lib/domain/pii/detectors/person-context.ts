/**
 * The label before a value, as log lines, YAML, JSON, e-mail headers, git trailers and markdown
 * write it: `reporter=`, `assignee: `, `"requester": "`, `Cc: `, `Signed-off-by: `, `**Name:** `,
 * `收件人：`. A person label makes the value that follows a name far more often than not.
 */

const DISPLAY_NAME_END = /^"?[ \t]*<[^<>\s@]{1,64}@/;

/** "Anna de Vries <anna@…>", "陆家明 <lujiaming@…>": the name shown with an e-mail address, ending at `end`. */
export function isDisplayName(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 34 || c === 32 || c === 60) && DISPLAY_NAME_END.test(text.slice(end, end + 80));
}

/** Names already found by a cue, as the length of each at its start offset; null when none. */
export type CuedLengths = Uint8Array | null;

// Keys compared lower-cased with "-", "_", "." and spaces removed.
const PERSON_KEYS = new Set([
  "name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname", "middlename", "displayname",
  "realname", "legalname", "nickname", "nick", "customer", "customername", "client", "clientname", "contact", "contactname",
  "emergencycontact", "nextofkin", "holder", "cardholder", "cardholdername", "accountholder", "accountname",
  "beneficiary", "beneficiaryname", "payee", "payer", "recipient", "recipientname", "sender", "sendername",
  "from", "to", "cc", "bcc", "replyto", "author", "committer", "reporter", "reportedby", "assignee", "assignedto",
  "owner", "requester", "requestor", "requestedby", "approver", "approvedby", "reviewer", "reviewers", "reviewedby",
  "signedoffby", "coauthoredby", "ackedby", "testedby", "suggestedby", "createdby", "updatedby", "modifiedby",
  "closedby", "resolvedby", "submitter", "submittedby", "user", "employee", "employeename", "manager", "lead",
  "oncall", "backup", "attendee", "attendees", "participant", "participants", "member", "members", "passenger",
  "passengername", "traveler", "traveller", "guest", "guestname", "patient", "patientname", "driver", "courier",
  "applicant", "signatory", "shipto", "billto", "attn", "attention", "mention", "mentions",
  "delegate", "delegates", "speaker", "speakers", "presenter", "host", "organizer", "organiser", "invitee", "invitees",
  "candidate", "student", "teacher", "tutor", "instructor", "tenant", "landlord", "buyer", "seller", "insured",
  "policyholder", "subscriber", "agent", "agentname", "contributor", "contributors", "maintainer", "maintainers",
  "signer", "witness", "guarantor", "nominee", "spouse", "guardian", "doctor", "physician", "nurse", "caregiver",
  "sponsor", "mentor", "buddy", "coordinator", "champion", "interviewer", "interviewee", "respondent",
  // Who did it, in audit logs: "actor": "j.kowalski", "performed_by", "operator".
  "actor", "initiator", "performer", "operator", "handler", "escalatedto", "forwardedto", "delegatedto",
  // Who is told or follows along ("watchers": […], notify: [a, b]), who phoned.
  "watcher", "follower", "notify", "notifyusers", "caller", "callee",
  // `{"first": "Noor", "last": "Khalil"}`: a name's parts under their positions, but "first" and
  // "last" also page ("first": "Page 3"), so their word must be a name.
  "first", "last", "forename", "forenames", "maidenname", "preferredname",
  // `{"given": "Ahmad", "family": "Karimi"}`: a name's parts as a KYC provider names them; "family" is
  // also a font's, so its word too must be a name.
  "given", "family",
]);
// Keys whose value is a person's name or part of one, so a single word there is a name by position.
// Not a bare "name" (products, files and services have one too) nor a display name (often a handle).
const NAME_KEYS = new Set([
  "fullname", "firstname", "lastname", "givenname", "givennames", "familyname", "surname", "middlename", "realname", "legalname",
  "forename", "forenames", "maidenname", "preferredname",
]);

// Chinese keys besides every "…人" (收件人, 审批人, 联系人, 乘机人).
const PERSON_KEYS_ZH = new Set([
  "姓名", "名字", "客户", "客户姓名", "用户", "作者", "抄送", "主送", "经理", "主管", "对接", "司机", "骑手",
  "快递员", "配送员", "乘客", "患者", "病人", "员工", "业主", "租客", "房东", "署名", "成员", "组长", "值班",
  "买家", "卖家", "店主", "会员", "学员", "家长", "老师", "甲方", "乙方", "丙方", "旅客", "住客", "房客", "驾驶员",
  "司机信息", "驾驶员信息", "报修", "寄件", "收货", "户主", "户名", "对方户名", "开户名", "账户名", "收款户名", "家庭成员",
  // Who handled, approved or travelled: 坐席, 处理人员, 审批, 配偶, 同行.
  "坐席", "处理人员", "處理人員", "审批", "審批", "配偶", "同行", "陪同", "客服专员", "对接人员",
  // Meeting minutes: who attended, chaired, took notes, was absent.
  "参会", "出席", "与会", "列席", "缺席", "参会人员", "出席人员", "与会人员", "主持", "记录",
  // A foreigner's names as a KYC form gives them.
  "中文名", "中文姓名", "英文名",
  // The two sides of a marriage or a couple's loan: 男方 胡建军，女方 向海燕.
  "男方", "女方", "新郎", "新娘",
]);

const MAX_KEY = 30;

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || (c >= 0x4e00 && c <= 0x9fff);
}

/** Quotes, markdown bold and list brackets that may stand between a separator and its value. */
function isOpener(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39 || c === 42 || c === 91 || c === 40 || c === 92;
}

function isKeyQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 42 || c === 32 || c === 92;
}

/** No person label before a value. */
export const NO_LABEL = 0;
/** A label that usually holds a person ("reporter=", "收件人："). */
export const PERSON_LABEL = 1;
/** A label whose value is a name or part of one ("surname:", "given_name="): one word is enough. */
export const NAME_LABEL = 2;

/**
 * Which label the value starting at `start` follows: NO_LABEL, PERSON_LABEL or NAME_LABEL. Reads
 * backwards over a few openers, one separator (":", "=", "：") and the key (and the word before a
 * "list" key), so its cost is bounded by MAX_KEY.
 */
export function personLabel(text: string, start: number): number {
  let i = start - 1;
  const floor = Math.max(0, start - 8);
  while (i >= floor && isOpener(text.charCodeAt(i))) i--;
  if (i < 0) return NO_LABEL;
  const separator = text.charCodeAt(i);
  // "对接人 钱多多", "中文名 爱莎": a Chinese person key, then one space; not a table's header row
  // ("审批人\t金额"), nor a sentence going on with a time ("值班 周一 …").
  if (i === start - 2 && isHanCode(separator) && text.charCodeAt(i + 1) === 32 && !TIME_OPENERS.has(text.charCodeAt(start)) && chineseKeyBefore(text, i + 1)) return PERSON_LABEL;
  if (separator !== 58 && separator !== 61 && separator !== 0xff1a) {
    // 名字是单于天明, 收件人写的是章子萱, 联系人为王伟: a Chinese person key, then "is".
    if (separator === 0x662f || separator === 0x4e3a || separator === 0x53eb) return chineseKeyBefore(text, i) ? PERSON_LABEL : NO_LABEL;
    // "@李明", "@Anna": a mention names someone.
    if (separator === 64) return i === start - 1 ? PERSON_LABEL : NO_LABEL;
    // `contact "Grant Young"`, `customer 'Ana Lima'`: a person key, a blank and a quoted value.
    const quote = text.charCodeAt(start - 1);
    if ((quote !== 34 && quote !== 39) || !isBlankCode(text.charCodeAt(start - 2))) return NO_LABEL;
    return quotedAfterKey(text, start - 2) ? PERSON_LABEL : NO_LABEL;
  }
  i--;
  const keyFloor = Math.max(0, i - MAX_KEY - 4);
  // `"owner":`, `**Owner:**`, Python's `'last_name':`, and JSON inside a JSON string (`{\"holder\":`).
  while (i >= keyFloor && isKeyQuote(text.charCodeAt(i))) i--;
  // "甲方（出租人）：", "Contact (primary):": the role in brackets, or the key before them.
  const close = text.charCodeAt(i);
  if (close === 0xff09 || close === 41) {
    const open = text.lastIndexOf(close === 41 ? "(" : "（", i);
    if (open >= keyFloor && open > i - 12 && isPersonKey(text.slice(open + 1, i))) return PERSON_LABEL;
    if (open >= keyFloor && open > i - 12) i = open - 1;
  }
  const end = i + 1;
  while (i >= keyFloor && isKeyChar(text.charCodeAt(i))) i--;
  if (end - i - 1 < 1 || end - i - 1 > MAX_KEY) return NO_LABEL;
  // "Signed-off-by" is one key; "the owner" is not a label, so a key must start a field.
  const before = i >= 0 ? text.charCodeAt(i) : 10;
  if ((before >= 97 && before <= 122) || (before >= 65 && before <= 90)) return NO_LABEL;
  const key = text.slice(i + 1, end);
  // "Approved by:", "Escalated to:": who did it, or to whom, written as two words.
  if (before === 32 && (key === "by" || key === "By") && /(?:ed|en)$/i.test(wordEndingAt(text, i))) return PERSON_LABEL;
  // "Contact 1:", "Guest #2:", "Driver 2 =": a person key numbered in a form.
  if (/^#?\d{1,2}$/.test(key) && (before === 32 || before === 35)) {
    const word = wordEndingAt(text, before === 35 && text.charCodeAt(i - 1) === 32 ? i - 1 : i);
    if (word !== "" && isPersonKey(word)) return PERSON_LABEL;
  }
  // "Given names:", "First name =", "Family name:": a name-part key written as two words.
  if (before === 32 && /^names?$/i.test(key) && isNameKey(`${wordEndingAt(text, i)}name`)) return NAME_LABEL;
  if (isPersonKey(key)) return isNameKey(key) ? NAME_LABEL : PERSON_LABEL;
  if (before !== 32) return NO_LABEL;
  // "Guest list:", "Attendee names:": a list of people.
  if (/^(?:list|names)$/i.test(key)) return isPersonKey(wordEndingAt(text, i)) ? PERSON_LABEL : NO_LABEL;
  // "Name on account:", "name on the card =": a name of something a person holds.
  return NAME_ON.test(text.slice(Math.max(0, i - 16), i + 1)) ? PERSON_LABEL : NO_LABEL;
}

export function hasPersonLabel(text: string, start: number): boolean {
  return personLabel(text, start) !== NO_LABEL;
}

// What may stand between a key and its "is": 收件人写的是, 姓名填的是, 联系人就是.
const KEY_TO_VERB = /(?:写的|填的|留的|登记的|就|应该)$/;

/** Whether a Chinese person key (two to four characters) ends just before the verb at `verb`, maybe with 写的 between. */
function chineseKeyBefore(text: string, verb: number): boolean {
  let end = verb;
  const between = KEY_TO_VERB.exec(text.slice(Math.max(0, verb - 3), verb));
  if (between) end -= between[0].length;
  for (let length = 2; length <= 4; length++) {
    const start = end - length;
    if (start < 0 || !isHanCode(text.charCodeAt(start))) return false;
    if (isPersonKey(text.slice(start, end))) return true;
  }
  return false;
}

const isHanCode = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/** The ASCII word that ends just before the blank at `blank`, or "". */
function wordEndingAt(text: string, blank: number): string {
  let i = blank - 1;
  while (i >= 0 && blank - i <= 16 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) i--;
  return text.slice(i + 1, blank);
}

const NAME_ON = /(?:^|[^A-Za-z])name (?:on|of) (?:the |this |your )?$/i;
// Keys that name a person without a separator before a quoted value; not "from", "to", "cc".
const BARE_KEYS = new Set(["customer", "client", "contact", "user", "employee", "patient", "guest", "passenger", "applicant", "recipient", "payee", "owner", "author", "reporter", "assignee", "member"]);
const isBlankCode = (c: number) => c === 32 || c === 9;
const TIME_OPENERS = new Set([..."周星今明昨上下早晚本每"].map((c) => c.charCodeAt(0)));

/** Whether the word ending at `at` (blanks after it) is a bare person key. */
function quotedAfterKey(text: string, at: number): boolean {
  let i = at;
  while (i >= 0 && isBlankCode(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && end - i <= 12 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) i--;
  if (i >= 0 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) return false;
  return BARE_KEYS.has(text.slice(i + 1, end).toLowerCase());
}

// "user_display_name", "billing_full_name", "contact.first_name", "given_names": a qualified name key.
const NAME_KEY_SUFFIX = /(?:fullname|displayname|firstname|lastname|givenname|familyname|realname|legalname|surname)s?$/;
// "opened_by", "raised_by", "written_by": who did something.
const DONE_BY = /^[a-z]{2,}(?:ed|en)by$/;

const compactKey = (key: string) => key.toLowerCase().replace(/[-_. ]/g, "");

export function isPersonKey(key: string): boolean {
  const last = key.charCodeAt(key.length - 1);
  if (last >= 0x4e00 && last <= 0x9fff) return last === 0x4eba || PERSON_KEYS_ZH.has(key); // 人
  const compact = compactKey(key);
  // "interviewers", "approvers": a list of the people one key names.
  if (PERSON_KEYS.has(compact) || NAME_KEY_SUFFIX.test(compact) || DONE_BY.test(compact) || (compact.endsWith("s") && PERSON_KEYS.has(compact.slice(0, -1)))) return true;
  // "Co-applicant", "co_owner", "Joint holder", "second_driver": another person in the same role.
  const role = JOINT_ROLE.exec(compact);
  return role !== null && PERSON_KEYS.has(role[1]);
}

const JOINT_ROLE = /^(?:co|joint|second|secondary|additional|other|alternate|alt)(\p{Ll}{3,})$/u;

/** Whether a person key holds a person's name or part of one ("surname", "billing_first_name"; not "owner"). */
export function isNameKey(key: string): boolean {
  const compact = compactKey(key);
  return NAME_KEYS.has(compact) || (NAME_KEY_SUFFIX.test(compact) && !compact.endsWith("displayname"));
}
