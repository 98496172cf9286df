import { COMMON, COMPANY, FAMILIAR, FIRST, givenLevel, isHan, isNotPerson, isOrdinaryChinese, LAST, surnameLength, WORD, wordClass } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";
import type { CuedLengths } from "./person-context";
import { detectKoreanNames, detectUncuedEnglishPersons, detectVietnameseNames, detectWordNames } from "./person-en";
import { detectSqlPersons, detectTablePersons } from "./person-table";
import { detectUncuedChinesePersons } from "./person-zh";
import { mayHoldInsert } from "./sql";

// English cues, each followed by a capitalised name. A bare "name:" (also "full_name:") counts
// only when it is not some other thing's name ("file name:").
const EN_CUE = new RegExp(
  [
    String.raw`\b(?:[Mm]y|[Yy]our|[Hh]is|[Hh]er)(?: full)? name(?: is|['’]s)`,
    String.raw`\b(?:[Ff]irst|[Ll]ast|[Ff]ull|[Mm]aiden)[ _]?name(?: is)?(?=[ \t])`,
    String.raw`(?<![A-Za-z])(?:[Nn]ame|NAME)"?[ \t]*[:=：]`,
    String.raw`\b(?:Mrs|Mr|Ms|Mx|Dr|Prof)(?:\.|(?=[ \t]))|\b(?:Miss|Dear)(?=[ \t])`,
    // Titles in the languages support mail also comes in: "Sehr geehrte Frau Brenner", "Mme Dubois".
    String.raw`\b(?:Frau|Herrn?|Mme|Mlle|Madame|Monsieur|Señora|Señor|Sra|Signora|Signor|Sig\.ra|Dhr|Mevr)(?:\.|(?=[ \t]))`,
    String.raw`\b(?:[Cc]all me|I am called|I['’]m|I am|[Tt]his is)(?=[ \t])`,
    // "hi it's Bongani Dlamini", "Hey it's Jun from the climbing gym": who opens a chat or a voicemail.
    String.raw`\b(?:[Hh]i|[Hh]ey|[Hh]ello)[,!]?[ \t]+it['’]s(?=[ \t])`,
    String.raw`\b(?:Signed|Regards|Best regards|Sincerely|Cheers),`,
    String.raw`\b(?:[Ss]hip to|[Bb]ill to|[Aa]ttn|ATTN|[Aa]ttention|[Rr]ecipient|[Cc]ontact)[ \t]*:`,
  ].join("|"),
  "g",
);
// Up to four capitalised words or initials (with or without a dot before another word: "Lucia M Arango"), and lower-case particles before a word ("Ms. van
// Dijk"); one class per word and particles are lower-case, so a run splits only one way.
const EN_NAME =
  /[ \t]*"?((?:(?:van|von|de|der|den|da|di|du|la|le)[ \t]+){0,2}\p{Lu}[\p{L}'’-]{1,30}(?:[ \t]+(?:(?:van|von|de|der|den|da|di|du|la|le)[ \t]+){0,2}(?:\p{Lu}[\p{L}'’-]{1,30}|\p{Lu}\.|\p{Lu}(?=[ \t]+\p{Lu}\p{Ll}))){0,3})/uy;
const NAME_QUALIFIERS = new Set([
  "full", "first", "last", "given", "family", "middle", "maiden", "legal", "customer", "client", "contact",
  "user", "patient", "guest", "passenger", "recipient", "sender", "holder", "cardholder", "caller",
  "applicant", "employee", "account", "your", "my", "his", "her", "their",
]);
// Capitalised words that follow a cue without being anyone's name.
const NOT_NAMES = new Set([
  "customer", "customers", "sir", "madam", "team", "support", "user", "users", "valued", "all", "friend",
  "friends", "client", "admin", "hiring", "manager", "colleague", "colleagues", "member", "guest", "unknown",
  "none", "null", "test", "the", "a", "an", "this", "that", "not", "no", "n/a", "anonymous", "required",
  "please", "thanks", "thank", "hello", "hi", "and", "or", "from", "at", "in", "on", "is", "was", "i",
  // Titles: "Dear Ms. Garcia" is found by the title's own cue.
  "mr", "mrs", "ms", "mx", "dr", "prof", "miss", "frau", "herr", "herrn", "mme", "mlle", "madame", "monsieur", "sr", "sra",
  "señor", "señora", "signor", "signora", "dhr", "mevr",
  // What follows "I'm" or "this is" when it is not a name.
  "sorry", "unable", "here", "interested", "writing", "calling", "looking", "trying", "new", "also", "still",
  "so", "very", "really", "happy", "glad", "okay", "ok", "fine", "back", "done", "ready", "sure", "afraid",
  "going", "urgent", "important", "regarding", "about", "why", "what", "how", "my", "our", "your", "it",
]);

const INITIAL = /^\p{Lu}\.?$/u;
const UNDOTTED = /^\p{Lu}$/u;
const cleanName = (word: string, part: number) => {
  const classes = wordClass(word.toLowerCase());
  return (classes & part) !== 0 && (classes & (COMMON | WORD)) === 0;
};
const HAS_LOWER = /\p{Ll}/u;
// A capital after a small letter, except in "McDonald", "DiCaprio", "LaToya".
const CAMEL_CASE = /^(?!Ma?c|D[ei]|L[ae])\p{Lu}\p{Ll}*\p{Ll}\p{Lu}/u;

/** Length of the name at the start of `raw` once trailing non-names are dropped, or 0. */
function englishNameLength(raw: string): number {
  const words = raw.split(/[ \t]+/);
  if (NOT_NAMES.has(words[0].toLowerCase())) return 0;
  let kept = words.length;
  while (kept > 1 && NOT_NAMES.has(words[kept - 1].toLowerCase())) kept--;
  // All-caps words ("API", "VIP") are acronyms and CamelCase ones ("MyApp") identifiers, not names.
  for (let i = 0; i < kept; i++) {
    if (!INITIAL.test(words[i]) && (!HAS_LOWER.test(words[i]) || CAMEL_CASE.test(words[i]))) return 0;
    // An initial without its dot ("Lucia M Arango") only between a given name and a surname ("Phase B Migration" is a step's name).
    if (UNDOTTED.test(words[i]) && !(i > 0 && i + 1 < kept && cleanName(words[i - 1], FIRST) && cleanName(words[i + 1], LAST))) return 0;
  }
  let end = 0;
  for (let i = 0; i < kept; i++) end = raw.indexOf(words[i], end) + words[i].length;
  return end;
}

/** "Mr. Clean", "Name: Premium Plan": every word an ordinary English word and none a name. */
function allOrdinaryWords(phrase: string): boolean {
  return phrase.split(" ").every((w) => {
    const classes = wordClass(w);
    return (classes & (COMMON | FAMILIAR | WORD)) !== 0 && (classes & (FIRST | LAST)) === 0;
  });
}

function personCueScore(cue: string, labelled: boolean): number {
  if (/name(?: is|['’]s)|call/i.test(cue)) return 0.85;
  if (/^(?:M|Dr|Prof|Frau|Herr|S|Dhr)/.test(cue)) return 0.8;
  if (labelled) return 0.75;
  // "I'm Lucas" and "this is Kevin" are names more often than not, but not by much.
  if (/^(?:[Ii]|[Tt]his)/.test(cue)) return 0.6;
  return 0.7;
}

/**
 * Every person's name in `text` scored at least `minScore`: after cue words and titles, then
 * without cues in Latin script (`latin`: the prefilter saw a capitalised word, an "@" or capitals
 * after a label) and in Chinese (`han`), and in tables. A name a cue already found is not looked
 * at again.
 */
export function detectPersons(text: string, latin: boolean, han: boolean, minScore: number, out: FindingSink): void {
  // Tables first: a name a table's person column already gave is not weighed again word by word
  // (a CSV of names otherwise cost twice, measured 35 ms per 100 KB).
  const found = out.length;
  if (text.includes("\n")) detectTablePersons(text, out);
  if (mayHoldInsert(text)) detectSqlPersons(text, out);
  if (latin) {
    detectEnglishPersons(text, out);
    detectUncuedEnglishPersons(text, minScore, cuedLengths(text, out, found), out);
    detectWordNames(text, minScore, out);
    detectVietnameseNames(text, minScore, out);
    detectKoreanNames(text, minScore, out);
  }
  if (han) {
    const cued = out.length;
    detectChinesePersons(text, out);
    detectUncuedChinesePersons(text, minScore, cuedLengths(text, out, latin ? cued : found), out);
  }
}

/**
 * The length of each finding from `from` on, at its start (names are short), or null when there is
 * none: an index instead of a map, as a text of a thousand titled names has a thousand findings.
 */
function cuedLengths(text: string, out: FindingSink, from: number): CuedLengths {
  if (out.length === from) return null;
  const lengths = new Uint8Array(text.length);
  for (let i = from; i < out.length; i++) lengths[out[i].start] = Math.min(255, out[i].end - out[i].start);
  return lengths;
}

// "dear support i am Esther Mbeki": the same cue typed in lower case, looked for only where the text holds it
// (as an alternative of EN_CUE, every word starting with "i" was tried).
const LOWER_I_CUE = /(?<![\p{L}\p{N}'’])i(?: am|['’]m)(?=[ \t])/gu;

function detectEnglishPersons(text: string, out: FindingSink): void {
  detectCued(text, EN_CUE, out);
  if (text.includes("i am ") || text.includes("i'm ") || text.includes("i’m ")) detectCued(text, LOWER_I_CUE, out);
}

function detectCued(text: string, cues: RegExp, out: FindingSink): void {
  cues.lastIndex = 0;
  for (let m = cues.exec(text); m; m = cues.exec(text)) {
    const cue = m[0];
    const labelled = /^(?:[Nn]ame|NAME)/.test(cue);
    if (labelled) {
      const qualifier = /([A-Za-z]+)[ _-]?$/.exec(text.slice(Math.max(0, m.index - 16), m.index));
      if (qualifier && !NAME_QUALIFIERS.has(qualifier[1].toLowerCase())) continue;
    }
    EN_NAME.lastIndex = m.index + cue.length;
    const found = EN_NAME.exec(text);
    if (!found) continue;
    const length = englishNameLength(found[1]);
    if (length === 0) continue;
    const start = EN_NAME.lastIndex - found[1].length;
    // "Dr Pepper", "Dear Harry Potter fans": brands and characters, not people.
    const phrase = text.slice(start, start + length).toLowerCase().replace(/['’.]/g, "").replace(/[ \t]+/g, " ");
    if (isNotPerson(phrase) || isNotPerson(`${cue.toLowerCase().replace(/\W/g, "")} ${phrase}`) || allOrdinaryWords(phrase)) continue;
    // "Bill to: Brightwater Logistics B.V.": a firm's word makes it a firm.
    if (phrase.split(" ").some((w) => (wordClass(w) & (COMPANY | FIRST | LAST)) === COMPANY)) continue;
    // "hey it's Monday again": after "it's" a common word is the sentence's, not a name.
    if (/it['’]s$/.test(cue) && wordClass(phrase.split(" ")[0]) & COMMON) continue;
    const score = personCueScore(cue, labelled);
    addFinding(out, text, "PERSON", start, start + length, score, "person-cue-en");
    cues.lastIndex = start + length;
  }
}

const codes = (chars: string) => new Set([...chars].map((c) => c.charCodeAt(0)));

// Characters that end a name: verbs, particles and titles that follow one in a sentence.
const ZH_STOP = codes("是想要的在了和与跟请今昨已需买订退来去说问给从住电手联身出邮打发用现刚也还就都会能可不没有被把对向到先女您你我他她它们这那个吗呢吧啊呀哦嗯为因所但而及或于年月日号老师经理总");

/** End of a name starting at `at`: surname plus up to two given characters, or -1. After a label, surnames that are also words count (包, 文). */
function chineseNameEnd(text: string, at: number, requireSurname: boolean, labelled = false): number {
  const surname = surnameLength(text, at, labelled);
  if (surname === 0 && requireSurname) return -1;
  const maxGiven = surname > 0 ? 2 : 3;
  let end = at + surname;
  while (end - at - surname < maxGiven && isHan(text.charCodeAt(end)) && !ZH_STOP.has(text.charCodeAt(end))) end++;
  const given = end - at - surname;
  return given >= 1 && end - at >= 2 ? end : -1;
}

const FIELD_WORDS = /^(?:姓名|名字|电话|手机|地址|信息|的|和|或)/;
const ZH_CUE = /(我叫|我的?名字(?:是|叫)?|我是|本人|姓名|联系人|收件人|收货人|持卡人|开户人|申请人|户名|患者)[:：]?[ \t]*/g;
const KIN = /(?:父亲|母亲|爸爸|妈妈|丈夫|妻子|老公|老婆|儿子|女儿|哥哥|姐姐|弟弟|妹妹|配偶|爱人)[ \t:：]*/y;
const ZH_TITLE = /先生|女士|小姐|经理|老师|医生|律师/g;

function detectChinesePersons(text: string, out: FindingSink): void {
  ZH_CUE.lastIndex = 0;
  for (let m = ZH_CUE.exec(text); m; m = ZH_CUE.exec(text)) {
    const cue = m[1];
    let start = m.index + m[0].length;
    // "请提供收货人姓名和电话": the label names a field, not a person.
    if (FIELD_WORDS.test(text.slice(start, start + 2))) continue;
    // "联系人：母亲 王秀英": the relation comes first, then the name.
    KIN.lastIndex = start;
    if (KIN.test(text)) start = KIN.lastIndex;
    const selfIntro = cue === "我叫" || cue.includes("名字");
    // "我是" and "本人" also start ordinary sentences ("我是高级会员", "本人已收到"): only a
    // surname followed by a clear end of the name counts there.
    const loose = cue === "我是" || cue === "本人";
    const end = chineseNameEnd(text, start, loose, !loose);
    if (end < 0) continue;
    const cleanEnd = !isHan(text.charCodeAt(end)) || ZH_STOP.has(text.charCodeAt(end));
    if (loose && !cleanEnd) continue;
    const hasSurname = surnameLength(text, start, !loose) > 0;
    // Without a surname the value must at least read like a given name: "收件人：财务部" is a department.
    if (!hasSurname && !readsLikeGivenName(text, start, end)) continue;
    // "写我名字何俊": 名字 with no "is" takes a surname and a name that ends there ("我名字不对",
    // "我的名字全拼是…" (a part of it, then 是), "我名字万一重复" say no name).
    if (cue.endsWith("名字") && (!hasSurname || !cleanEnd || text.charCodeAt(end) === 0x662f || isOrdinaryChinese(text, start, end - start === 2 ? 2 : 3))) continue;
    const score = hasSurname ? (loose ? 0.7 : 0.85) : selfIntro ? 0.55 : 0.7;
    addFinding(out, text, "PERSON", start, end, score, "person-cue-zh");
  }
  // Every title is two characters, so test() and lastIndex say where it is without a match object.
  ZH_TITLE.lastIndex = 0;
  while (ZH_TITLE.test(text)) {
    const titleAt = ZH_TITLE.lastIndex - 2;
    if (text.charCodeAt(titleAt + 2) === 0x4eec) continue; // "们": 先生们, ladies and gentlemen
    const start = titledNameStart(text, titleAt);
    if (start >= 0) addFinding(out, text, "PERSON", start, titleAt, 0.75, "person-title-zh");
  }
}

function readsLikeGivenName(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (givenLevel(text.charCodeAt(i)) === 0) return false;
  return true;
}

// Surname plus one given character is the commonest name, then two, then the surname alone.
const TITLED_NAME_LENGTHS = [2, 3, 1];

/** Start of the name before a title such as "先生" or "女士", or -1. */
function titledNameStart(text: string, titleAt: number): number {
  for (const length of TITLED_NAME_LENGTHS) {
    const start = titleAt - length;
    if (start < 0) continue;
    // A title makes a name of a surname that is otherwise too often an ordinary word ("高先生").
    const surname = surnameLength(text, start, length === 1);
    if (surname === 0) continue;
    // "现任产品经理": 产 and 品 are no given name's characters.
    if (surname === length || (chineseNameEnd(text, start, true) === titleAt && readsLikeGivenName(text, start + surname, titleAt))) return start;
  }
  return -1;
}

// A street's word before its name ("Rue de la Loi", "Jalan Ampang") in the languages addresses come
// in, and a place's word after one ("Lagos Island", "Victoria Station"). Many are surnames too
// ("Estrada Gonzalez", "Adam Beach", "Plaza"): a street's word counts when no list knows it as a name
// or a particle follows it (de, da, do, del …); a place's word after a word that is no given name.
// Greetings in other languages that stand capitalised where a name may ("Olá {{nome}}", "Bonjour,";
// not "Ola", "Shalom" or "Salaam", which are also names).
const STREET_OPENERS = new Set([
  "rue", "calle", "rua", "avenida", "av", "avda", "avenue", "via", "viale", "piazza", "plaza", "boulevard", "bd", "chaussée",
  "straße", "strasse", "jalan", "jl", "ulica", "ul", "carrer", "praça", "largo", "rambla", "paseo", "camino", "estrada",
]);
const STREET_PARTICLE = /^[ \t]+(?:de|da|do|dos|das|del|della|di|du|des|la|le)[ \t]/i;
const PLACE_ENDS = new Set([
  "island", "islands", "avenue", "boulevard", "airport", "station", "harbour", "harbor", "beach", "county", "district",
  "province", "square", "plaza", "mall", "market", "hospital", "university", "college", "school",
  "museum", "stadium", "terminal", "heights", "gardens", "estate",
]);
const GREETINGS_ABROAD = new Set(["olá", "hola", "bonjour", "bonsoir", "salut", "ciao", "hallo", "hej", "merhaba", "namaste", "konnichiwa", "annyeong", "privet"]);

/** Whether a Latin-script name found is a street, a place or a greeting, not a person. */
export function namesNoOne(name: string): boolean {
  // Read by hand rather than split: it runs on every name found.
  const firstBlank = name.search(/[ \t]/);
  if (firstBlank < 0) return name.length <= 10 && GREETINGS_ABROAD.has(name.toLowerCase());
  const first = name.slice(0, name.charCodeAt(firstBlank - 1) === 46 ? firstBlank - 1 : firstBlank).toLowerCase();
  if (STREET_OPENERS.has(first) && (!(wordClass(first) & (FIRST | LAST)) || STREET_PARTICLE.test(name.slice(firstBlank)))) return true;
  let lastStart = name.length;
  while (lastStart > 0 && name.charCodeAt(lastStart - 1) !== 32 && name.charCodeAt(lastStart - 1) !== 9) lastStart--;
  return name.length - lastStart <= 10 && PLACE_ENDS.has(name.slice(lastStart).toLowerCase()) && !(wordClass(first) & FIRST);
}
