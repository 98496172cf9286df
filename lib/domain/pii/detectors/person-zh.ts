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
import * as personContext from "./person-context";
import type { CuedLengths } from "./person-context";

// Local bindings: test runners and bundlers export through getters, which this loop would
// otherwise call for every character (measured: three times slower).
const { givenLevel, hanKey, hanKeys, isHan, isOrdinaryChinese, surnameBits, surnameLength } = gazetteer;
const { addFinding } = context;
const { hasPersonLabel } = personContext;

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
mark("是想要的在了和与跟请今昨已需买订退来去说问给从住电手联身出邮打发用现刚也还就都会能可不没有被把对向到先您你我他她它们这那个吗呢吧啊呀哦嗯为因所但而及或于年月日号等", STOP);
// Words right before a person ("提醒朱玉婷", "由郭静", "客户王秀英"): two characters, or one.
const LEFT_WORDS = hanKeys([
  "提醒", "通知", "联系", "转给", "交给", "发给", "告诉", "感谢", "谢谢", "客户", "用户", "财务", "同事", "会计",
  "主管", "司机", "骑手", "师傅", "抄送", "麻烦", "辛苦", "恭喜", "问问", "客服", "店长", "导购", "护士", "医生",
  // Kin: "我爸朱建华", "老婆陈静".
  "我爸", "我妈", "爸爸", "妈妈", "父亲", "母亲", "老公", "老婆", "丈夫", "妻子", "儿子", "女儿", "哥哥", "姐姐",
  "弟弟", "妹妹", "爷爷", "奶奶", "外婆", "外公",
]);
mark("找由跟和与及请让叫给问被向帮替等", BEFORE_PERSON);
// Words right after a person ("张伟说", "刘洋已经", "郭静转交").
const RIGHT_WORDS = hanKeys([
  "反馈", "反映", "表示", "打来", "来电", "确认", "同意", "负责", "提交", "已经", "在群", "处理", "审核", "回复",
  "报修", "申请", "要求", "投诉", "签收", "联系", "通知", "告诉", "发现", "觉得", "认为", "希望", "收到", "转交",
  "转给", "打电", "的订", "的账", "的手", "的快", "的耐", "的护", "的身", "的银", "明天", "今天", "昨天", "下午", "上午",
  // "是端木子轩本人吗", "朱建华名下的保单", "由方嘉诚主讲", "马骁撤回了一条消息".
  "本人", "名下", "主讲", "主持", "撤回", "发言", "签字", "签名", "态度",
]);
mark("说称讲问", AFTER_PERSON);

/** Whether the Chinese word ending at `end` is one that comes before a person (also before "Anna Smith"). */
export const personBefore = (text: string, end: number) =>
  (role(text.charCodeAt(end - 1)) & BEFORE_PERSON) !== 0 || LEFT_WORDS.has(hanKey(text, end - 2, 2));

/** Whether the Chinese word starting at `start` is a verb people do ("Zhang Wei 反馈"). */
export const personAfter = (text: string, start: number) =>
  (role(text.charCodeAt(start)) & AFTER_PERSON) !== 0 || RIGHT_WORDS.has(hanKey(text, start, 2));

const LATIN_BEFORE = /(?:^|[^A-Za-z])(?:hi|hey|hello|dear|thanks|thank you|thx|cc|ping|ask|by|and|with|to)$/i;

function leftContext(text: string, start: number): number {
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
  if (!isHan(after)) return 0.1;
  if (personAfter(text, end)) return 0.15;
  return role(after) & STOP ? 0.1 : 0;
}

const isGiven = (code: number) => isHan(code) && (role(code) & STOP) === 0;

/** The given name's length after a surname ending at `at`: two characters when the second one is typical of names. */
function givenLength(text: string, at: number, labelled: boolean): number {
  const c1 = text.charCodeAt(at);
  if (!isGiven(c1)) return 0;
  const c2 = text.charCodeAt(at + 1);
  if (!isGiven(c2)) return 1;
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

function candidate(text: string, start: number, labelled: boolean, minScore: number): Candidate | null {
  const surname = surnameLength(text, start, labelled);
  if (surname === 0) return null;
  const given = givenLength(text, start + surname, labelled);
  if (given === 0) return null;
  const end = start + surname + given;
  const first = givenLevel(text.charCodeAt(start + surname));
  const levels = given === 1 ? first * 1.5 : first + givenLevel(text.charCodeAt(end - 1));
  const fieldEnds = !isHan(text.charCodeAt(end));
  if (labelled ? levels < 1 && !fieldEnds : levels < 2 || 0.1 * levels + MAX_CONTEXT < minScore) return null;
  const score = labelled ? (fieldEnds ? 0.8 : 0.65) : 0.1 * levels + leftContext(text, start) + rightContext(text, end);
  if (score < minScore) return null;
  if (isOrdinaryChinese(text, start, end - start === 2 ? 2 : 3)) {
    // "汪洋" is also a word: only a label and a field of its own make it a name.
    if (!(labelled && fieldEnds)) return null;
  } else if (given === 2 && surname === 1 && givenLevel(text.charCodeAt(end - 1)) < 3 && isOrdinaryChinese(text, start, 2)) {
    // "黄金会员" starts with 黄金; "叶子涵" starts with 叶子 but 涵 is a name's character.
    return null;
  }
  return { end, score };
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
    const labelled: boolean = hasPersonLabel(text, i) || (previousLabelled && continuesList(text, previousEnd, i));
    const found = candidate(text, i, labelled, minScore);
    if (!found) continue;
    addFinding(out, text, "PERSON", i, found.end, Math.min(found.score, 0.9), "person-zh");
    if (found.score >= 0.5) {
      previousEnd = found.end;
      previousLabelled = labelled;
      i = found.end - 1;
    }
  }
}
