/**
 * Chinese names without a cue word: a surname (欧阳 and the other compound ones included) and one or
 * two given characters, scored by how typical of given names those characters are (from the jieba
 * dictionary's person entries) and by what stands around them: a label (收件人：), a word people
 * follow (提醒, 由, 客户), a verb people do (说, 反馈, 已经), or the edges of a field. Ordinary
 * words that start with a surname (高铁, 黄金, 许可证) are left alone. One pass over the text,
 * a bounded amount of work per surname character.
 */
import * as gazetteer from "../names/gazetteer";
import * as context from "./context";
import type { FindingSink } from "./context";
import type { PiiFinding } from "../types";
import * as personContext from "./person-context";
import type { CuedLengths } from "./person-context";

// Local bindings: test runners and bundlers export through getters, which this loop would
// otherwise call for every character (measured: three times slower).
const { givenLevel, hanKey, hanKeys, isFunctionWord, isGivenWord, isHan, isOrdinaryChinese, surnameBits, surnameLength } = gazetteer;
const { addFinding } = context;
const { hasPersonLabel, isDisplayName, isPersonKey } = personContext;

// What a single character says around a name, one byte per CJK code point (a lookup is an index).
const STOP = 1;
const BEFORE_PERSON = 2;
const AFTER_PERSON = 4;
const roles = new Uint8Array(0x9fff - 0x4e00 + 1);
const mark = (chars: string, role: number) => {
  for (const c of chars) roles[c.charCodeAt(0) - 0x4e00] |= role;
};
const role = (code: number) => (isHan(code) ? roles[code - 0x4e00] : 0);
// Characters that end a name: verbs, particles and pronouns that follow one in a sentence.
mark("是想要的在了和与跟请今昨已需买订退来去说问给从住电手联身出邮打发用现刚也还就都会能可不没有被把对向到先您你我他她它们这那个吗呢吧啊呀哦嗯为因所但而及或于年月日号等帮替", STOP);
// Words right before a person ("提醒朱玉婷", "由郭静", "客户王秀英"): two characters, or one.
const LEFT_WORDS = hanKeys([
  "提醒", "通知", "联系", "转给", "交给", "发给", "告诉", "感谢", "谢谢", "客户", "用户", "财务", "同事", "会计",
  "主管", "司机", "骑手", "师傅", "抄送", "麻烦", "辛苦", "恭喜", "问问", "客服", "店长", "导购", "护士", "医生",
  "坐席", "配偶", "同行", "审批", "陪同",
  // A greeting, and roles that stand right before a name ("您好曹宇", "客户经理周洁", "联系店主许芳").
  "您好", "你好", "经理", "店主", "老师", "律师", "专员", "房东", "业主", "组长", "总监", "助理", "顾问", "出纳",
  "秘书", "老板", "店员", "快递",
  // Parties and roles of a case, a loan or a hiring, by their last two characters: 买家/卖家,
  // 候选人, 推荐人, 借款人, 负责人, 经办人, 审批人, 担保人/投保人, 受益人, 承租人, 面试官.
  "买家", "卖家", "选人", "荐人", "款人", "责人", "办人", "批人", "保人", "益人", "租人", "试官",
  // Kin: "我爸朱建华", "老婆陈静".
  "我爸", "我妈", "爸爸", "妈妈", "父亲", "母亲", "老公", "老婆", "丈夫", "妻子", "儿子", "女儿", "哥哥", "姐姐",
  "弟弟", "妹妹", "爷爷", "奶奶", "外婆", "外公",
]);
mark("找由跟和与及请让叫给问被向帮替等", BEFORE_PERSON);
// A department or a role just before a name: "财务部徐丽", "项目组何静", "快递员吴昊".
mark("部组员", BEFORE_PERSON);
// Words right after a person ("张伟说", "刘洋已经", "郭静转交").
const RIGHT_WORDS = hanKeys([
  "反馈", "反映", "表示", "打来", "来电", "确认", "同意", "负责", "提交", "已经", "在群", "处理", "审核", "回复",
  "报修", "申请", "要求", "投诉", "签收", "联系", "通知", "告诉", "发现", "觉得", "认为", "希望", "收到", "转交",
  "转给", "打电", "的订", "的账", "的手", "的快", "的耐", "的护", "的身", "的银", "明天", "今天", "昨天", "下午", "上午",
  // "是端木子轩本人吗", "朱建华名下的保单", "由方嘉诚主讲", "马骁撤回了一条消息".
  "本人", "名下", "主讲", "主持", "撤回", "发言", "签字", "签名", "态度",
  "提出", "拍板", "派送", "请假", "你好", "您好", "打来", "来电",
]);
// What only a person does or is greeted with: enough to make a name of a word (洪亮打电话说,
// 常乐回复, 安琪你好). Not 反馈 or 确认, which also end nouns (安全反馈).
const SELF = hanKey("本人", 0, 2);
/** "曹建国本人": 本人 right after the span, which does not end in 人 (投保人本人 is a role's). */
const beforeSelf = (text: string, end: number) => hanKey(text, end, 2) === SELF && text.charCodeAt(end - 1) !== 0x4eba;
const PERSON_ONLY_AFTER = hanKeys(["打电", "打来", "来电", "回复", "你好", "您好", "请假", "说过", "签收", "本人"]);
// Characters that count things after a number: "3 楼大会议室", "三号楼", "五层".
const NUMERALS = new Set([..."0123456789一二三四五六七八九十百千两几"].map((c) => c.charCodeAt(0)));
mark("说称讲问", AFTER_PERSON);

/** Whether the Chinese word ending at `end` is one that comes before a person (also before "Anna Smith"). */
export const personBefore = (text: string, end: number) =>
  (role(text.charCodeAt(end - 1)) & BEFORE_PERSON) !== 0 || LEFT_WORDS.has(hanKey(text, end - 2, 2));

/** Whether the Chinese word starting at `start` is a verb people do ("Zhang Wei 反馈"). */
export const personAfter = (text: string, start: number) =>
  (role(text.charCodeAt(start)) & AFTER_PERSON) !== 0 || RIGHT_WORDS.has(hanKey(text, start, 2));

const LATIN_BEFORE = /(?:^|[^A-Za-z])(?:hi|hey|hello|dear|thanks|thank you|thx|cc|ping|ask|by|and|with|to)$/i;

/** Left context of a name starting at `start`; NO_NAME when it cannot start one ("3 楼大"). */
const NO_NAME = -1;

const WEEKDAY_BEFORE = new Set([..."周期拜"].map((c) => c.charCodeAt(0)));

/** Whether the digit at `at` ends a token with letters in it ("v2", "build42"): an identifier, not a count of things. */
function endsIdentifier(text: string, at: number): boolean {
  for (let i = at; i >= 0 && at - i < 32; i--) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
    if (!((code >= 48 && code <= 57) || code === 46 || code === 45 || code === 95)) return false;
  }
  return false;
}

function leftContext(text: string, start: number): number {
  // "最后冯子轩", "刚才李娜", "周一武思远": a time word, an adverb or a pronoun ends right before the name.
  if (isFunctionWord(text, start - 2)) return 0;
  let n = start - 1;
  while (n >= 0 && (text.charCodeAt(n) === 32 || text.charCodeAt(n) === 9)) n--;
  // "周一 贺子豪", "星期三 段雨欣": a weekday, not a count of things.
  if (n >= 0 && NUMERALS.has(text.charCodeAt(n)) && !endsIdentifier(text, n) && !WEEKDAY_BEFORE.has(text.charCodeAt(n - 1))) return NO_NAME;
  const before = start > 0 ? text.charCodeAt(start - 1) : 10;
  if (!isHan(before)) {
    // "用户 罗一鸣": a person word, then a blank.
    let i = start - 1;
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    if (i < start - 1 && i >= 1 && personBefore(text, i + 1)) return 0.15;
    // "hi 程思远", "Thanks 曾雅婷", "cc 王磊": a Latin greeting or address word, then a blank.
    if (i < start - 1 && i >= 1 && LATIN_BEFORE.test(text.slice(Math.max(0, i - 8), i + 1))) return 0.15;
    // "[钉钉群] 马骁：", "马骁: 发错群了": a chat line's speaker.
    if (i < 0 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 93 || text.charCodeAt(i) === 0x3011) {
      const after = text.charCodeAt(start + 3) === 0xff1a || text.charCodeAt(start + 3) === 58 ? 3 : text.charCodeAt(start + 2) === 0xff1a || text.charCodeAt(start + 2) === 58 ? 2 : 0;
      if (after > 0) return 0.2;
    }
    // "——何静", a signature's dash; else the start of a field or of a line.
    return before === 0x2014 || before === 0x2013 ? 0.15 : 0.1;
  }
  if (personBefore(text, start)) return 0.15;
  // Inside a run of Han characters with nothing that announces a person: most likely a word, so
  // even two typical given characters need a verb after them.
  return -0.15;
}

function rightContext(text: string, end: number): number {
  const after = text.charCodeAt(end);
  if (!isHan(after)) return isDisplayName(text, end) ? 0.35 : 0.1;
  if (personAfter(text, end)) return 0.15;
  return role(after) & STOP ? 0.1 : 0;
}

const isGiven = (code: number) => isHan(code) && (role(code) & STOP) === 0;

/** The given name's length after a surname ending at `at`: two characters when the second one is typical of names. */
function givenLength(text: string, at: number, labelled: boolean): number {
  const c1 = text.charCodeAt(at);
  // After a label the field's edge ends the name, so characters that end names in a sentence
  // (可 in 胡可欣, 会 in 李会玲) are given names there.
  if (labelled && isHan(c1)) {
    if (!isHan(text.charCodeAt(at + 1))) return 1;
    if (!isHan(text.charCodeAt(at + 2))) return 2;
  }
  if (!isGiven(c1)) return 0;
  const c2 = text.charCodeAt(at + 1);
  // "桂英阿姨": a kin word or a title starts after one character.
  if (!isGiven(c2) || KIN_TITLE_AFTER.has(hanKey(text, at + 1, 2))) return 1;
  const after = text.charCodeAt(at + 2);
  const fieldEnds = !isHan(after);
  if (labelled && fieldEnds) return 2;
  const level2 = givenLevel(c2);
  if (level2 >= 2) return 2;
  if (level2 === 1 && (fieldEnds || role(after) & STOP)) return 2;
  return 1;
}

interface Candidate {
  end: number;
  score: number;
}

// The most the words around a name can add: a person word before it and a verb after it.
const MAX_CONTEXT = 0.35;

/** Whether a person's name can stand before and after the span: a field's or a sentence's start (or a time word, a person word), and a verb only people do. */
function personSlot(text: string, start: number, end: number): boolean {
  // "高飞：我的支付密码是…" in a chat of several speakers' lines.
  if (chatSpeaker(text, start, end)) return true;
  // "交给安然，", "问问明轩，": a verb of telling or handing to someone, and the name ends the clause.
  if ((TELL_WORDS.has(hanKey(text, start - 2, 2)) || HAND_TO.has(text.charCodeAt(start - 1))) && CLAUSE_AFTER.has(text.charCodeAt(end))) return true;
  // "您是常青本人吗": no word is anyone's own self, so a word that is a name counts here too.
  if (asksFor(text, start, end) && (text.charCodeAt(end) === 0x672c || !isOrdinaryChinese(text, start, end - start === 2 ? 2 : 3))) return true;
  // "海燕，你帮我…": the person spoken to, opening a line or a sentence.
  if (VOCATIVE_AFTER.test(text.slice(end, end + 3)) && opensClause(text, start)) return true;
  if (!PERSON_ONLY_AFTER.has(hanKey(text, end, 2)) && !saysAt(text, end)) return false;
  // "需要曹建国本人携带身份证": only a person has an own self, whatever stands before the name.
  return leftContext(text, start) >= 0 || (beforeSelf(text, end) && end - start >= 3);
}

const TELL_WORDS = hanKeys(["通知", "提醒", "告诉", "转给", "交给", "发给", "问问", "感谢", "谢谢", "恭喜", "辛苦", "抄送", "交接"]);
const HAND_TO = new Set([..."给找问"].map((c) => c.charCodeAt(0)));
const CLAUSE_AFTER = new Set([..."，,。！!？?；;\n"].map((c) => c.charCodeAt(0)));

/** "请问是慕容雪吗？", "是武欣吗", "您是常青本人吗": who a caller or a courier asks for. */
const asksFor = (text: string, start: number, end: number) =>
  text.charCodeAt(start - 1) === 0x662f && (text.charCodeAt(end) === 0x5417 || (text.charCodeAt(end) === 0x672c && text.charCodeAt(end + 1) === 0x4eba)); // 是 … 吗, 是 … 本人

// 说 as a verb: not 说明, 说法, 说服 or 说不定.
const NOT_SAYS = new Set([..."明法服不"].map((c) => c.charCodeAt(0)));
const saysAt = (text: string, at: number) => text.charCodeAt(at) === 0x8bf4 && !NOT_SAYS.has(text.charCodeAt(at + 1));

const VOCATIVE_AFTER = /^[，,][ \t]?(?:你|您|帮|麻烦|请|辛苦|明早|明天|今晚|今天|上午|下午|晚上)/;
const CLAUSE_END = new Set([..."\n。！？!?；;：:】]“「『"].map((c) => c.charCodeAt(0)));

/** Whether `start` opens the text, a line or a sentence. */
function opensClause(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < 0 || CLAUSE_END.has(text.charCodeAt(i));
}

/**
 * The name starting at `start`, or null. `labelled`: after a person label or in a list that
 * follows one; `direct`: right after the label, where a surname that is mostly a word counts too
 * (乘车人：白雪, but not the "车次" after it).
 */
function candidate(text: string, start: number, labelled: boolean, direct: boolean, minScore: number): Candidate | null {
  const surname = surnameLength(text, start, true);
  if (surname === 0) return null;
  // "周二乔安", "周末陈静": a time word whose second character is no given name when a name starts after it.
  if (isFunctionWord(text, start) && surnameBits(text.charCodeAt(start + 2)) !== 0) return null;
  const given = givenLength(text, start + surname, labelled);
  if (given === 0) return null;
  const end = start + surname + given;
  // "请师傅帮忙", "请老师确认": a person's role, not a surname and a given name.
  if (end - start === 2 && !labelled && (LEFT_WORDS.has(hanKey(text, start, 2)) || PEOPLE_WORDS.has(hanKey(text, start, 2)))) return null;
  const first = givenLevel(text.charCodeAt(start + surname));
  const levels = given === 1 ? first * 1.5 : first + givenLevel(text.charCodeAt(end - 1));
  const fieldEnds = !isHan(text.charCodeAt(end));
  // "合同走皇甫明轩审批": a two-character surname that is no word (皇甫, 慕容, 尉迟; not 东方) names a person wherever it stands.
  // Not a place named after one (欧阳路, 诸葛八卦村), nor a word that starts inside it (上官网: 官网, 司马台长: 台长).
  const compound =
    surname === 2 && !WORDY_COMPOUNDS.has(hanKey(text, start, 2)) && levels >= 2 && !PLACE_AFTER.has(text.charCodeAt(end)) && !PLACE_WORDS_AFTER.has(hanKey(text, end, 2)) && !PLACE_AFTER.has(text.charCodeAt(end - 1)) &&
    !isOrdinaryChinese(text, start + 1, 2) && !isOrdinaryChinese(text, start + 2, 2);
  // A person's slot on both sides (洪亮打电话说, 安然回复) makes do with any given name.
  if (!compound && (labelled ? levels < 1 && !fieldEnds : (levels < 2 || 0.1 * levels + MAX_CONTEXT < minScore) && !personSlot(text, start, end))) return null;
  const left = labelled ? 0 : leftContext(text, start);
  if (left === NO_NAME) return null;
  let score = labelled ? (fieldEnds ? 0.8 : 0.65) : 0.1 * levels + left + rightContext(text, end);
  // "是吴光明的 Visa", "打我爱人王建国的电话": a full name of typical characters, then 的, is someone's.
  if (!labelled && surname === 1 && given === 2 && levels >= 4 && text.charCodeAt(end) === 0x7684 && !isFunctionWord(text, start + 1) && !PEOPLE_WORDS.has(hanKey(text, start + 1, 2)) && !BRAND_ENDS.has(text.charCodeAt(end - 1))) score += 0.15;
  // Surnames that start more words than names (高, 常, 安) and names that are words (洪亮, 陶然):
  // a label and a field of their own, or a person's slot on both sides.
  const labelOnly = surnameLength(text, start, false) === 0;
  const ordinary = isOrdinaryChinese(text, start, end - start === 2 ? 2 : 3);
  // In a list after a label, a surname that is mostly a word needs a typical given name (文静怡, not 车次).
  if (direct || (labelled && (!labelOnly || levels >= 2))) {
    if (ordinary && !fieldEnds) return null;
  } else if (labelOnly || ordinary) {
    if (!personSlot(text, start, end)) return null;
    score = Math.max(score, 0.55);
  } else if (given === 2 && surname === 1 && givenLevel(text.charCodeAt(end - 1)) < 3 && isOrdinaryChinese(text, start, 2)) {
    // "黄金会员" starts with 黄金; "叶子涵" starts with 叶子 but 涵 is a name's character; "范文强昨天说"
    // has a person's verb after it.
    if (labelled || left < 0 || rightContext(text, end) < 0.15) return null;
  }
  // "需要曹建国本人携带身份证": only a person has an own self.
  // Not a role ending in 人 (投保人本人, 持卡人本人).
  // And only a full name: a surname that is mostly one and two given characters, or a given character
  // typical of names (车主本人, 房客本人 are roles).
  const self = beforeSelf(text, end) && !labelOnly && (end - start >= 3 || givenLevel(text.charCodeAt(end - 1)) >= 3);
  if ((asksFor(text, start, end) || compound || self) && !ordinary) score = Math.max(score, 0.6);
  if (score < minScore) return null;
  return { end, score };
}

// Surnames whose doubling is an everyday word: 谢谢, 常常, 白白, 万万, 明明, 时时, 刚刚, 偏偏, 渐渐, 往往, 仅仅, 好好, 天天.
const DOUBLED_WORDS = new Set([..."谢常白万明时刚偏渐往仅好天"].map((c) => c.charCodeAt(0)));
const WORDY_COMPOUNDS = hanKeys(["东方", "西门", "单于", "南宫", "司空", "乐正"]);
const PLACE_WORDS_AFTER = hanKeys(["水库", "大道", "大街", "大桥", "大厦", "广场", "公园", "故居", "纪念", "景区", "小区", "中学", "小学", "大学", "医院"]);
const PLACE_AFTER = new Set([..."路街村镇县区巷桥站城山湖江港园寺庙里台"].map((c) => c.charCodeAt(0)));

// "2. 林国庆 350203200001243343 原因：…": the name a resident ID is written after is its holder's, even a
// name that is also a word. The name stands alone before it (a line's start, a list's number or
// punctuation before it) and starts with a surname.
const NAME_BEFORE_ID = /(?:^|[\s\d.、:：,，;；|(（【\]])([\u4e00-\u9fff]{2,4})[ \t]*[:：,，]?[ \t]*$/;

/** Holders' names before the resident IDs found (called once the scan has found one). */
export function detectNamesBeforeIds(text: string, found: PiiFinding[]): void {
  // A bounded number of IDs per text: each looks through the findings (a CSV of IDs would be quadratic).
  const ids = found.filter((f) => f.type === "CN_RESIDENT_ID").slice(0, MAX_IDS_NAMED);
  for (const id of ids) {
    const m = NAME_BEFORE_ID.exec(text.slice(Math.max(0, id.start - 16), id.start));
    if (!m) continue;
    const start = id.start - m[0].length + m[0].indexOf(m[1]);
    const end = start + m[1].length;
    const surname = surnameLength(text, start, true);
    // Four characters only after a compound surname (慕容复兴); the given name's characters must be a name's.
    if (surname === 0 || (m[1].length === 4 && surname !== 2) || m[1].length - surname > 2) continue;
    let given = true;
    for (let k = start + surname; k < end; k++) if (givenLevel(text.charCodeAt(k)) < 2) given = false;
    if (!given || isPersonKey(m[1]) || ID_LABEL_WORDS.test(m[1])) continue;
    if (isOrdinaryChinese(text, start, 2) || (m[1].length >= 3 && isOrdinaryChinese(text, start, 3)) || (m[1].length >= 3 && isOrdinaryChinese(text, end - 2, 2))) continue;
    if (found.some((f) => f.start < end && start < f.end)) continue;
    addFinding(found, text, "PERSON", start, end, 0.7, "person-zh-id");
  }
}

const MAX_IDS_NAMED = 256;
// Words of a form or a report before an ID: 证件, 号码, 单号, 结果, 地区, 名单, 数据, 联系, 校验.
const ID_LABEL_WORDS = /证件|号码|单号|结果|地区|名单|数据|联系|校验|区$|市$|码$/;

// Characters firms' names end with (金山云, 任天堂, 万达城, 百度网): no one's name before 的.
const BRAND_ENDS = new Set([..."云堂城网宝通达科"].map((c) => c.charCodeAt(0)));

// A chat export's line: a date and a time, then the speaker and a colon ("2026-12-01 15:02 胡建国：…").
const STAMP = String.raw`(?:^|\n)[ \t]*\[?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]?)?\d{1,2}:\d\d(?::\d\d)?\]?[ \t]+`;
const STAMP_BEFORE = new RegExp(`${STAMP}$`);

/**
 * Whether a full name (a surname and two name characters, no word) at `start` is a chat line's
 * speaker after its time stamp, in a text with two such lines or more ("10:00 任务：备份" is a field).
 */
function stampedSpeaker(text: string, start: number): boolean {
  const colon = text.charCodeAt(start + 3);
  if ((colon !== 0xff1a && colon !== 58) || surnameBits(text.charCodeAt(start)) === 0) return false;
  if (givenLevel(text.charCodeAt(start + 1)) < 2 || givenLevel(text.charCodeAt(start + 2)) < 2) return false;
  if (isOrdinaryChinese(text, start, 3) || isOrdinaryChinese(text, start, 2) || isOrdinaryChinese(text, start + 1, 2)) return false;
  return STAMP_BEFORE.test(text.slice(Math.max(0, start - 32), start)) && stampedLinesOf(text) >= 2;
}

const STAMPED_LINE = new RegExp(String.raw`${STAMP}[\u4e00-\u9fff]{2,4}[：:]`, "g");
let stampedOf = { text: "", lines: 0 };

/** How many lines open with a time stamp and a Han speaker, counting to two, once per text. */
function stampedLinesOf(text: string): number {
  if (stampedOf.text !== text) stampedOf = { text, lines: linesToTwo(STAMPED_LINE, text) };
  return stampedOf.lines;
}

/** Whether only a list separator stands between the end of one name and the start of the next. */
function continuesList(text: string, from: number, to: number): boolean {
  if (to - from > 4) return false;
  return /^[ \t]*(?:[、,，;；/|]|和|与|及)[ \t]*$/.test(text.slice(from, to));
}

/** Names a cue has not found (`cued`) scored at least `minScore`. */
export function detectUncuedChinesePersons(text: string, minScore: number, cued: CuedLengths, out: FindingSink): void {
  let previousEnd = -1;
  let previousLabelled = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || surnameBits(code) === 0) continue;
    const cuedLength = cued === null ? 0 : cued[i];
    if (cuedLength > 0) {
      // A cue found it ("收件人：王伟"); the names listed after it continue the label.
      previousEnd = i + cuedLength;
      previousLabelled = true;
      i = previousEnd - 1;
      continue;
    }
    const direct = hasPersonLabel(text, i);
    const labelled: boolean = direct || (previousLabelled && continuesList(text, previousEnd, i)) || stampedSpeaker(text, i);
    // "用户：谢谢你": a surname doubled into a word is no name (程程 may be one).
    const doubled = text.charCodeAt(i + 1) === code && DOUBLED_WORDS.has(code);
    const found = doubled ? null : candidate(text, i, labelled, direct, minScore);
    if (!found) {
      // "石家庄仓库": no name starts inside an ordinary word.
      if (isOrdinaryChinese(text, i, 3)) i += 2;
      continue;
    }
    addFinding(out, text, "PERSON", i, found.end, Math.min(found.score, 0.9), "person-zh");
    if (found.score >= 0.5) {
      previousEnd = found.end;
      previousLabelled = labelled;
      i = found.end - 1;
    }
  }
  if (text.includes("、")) detectLabelledLists(text, minScore, out);
  if (text.includes("·") || text.includes("•") || text.includes("・")) detectDottedNames(text, minScore, out);
  if (text.includes("小") || text.includes("老")) detectFamiliarNames(text, minScore, out);
  detectGivenNames(text, minScore, out);
  if (text.includes("总") || text.includes("工")) detectSurnameTitles(text, minScore, out);
  if ((text.includes("周") || text.includes("星期")) && ROSTER_WORD.test(text)) detectRosterNames(text, minScore, out);
  detectAgain(text, minScore, out);
}

// A duty roster: "值班 周一 高峰 / 周二 海燕 / 周三 建国", "排班：星期六 志强，星期日 晓东". After a
// weekday in a text about duty, a short Han item that ends there is the one on duty, even a word
// (高峰, 建国); a time of day or a rest day is not.
const ROSTER_WORD = /值班|排班|轮值|值守|值日|on-?call/i;
const ROSTER_ITEM = /(?<!每)(?:周|星期|礼拜)[一二三四五六日天末][ \t]*[:：]?[ \t]*([\u4e00-\u9fff]{2,3})(?=[ \t]*(?:[/／、，,;；。|｜]|$|\r?\n))/g;
const NOT_ON_DUTY = hanKeys(["上午", "下午", "晚上", "早上", "中午", "全天", "白班", "夜班", "早班", "晚班", "休息", "轮休", "待定", "调休", "放假", "不变", "同上",
  "培训", "开会", "例会", "巡检", "会议", "加班", "出差", "请假", "休假", "年假", "演练", "发布", "上线", "复盘", "面试", "团建", "盘点"]);

function detectRosterNames(text: string, minScore: number, out: FindingSink): void {
  const score = 0.6;
  if (score < minScore) return;
  ROSTER_ITEM.lastIndex = 0;
  for (let m = ROSTER_ITEM.exec(text); m; m = ROSTER_ITEM.exec(text)) {
    const start = m.index + m[0].length - m[1].length;
    if (NOT_ON_DUTY.has(hanKey(text, start, 2)) || NOT_A_PERSON_END.has(text.charCodeAt(start + m[1].length - 1)) || PEOPLE_WORDS.has(hanKey(text, start, 2))) continue;
    // A full name, or a given name's characters (高峰, 海燕); not an activity (例会, 巡检, 培训).
    if (surnameLength(text, start, true) === 0 && (givenLevel(text.charCodeAt(start)) < 2 || givenLevel(text.charCodeAt(start + 1)) < 2)) continue;
    addFinding(out, text, "PERSON", start, start + m[1].length, score, "person-zh-roster");
  }
}

// "参会：海燕、建国、高峰、志强": two or more short Han items listed with 、 right after a person's label are
// people, whether or not each is a full name or a word besides (海燕, 高峰); a department or a team
// ("研发部、产品组") is not.
// An item ends at the list's separator, a blank, the line's end or the sentence's end ("…、高峰。").
const LISTED_ITEM = /[\u4e00-\u9fff]{2,4}(?=[ \t]*(?:[、，,;；。.！!？?]|$|\n|[ \t]))/y;
const NOT_A_PERSON_END = new Set([..."部组处科室队司厂院局店行所站群号楼"].map((c) => c.charCodeAt(0)));
const MAX_LISTED_ZH = 12;

function detectLabelledLists(text: string, minScore: number, out: FindingSink): void {
  if (0.7 < minScore) return;
  for (let at = text.indexOf("、"); at !== -1; at = text.indexOf("、", at + 1)) {
    // The first item: back to the label's separator over at most four Han characters.
    let start = at;
    while (start > 0 && at - start < 4 && isHan(text.charCodeAt(start - 1))) start--;
    if (at - start < 2 || !hasPersonLabel(text, start)) continue;
    const items: [number, number][] = [];
    let i = start;
    for (let n = 0; n < MAX_LISTED_ZH; n++) {
      LISTED_ITEM.lastIndex = i;
      const m = LISTED_ITEM.exec(text);
      if (!m) break;
      const end = m.index + m[0].length;
      if (NOT_A_PERSON_END.has(text.charCodeAt(end - 1)) || isFunctionWord(text, m.index)) {
        items.length = 0;
        break;
      }
      items.push([m.index, end]);
      let next = end;
      while (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9) next++;
      if (text[next] !== "、" && text[next] !== "，" && text[next] !== ",") break;
      next++;
      while (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9) next++;
      i = next;
    }
    if (items.length < 2) continue;
    for (const [s, e] of items) addFinding(out, text, "PERSON", s, e, 0.7, "person-zh-list");
    at = items[items.length - 1][1];
  }
}

// 小王, 老刘: how colleagues and neighbours call someone, 小 or 老 and the surname. Words of that
// shape that are no one (小时 is no surname) are listed.
const FAMILIAR_PREFIX = new Set([0x5c0f, 0x8001]); // 小 老
const NOT_FAMILIAR = hanKeys([
  "小区", "小时", "小于", "小计", "小康", "小米", "小白", "小黄", "小马", "小牛", "小龙", "小金", "小麦", "小包", "小费", "小车",
  "小路", "小花", "小刀", "小程", "小雪", "小满", "小寒", "小桥", "小巷", "小贩", "小姜", "小葱", "小童", "小将", "小强",
  "小方", "小高", "小常", "小安", "小单", "小游", "小管", "小房", "小商", "小谈", "小支", "小计", "小衣", "小项", "小边",
  "老师", "老将", "老乡", "老公", "老家", "老化", "老百", "老白", "老汤", "老城", "老花", "老黄", "老房", "老钱", "老司",
  "老干", "老兵", "老式", "老成", "老练", "老路", "老街", "老伴", "老农", "老商", "老常", "老高", "老方", "老安", "老单",
  "老包", "老边", "老谈", "老解", "老应", "老万", "老管", "老简", "老项", "老于", "老牛", "老马", "老鹰", "老江", "老牌",
]);

function detectFamiliarNames(text: string, minScore: number, out: FindingSink): void {
  for (let i = 0; i < text.length - 1; i++) {
    if (!FAMILIAR_PREFIX.has(text.charCodeAt(i)) || surnameBits(text.charCodeAt(i + 1)) === 0) continue;
    if (NOT_FAMILIAR.has(hanKey(text, i, 2))) continue;
    // A word ends before it ("从小", "最小" are words of their own) and the name ends after it.
    const before = text.charCodeAt(i - 1);
    if (isHan(before) && !(role(before) & (BEFORE_PERSON | STOP)) && !LEFT_WORDS.has(hanKey(text, i - 2, 2)) && !ROLE_BEFORE.has(before)) continue;
    const after = text.charCodeAt(i + 2);
    if (isHan(after) && !(role(after) & (STOP | AFTER_PERSON)) && !personAfter(text, i + 2) && !KIN_AFTER.has(hanKey(text, i + 2, 2))) continue;
    const score = 0.6;
    if (score >= minScore) addFinding(out, text, "PERSON", i, i + 2, score, "person-zh-familiar");
    i++;
  }
}

const BOSS = 0x603b; // 总: 王总, the boss
const ENGINEER = 0x5de5; // 工: 彭工, the engineer
// Words the title character starts (总部, 总结, 工作, 工单): then it is no title.
const NOT_AFTER_BOSS = new Set([..."部结计监额量价数共体裁经则之署台站账表统理和包线务分公"].map((c) => c.charCodeAt(0)));
const NOT_AFTER_ENGINEER = new Set([..."作程资单号具厂行艺人业种序位期地会商方件科具贸农区伤龄装"].map((c) => c.charCodeAt(0)));

/**
 * "潘总的手机", "：彭工反馈": a surname alone and the one-character title colleagues call a boss or
 * an engineer by. The surname opens a clause or follows a word that announces a person, and the
 * title character starts no word of its own (总部, 工作).
 */
function detectSurnameTitles(text: string, minScore: number, out: FindingSink): void {
  const score = 0.65;
  if (score < minScore) return;
  for (let at = 1; at < text.length; at++) {
    const title = text.charCodeAt(at);
    if (title !== BOSS && title !== ENGINEER) continue;
    const start = at - 1;
    if (surnameLength(text, start, true) !== 1 || (surnameBits(text.charCodeAt(start)) & gazetteer.COMPOUND_FIRST && surnameLength(text, start - 1, false) === 2)) continue;
    const before = start > 0 ? text.charCodeAt(start - 1) : 10;
    if (isHan(before) && !(role(before) & (BEFORE_PERSON | STOP)) && !LEFT_WORDS.has(hanKey(text, start - 2, 2))) continue;
    const after = text.charCodeAt(at + 1);
    if (isHan(after) && (title === BOSS ? NOT_AFTER_BOSS : NOT_AFTER_ENGINEER).has(after)) continue;
    if (isHan(after) && !(role(after) & (STOP | AFTER_PERSON)) && !personAfter(text, at + 1) && !GIVEN_RIGHT_WORDS.has(hanKey(text, at + 1, 2))) continue;
    addFinding(out, text, "PERSON", start, at, score, "person-zh-title");
  }
}

// After a given name standing alone, besides a verb only people do: "雨萱生日", "冬梅记得改", "国强那边",
// "子健牵头", "海燕姐".
const GIVEN_RIGHT_WORDS = hanKeys(["生日", "记得", "那边", "牵头", "负责", "请假", "下午", "上午", "明天", "今天", "昨天", "已经", "反馈", "确认", "回复"]);
const GIVEN_SUFFIX = new Set([..."姐哥总"].map((c) => c.charCodeAt(0)));
const HAN_RUN = /[\u4e00-\u9fff]{2,}/g;

// What a person is asked to do right after being named ("请大伟把…", "由志强代发", "跟秋实说",
// "让海涛核实"): with a word before that hands a task to someone, the two sides make a person's
// slot even for a name that is also a word (建国, 胜利).
const TASKED_AFTER = new Set([..."把帮替说"].map((c) => c.charCodeAt(0)));
const TASKED_AFTER_WORDS = hanKeys(["代发", "代办", "代签", "代收", "代班", "代管", "代填", "代付", "核实", "跟进", "负责", "处理", "确认", "统一", "联系", "查一", "查下", "看一", "看下", "回复", "接手", "对接", "安排", "审核", "打电"]);
const TASKING_BEFORE = new Set([..."请让叫由派找问跟和给"].map((c) => c.charCodeAt(0)));
// Kin and titles after a given name ("秀英阿姨", "国栋师傅", "海燕老师").
const KIN_TITLE_AFTER = hanKeys(["阿姨", "叔叔", "大爷", "大妈", "大姐", "大哥", "老师", "师傅", "姐姐", "哥哥", "同学", "阿婆"]);
// People, not anyone's name, in the same slots: "请大家把…", "请老师确认", "请家长签字".
const PEOPLE_WORDS = hanKeys(["大家", "老师", "家长", "师傅", "阿姨", "大伙", "大人", "同学", "宝宝", "亲爱", "大哥", "大姐", "叔叔", "姐姐", "哥哥", "朋友", "小朋", "先生", "女士", "小姐", "老板", "领导", "同志"]);

/** Whether the pair at [start, start + 2) is named and then asked to do something: 请大伟把, 由建国统一, 跟秋实说. */
function taskedSlot(text: string, start: number): boolean {
  const end = start + 2;
  const after = text.charCodeAt(end);
  const before = text.charCodeAt(start - 1);
  const tasked = TASKED_AFTER.has(after) || TASKED_AFTER_WORDS.has(hanKey(text, end, 2));
  if (tasked && (TASKING_BEFORE.has(before) || TELL_WORDS.has(hanKey(text, start - 2, 2)))) return true;
  // “胜利你把…”, "春华，你跟…" at a clause's start: the one spoken to.
  const spokenTo = ((after === 0x4f60 || after === 0x60a8) && isHan(text.charCodeAt(end + 1))) || VOCATIVE_AFTER.test(text.slice(end, end + 3));
  return spokenTo && opensClause(text, start);
}

// First characters of what may follow a given name standing alone: a verb only people do, a word
// after a person, a kin or title suffix, 说, 吗.
const SLOT_OPENERS = new Set(
  [
    ..."打来回你您请说签本姐哥总吗把帮代替核跟处统联查看接对安审阿叔大老师同",
    ...["生日", "记得", "那边", "牵头", "负责", "请假", "下午", "上午", "明天", "今天", "昨天", "已经", "反馈", "确认", "回复", "说过"].map((w) => w[0]),
  ].map((c) => c.charCodeAt(0)),
);

/** A chat line's speaker: the line's start (after a "[00:01:14] " stamp), the name, a colon. */
const SPEAKER = /(?:^|\n)(?:\[[^\]\n]{1,24}\][ \t]*)?[\u4e00-\u9fff]{2,3}[：:]/g;

let speakersOf = { text: "", lines: 0 };

/** Whether [start, end) opens its line (after a "[00:01:14] " stamp) before a colon, in a text where two lines or more open so. */
function chatSpeaker(text: string, start: number, end: number): boolean {
  const colon = text.charCodeAt(end);
  if (colon !== 0xff1a && colon !== 58) return false;
  // A form's field ("金额：", "房型：") or a role ("房东：", "司机：") opens its line the same way.
  if (isOrdinaryChinese(text, start, end - start === 2 ? 2 : 3) || isPersonKey(text.slice(start, end))) return false;
  for (let i = start + surnameLength(text, start, true); i < end; i++) if (givenLevel(text.charCodeAt(i)) < 2) return false;
  const before = start > 0 ? text.charCodeAt(start - 1) : 10;
  if (!(before === 10 || before === 93 || before === 0x3011 || (before === 32 && text.charCodeAt(start - 2) === 93))) return false;
  // "【企业微信】高峰：…", "[飞书] 建华: …": one line is a chat when a chat app's name opens it.
  // A time or a figure after the colon is a field's value ("高峰: 20:00 流量 3 倍").
  if (/^[：:][ \t]*[\d¥$￥]/.test(text.slice(end, end + 4))) return false;
  return speakerLinesOf(text) >= 2 || (before !== 10 && CHAT_APP.test(text.slice(Math.max(0, start - 24), start)));
}

// A text that calls itself a chat ("微信聊天：", "群聊记录"), not one that names an app ("微信支付对账单").
const CHAT_TEXT = /聊天|群聊|对话记录|chat/i;
let chatOf = { text: "", chat: false };
/** Whether `text` says it is a chat, asked once per text. */
function isChat(text: string): boolean {
  if (chatOf.text !== text) chatOf = { text, chat: CHAT_TEXT.test(text) };
  return chatOf.chat;
}
const CHAT_APP = /[[【][^\]】\n]{0,10}(?:微信|飞书|钉钉|群|企微|WeChat|Lark|DingTalk|Slack|Teams)[^\]】\n]{0,10}[\]】][ \t]?$/i;

/** Lines opened by a speaker in the text last asked about, counted once per text. */
function speakerLinesOf(text: string): number {
  if (speakersOf.text !== text) speakersOf = { text, lines: linesToTwo(SPEAKER, text) };
  return speakersOf.lines;
}

/** How many lines of `text` a global line-opening `pattern` matches (a speaker's name and a colon), counting to two. */
function linesToTwo(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (n < 2 && pattern.test(text)) n++;
  return n;
}

/**
 * 晓彤说, 交给晓东。, 阿杰：收到, "— 阿明": a given name without its surname. Both characters are
 * common in given names and together no word (平安, 明天 are words), and the name stands where only
 * a person does: a verb only people do after it, the person told or handed to, the one spoken to,
 * a chat line's speaker in a chat of several lines, a signature's line of its own.
 */
// What a message may end with after a dash that is no one's name.
const SIGN_OFF_WORDS = hanKeys(["谢谢", "以上", "完毕", "收到", "来源", "备注", "转载", "原文", "摘自", "结束", "感谢", "辛苦", "完结", "待续", "附件", "总结"]);

/** "——文静" ending the text or its line: a Chinese dash (two em dashes, or one) right before, the end right after. */
function isSignatureAt(text: string, start: number, end: number): boolean {
  const after = text.charCodeAt(end);
  if (!(Number.isNaN(after) || after === 10 || after === 13)) return false;
  return text.charCodeAt(start - 1) === 0x2014 && (text.charCodeAt(start - 2) === 0x2014 || !isHan(text.charCodeAt(start - 2)));
}

function detectGivenNames(text: string, minScore: number, out: FindingSink): void {
  const score = 0.6;
  if (score < minScore) return;
  const levels = gazetteer.givenLevels();
  // Runs of Han characters found natively: a loop over every character of a long text in
  // JavaScript cost as much as the rest of this detector (measured on bench:pii's records).
  HAN_RUN.lastIndex = 0;
  for (let run = HAN_RUN.exec(text); run; run = HAN_RUN.exec(text)) {
  const runEnd = run.index + run[0].length;
  for (let i = run.index; i + 1 < runEnd; i++) {
    const c0 = text.charCodeAt(i);
    if (c0 < 0x4e00 || c0 > 0x9fff || levels[c0 - 0x4e00] < 2) continue;
    const c1 = text.charCodeAt(i + 1);
    if (c1 < 0x4e00 || c1 > 0x9fff || levels[c1 - 0x4e00] < 2) {
      i++;
      continue;
    }
    // Most pairs stand inside running text: only a character that can open a person's slot after
    // the pair (说, 生日, 姐, 吗, …) or none at all lets one through, before any word is looked up.
    const next = text.charCodeAt(i + 2);
    if (next >= 0x4e00 && next <= 0x9fff && !SLOT_OPENERS.has(next)) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : 10;
    // Inside a run of Han characters a name needs a word that announces a person before it; a
    // surname before it makes it another detector's full name.
    const hanBefore = isHan(before);
    if (hanBefore && (surnameBits(before) !== 0 || !(role(before) & (BEFORE_PERSON | STOP) || LEFT_WORDS.has(hanKey(text, i - 2, 2))))) continue;
    const end = i + 2;
    // "…记得删掉哈——文静": a signature's dash and the text's or the line's end; a name there may be a word too.
    if (isSignatureAt(text, i, end) && !isFunctionWord(text, i) && !SIGN_OFF_WORDS.has(hanKey(text, i, 2)) && !PEOPLE_WORDS.has(hanKey(text, i, 2))) {
      addFinding(out, text, "PERSON", i, end, score, "person-zh-given");
      i = end - 1;
      continue;
    }
    if (isOrdinaryChinese(text, i, 2) || isFunctionWord(text, i) || PEOPLE_WORDS.has(hanKey(text, i, 2)) || LEFT_WORDS.has(hanKey(text, i, 2))) continue;
    // "@海燕 帮忙看一下": a chat's mention.
    const mentioned = before === 64 || before === 0xff20;
    if (mentioned || taskedSlot(text, i) || (KIN_TITLE_AFTER.has(hanKey(text, end, 2)) && !hanBefore)) {
      addFinding(out, text, "PERSON", i, end, score, "person-zh-given");
      i = end - 1;
      continue;
    }
    // A given name that is a word too ("鹏飞", "建华") only where a chat's speaker stands.
    // A form's lines open the same way ("航班：", "留言："): only in a text that says it is a chat.
    if (isGivenWord(text, i) && !(chatSpeaker(text, i, end) && (isChat(text) || CHAT_APP.test(text.slice(Math.max(0, i - 24), i))))) continue;
    const after = text.charCodeAt(end);
    if (isHan(after) && (givenLevel(after) >= 2 || surnameBits(after) !== 0) && !personAfter(text, end) && !GIVEN_RIGHT_WORDS.has(hanKey(text, end, 2)) && !GIVEN_SUFFIX.has(after)) continue;
    let person = personSlot(text, i, end) || GIVEN_RIGHT_WORDS.has(hanKey(text, end, 2)) || (GIVEN_SUFFIX.has(after) && !isHan(text.charCodeAt(end + 1)));
    if (!person && !hanBefore) {
      const lineStart = before === 10 || before === 93 || before === 0x3011 || (before === 32 && text.charCodeAt(i - 2) === 93);
      const lineEnd = Number.isNaN(after) || after === 10 || after === 13;
      if ((after === 0xff1a || after === 58) && lineStart) person = chatSpeaker(text, i, end);
      // "— 阿明" after a message; "佳怡" on a line of its own after a letter's last line.
      else if (lineEnd) person = before === 0x2014 || before === 0x2013 || (before === 32 && (text.charCodeAt(i - 2) === 0x2014 || text.charCodeAt(i - 2) === 45)) || (before === 10 && i >= 2 && text.charCodeAt(i - 2) === 10);
      else if (after === 10 && before === 10) person = i >= 2 && text.charCodeAt(i - 2) === 10;
    }
    if (!person) continue;
    addFinding(out, text, "PERSON", i, end, score, "person-zh-given");
    i = end - 1;
  }
  }
}

// "行政小姚", "物业的小温", "前台小李": a department or a place of work before the name.
const ROLE_BEFORE = new Set([..."政业台务管事司部组"].map((c) => c.charCodeAt(0)));
// "小明妈妈", "老王家": a relative of the person.
const KIN_AFTER = hanKeys(["妈妈", "爸爸", "老婆", "老公", "媳妇", "家长", "同学", "师傅", "哥哥", "姐姐"]);

const MAX_AGAIN = 32;

/**
 * "@高峰 …\n高峰：收到": a name found where it is sure is a name where it stands again, however
 * much it is also a word. Only names found with confidence (0.6 or more) are looked for.
 */
function detectAgain(text: string, minScore: number, out: FindingSink): void {
  let names: Set<string> | null = null;
  let givens: Set<string> | null = null;
  for (const f of out) {
    if (f.type !== "PERSON" || f.score < 0.6 || f.text.length < 2 || f.text.length > 4) continue;
    if (!isHan(f.text.charCodeAt(0)) || !isHan(f.text.charCodeAt(f.text.length - 1))) continue;
    (names ??= new Set()).add(f.text);
    // "刘海燕 … 大家叫她海燕姐", "欧阳子健 … 子健牵头": colleagues call someone by the given name.
    const surname = surnameLength(f.text, 0, true);
    if (surname > 0 && f.text.length - surname === 2) (givens ??= new Set()).add(f.text.slice(surname));
    if (names.size >= MAX_AGAIN) break;
  }
  if (names === null) return;
  // What names cover already, as a mark per character: a text of many names has many findings.
  const found = new Uint8Array(text.length);
  for (const f of out) if (f.type === "PERSON") found.fill(1, f.start, f.end);
  for (const name of names) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
      const after = text.charCodeAt(at + name.length);
      if (found[at] === 0 && found[at + name.length - 1] === 0 && (!isHan(after) || role(after) & STOP)) {
        addFinding(out, text, "PERSON", at, at + name.length, minScore, "person-zh-again");
        found.fill(1, at, at + name.length);
      }
    }
  }
  if (givens === null) return;
  for (const given of givens) {
    for (let at = text.indexOf(given); at !== -1; at = text.indexOf(given, at + 2)) {
      if (found[at] !== 0 || found[at + 1] !== 0) continue;
      const before = text.charCodeAt(at - 1);
      const after = text.charCodeAt(at + 2);
      const leftEdge = !isHan(before) || (role(before) & (STOP | BEFORE_PERSON)) !== 0 || LEFT_WORDS.has(hanKey(text, at - 2, 2));
      const rightEdge = !isHan(after) || (role(after) & (STOP | AFTER_PERSON)) !== 0 || personAfter(text, at + 2) || GIVEN_RIGHT_WORDS.has(hanKey(text, at + 2, 2)) || GIVEN_SUFFIX.has(after);
      if (!leftEdge || !rightEdge) continue;
      addFinding(out, text, "PERSON", at, at + 2, Math.max(minScore, 0.55), "person-zh-again");
      found.fill(1, at, at + 2);
    }
  }
}

// Names written in Chinese characters with a dot between their parts: Uyghur and other minority
// names and foreign names (买买提·艾力, 阿依古丽·吐尔逊, 约翰·史密斯). The first part is a field of
// its own; the second ends at a blank, a punctuation mark, a particle or a verb people do. Their
// characters spell sounds, so 买 and 不 are in them (阿不都拉) and do not end them.
const DOTTED = /(?<![\u4e00-\u9fff《“"])[\u4e00-\u9fff]{2,5}[·•・](?=[\u4e00-\u9fff])/g;
const MAX_DOTTED_PART = 6;
const DOTTED_END = new Set([..."的了是在和与及说等已也都就"].map((c) => c.charCodeAt(0)));

function detectDottedNames(text: string, minScore: number, out: FindingSink): void {
  DOTTED.lastIndex = 0;
  for (let m = DOTTED.exec(text); m; m = DOTTED.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    const secondStart = end;
    while (end - secondStart < MAX_DOTTED_PART && isHan(text.charCodeAt(end)) && !DOTTED_END.has(text.charCodeAt(end)) && !personAfter(text, end)) end++;
    if (end - secondStart < 2 || (isHan(text.charCodeAt(end)) && !DOTTED_END.has(text.charCodeAt(end)) && !personAfter(text, end))) continue;
    const score = hasPersonLabel(text, start) ? 0.85 : 0.6;
    if (score >= minScore) addFinding(out, text, "PERSON", start, end, score, "person-zh-dotted");
    DOTTED.lastIndex = end;
  }
}
