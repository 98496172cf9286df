/**
 * The label before a value, as log lines, YAML, JSON, e-mail headers, git trailers and markdown
 * write it: `reporter=`, `assignee: `, `"requester": "`, `Cc: `, `Signed-off-by: `, `**Name:** `,
 * `收件人：`. A person label makes the value that follows a name far more often than not.
 */

/** Names already found by a cue, as the length of each at its start offset; null when none. */
export type CuedLengths = Uint8Array | null;

// Keys compared lower-cased with "-", "_", "." and spaces removed.
const PERSON_KEYS = new Set([
  "name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname", "middlename", "displayname",
  "realname", "legalname", "nickname", "customer", "customername", "client", "clientname", "contact", "contactname",
  "emergencycontact", "nextofkin", "holder", "cardholder", "cardholdername", "accountholder", "accountname",
  "beneficiary", "beneficiaryname", "payee", "payer", "recipient", "recipientname", "sender", "sendername",
  "from", "to", "cc", "bcc", "replyto", "author", "committer", "reporter", "reportedby", "assignee", "assignedto",
  "owner", "requester", "requestor", "requestedby", "approver", "approvedby", "reviewer", "reviewers", "reviewedby",
  "signedoffby", "coauthoredby", "ackedby", "testedby", "suggestedby", "createdby", "updatedby", "modifiedby",
  "closedby", "resolvedby", "submitter", "submittedby", "user", "employee", "employeename", "manager", "lead",
  "oncall", "backup", "attendee", "attendees", "participant", "participants", "member", "members", "passenger",
  "passengername", "traveler", "traveller", "guest", "guestname", "patient", "patientname", "driver", "courier",
  "applicant", "signatory", "shipto", "billto", "attn", "attention", "mention", "mentions",
]);

// Chinese keys besides every "…人" (收件人, 审批人, 联系人, 乘机人).
const PERSON_KEYS_ZH = new Set([
  "姓名", "名字", "客户", "客户姓名", "用户", "作者", "抄送", "主送", "经理", "主管", "对接", "司机", "骑手",
  "快递员", "配送员", "乘客", "患者", "病人", "员工", "业主", "租客", "房东", "署名", "成员", "组长", "值班",
  "买家", "卖家", "店主", "会员", "学员", "家长", "老师",
]);

const MAX_KEY = 30;

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || (c >= 0x4e00 && c <= 0x9fff);
}

/** Quotes, markdown bold and list brackets that may stand between a separator and its value. */
function isOpener(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39 || c === 42 || c === 91 || c === 40;
}

/**
 * Whether the value starting at `start` follows a person label. Reads backwards over a few
 * openers, one separator (":", "=", "：") and the key, so its cost is bounded by MAX_KEY.
 */
export function hasPersonLabel(text: string, start: number): boolean {
  let i = start - 1;
  const floor = Math.max(0, start - 8);
  while (i >= floor && isOpener(text.charCodeAt(i))) i--;
  if (i < 0) return false;
  const separator = text.charCodeAt(i);
  if (separator !== 58 && separator !== 61 && separator !== 0xff1a) {
    // "@李明", "@Anna": a mention names someone.
    if (separator === 64) return i === start - 1;
    // `contact "Grant Young"`, `customer 'Ana Lima'`: a person key, a blank and a quoted value.
    const quote = text.charCodeAt(start - 1);
    if ((quote !== 34 && quote !== 39) || !isBlankCode(text.charCodeAt(start - 2))) return false;
    return quotedAfterKey(text, start - 2);
  }
  i--;
  const keyFloor = Math.max(0, i - MAX_KEY - 4);
  while (i >= keyFloor && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 42 || text.charCodeAt(i) === 32)) i--;
  const end = i + 1;
  while (i >= keyFloor && isKeyChar(text.charCodeAt(i))) i--;
  if (end - i - 1 < 1 || end - i - 1 > MAX_KEY) return false;
  // "Signed-off-by" is one key; "the owner" is not a label, so a key must start a field.
  const before = i >= 0 ? text.charCodeAt(i) : 10;
  if ((before >= 97 && before <= 122) || (before >= 65 && before <= 90)) return false;
  const key = text.slice(i + 1, end);
  if (isPersonKey(key)) return true;
  // "Name on account:", "name on the card =": a name of something a person holds.
  return before === 32 && NAME_ON.test(text.slice(Math.max(0, i - 16), i + 1));
}

const NAME_ON = /(?:^|[^A-Za-z])name (?:on|of) (?:the |this |your )?$/i;
// Keys that name a person without a separator before a quoted value; not "from", "to", "cc".
const BARE_KEYS = new Set(["customer", "client", "contact", "user", "employee", "patient", "guest", "passenger", "applicant", "recipient", "payee", "owner", "author", "reporter", "assignee", "member"]);
const isBlankCode = (c: number) => c === 32 || c === 9;

/** Whether the word ending at `at` (blanks after it) is a bare person key. */
function quotedAfterKey(text: string, at: number): boolean {
  let i = at;
  while (i >= 0 && isBlankCode(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && end - i <= 12 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) i--;
  if (i >= 0 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) return false;
  return BARE_KEYS.has(text.slice(i + 1, end).toLowerCase());
}

// "user_display_name", "billing_full_name", "contact.first_name": a qualified name key.
const NAME_KEY_SUFFIX = /(?:fullname|displayname|firstname|lastname|givenname|familyname|realname|legalname|surname)$/;

export function isPersonKey(key: string): boolean {
  const last = key.charCodeAt(key.length - 1);
  if (last >= 0x4e00 && last <= 0x9fff) return last === 0x4eba || PERSON_KEYS_ZH.has(key); // 人
  const compact = key.toLowerCase().replace(/[-_. ]/g, "");
  return PERSON_KEYS.has(compact) || NAME_KEY_SUFFIX.test(compact);
}
