import { isPlausibleDate, isValidCnResidentId } from "../checksums";
import { addFinding, columnHeader, type FindingSink } from "./context";
import { readRows } from "./sql";

// A date is only a birth date when something says so: bare dates are timestamps, deadlines, releases.
// The cue may follow "_" ("__Birth date__", "customer_dob"), so its start is not a word boundary.
// A bare 出生 is a label only before its separator ("出生：1987年3月12日") or a year ("出生 1986 年 7 月");
// a bare "birth" only as a field or column name ("birth: …", "(name, birth)").
const DOB_CUE = /(?<![A-Za-z0-9])(?<!(?:place|country|city|town) of )(?:DOB|D\.O\.B\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthday|born(?: on)?|fecha de nacimiento|date de naissance|n[ée]e? le|geburtsdatum|geb\.-?[ \t]?datum|geboren(?: am)?|data di nascita|data de nascimento|nacid[oa] el|naci[oó] el|nat[oa] il|nascid[oa] em|geb\.(?=[ \t]*\d)|nascimento|nacimiento)(?![A-Za-z0-9])|出生日期|出生年月日?|生日|出生于|出生在|生于|出生(?=[ \t]*[:：]|[ \t]*\d{4}[ \t]*[-/.年])|(?<![A-Za-z0-9])(?<!(?:place|country|city|town) of )birth(?:_?dt)?(?=["'\x60\]]?[ \t]*[:：=,)|])/gi;
// Between cue and date: punctuation, the markup of a label ("**DOB:**", "| DOB |", "__Birth date__ —",
// "<td>DOB</td><td>", quotes) and a linking word, nothing more. A tag starts with "<", which no other
// gap character is, so the gap is read in one pass.
// A printed form's dot leaders ("Date of Birth ... 3 January 1969") and a short aside in parentheses
// ("Passport DOB (pax 1): 12MAR1979") are gaps too.
const GAP_PIECE = String.raw`(?:\([^()\n\d]{1,12}\d?\)|[\s:：=,(\-—"'*_|>\[\]\x60]|\.{2,}|…|<\/?[a-z]{1,8}>)*`;
const GAP = new RegExp(`${GAP_PIECE}(?:(?:is|was|on|of|是|为)${GAP_PIECE})?`, "y");

const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const MONTH_INDEX = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// The months of the languages whose birth-date labels DOB_CUE reads (es, fr, de, it, pt), by number.
const OTHER_MONTHS: Record<string, number> = {};
[
  "enero janvier januar gennaio janeiro",
  "febrero février fevrier februar febbraio fevereiro",
  "marzo mars märz maerz março marco",
  "abril avril april aprile",
  "mayo mai maggio maio",
  "junio juin juni giugno junho",
  "julio juillet juli luglio julho",
  "agosto août aout august",
  "septiembre setiembre septembre september settembre setembro",
  "octubre octobre oktober ottobre outubro",
  "noviembre novembre november novembro",
  "diciembre décembre decembre dezember dicembre dezembro",
].forEach((names, month) => {
  for (const name of names.split(" ")) OTHER_MONTHS[name] = month + 1;
});
const OTHER_MONTH_NAMES = Object.keys(OTHER_MONTHS).sort((a, b) => b.length - a.length).join("|");

const DATE_FORMATS: { pattern: RegExp; parts: (m: RegExpExecArray) => [number, number, number][] }[] = [
  { pattern: /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/y, parts: (m) => [[+m[1], +m[2], +m[3]]] },
  { pattern: /(\d{4})[ \t]?年[ \t]?(\d{1,2})[ \t]?月[ \t]?(\d{1,2})(?:[ \t]?[日号])?/y, parts: (m) => [[+m[1], +m[2], +m[3]]] },
  // 03/04/1990 is March 4th in the US and 3 April elsewhere; either reading will do.
  { pattern: /(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)/y, parts: (m) => [[+m[3], +m[1], +m[2]], [+m[3], +m[2], +m[1]]] },
  {
    pattern: new RegExp(`(${MONTHS})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})(?!\\d)`, "iy"),
    parts: (m) => [[+m[3], MONTH_INDEX.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, +m[2]]],
  },
  {
    // "3 March 1990", "3rd of March, 1990", and as forms and passports write it: "23-Mar-1994", "03/SEP/1978".
    pattern: new RegExp(`(\\d{1,2})(?:(?:st|nd|rd|th)? (?:of )?(${MONTHS})\\.?,? |[-/.](${MONTHS})[-/.])(\\d{4})(?!\\d)`, "iy"),
    parts: (m) => [[+m[4], MONTH_INDEX.indexOf((m[2] ?? m[3]).slice(0, 3).toLowerCase()) + 1, +m[1]]],
  },
  { pattern: /(\d{4})(\d{2})(\d{2})(?!\d)/y, parts: (m) => [[+m[1], +m[2], +m[3]]] },
  // "03MAR1968", as airline bookings and passports' machine lines write it.
  {
    pattern: new RegExp(`(\\d{2})(${MONTH_INDEX.join("|")})(\\d{4})(?!\\d)`, "iy"),
    parts: (m) => [[+m[3], MONTH_INDEX.indexOf(m[2].toLowerCase()) + 1, +m[1]]],
  },
  // "23 de agosto de 1987", "3 mars 1990", "1er mai 1985", "12. März 1985", "1.º de enero de 1990".
  {
    pattern: new RegExp(`(\\d{1,2})(?:er|\\.?º|°|\\.)?[ \\t]+(?:de[ \\t]+)?(${OTHER_MONTH_NAMES})[ \\t]+(?:de[ \\t]+|del[ \\t]+)?(\\d{4})(?!\\d)`, "iy"),
    parts: (m) => [[+m[3], OTHER_MONTHS[m[2].toLowerCase()], +m[1]]],
  },
  // "birthday is Dec 9", "生日 3月12日": a birthday without its year (2000 is a leap year, so Feb 29 stands).
  {
    pattern: new RegExp(`(${MONTHS})\\.? (\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])`, "iy"),
    parts: (m) => [[2000, MONTH_INDEX.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, +m[2]]],
  },
  { pattern: /(\d{1,2})[ \t]?月[ \t]?(\d{1,2})[ \t]?[日号]/y, parts: (m) => [[2000, +m[1], +m[2]]] },
];
// Formats without a year (the last two) stand only right after their cue.
const WITH_YEAR = DATE_FORMATS.length - 2;

// "一九九二年三月八日": a date in Chinese numerals, year digit by digit, month and day counted.
const ZH_DIGITS = "〇零一二三四五六七八九";
const ZH_NUMERAL_DATE = /([〇零一二三四五六七八九]{4})年(十?[一二三四五六七八九]|十)月((?:[一二]?十)?[一二三四五六七八九]|[二三]?十)[日号]/y;
const zhDigit = (c: string) => Math.max(0, ZH_DIGITS.indexOf(c) - 1);
function zhCount(n: string): number {
  const ten = n.indexOf("十");
  if (ten < 0) return zhDigit(n);
  return (ten === 0 ? 1 : zhDigit(n[0])) * 10 + (ten === n.length - 1 ? 0 : zhDigit(n[n.length - 1]));
}
function zhNumeralDateEnd(text: string, at: number): number {
  ZH_NUMERAL_DATE.lastIndex = at;
  const m = ZH_NUMERAL_DATE.exec(text);
  if (!m) return -1;
  const year = +[...m[1]].map(zhDigit).join("");
  return isPlausibleDate(year, zhCount(m[2]), zhCount(m[3])) ? ZH_NUMERAL_DATE.lastIndex : -1;
}
// After 出生年月 a year and a month are the whole date: "出生年月：1993.08", "1995年3月".
const YEAR_MONTH = /(\d{4})(?:[-/.]|[ \t]?年[ \t]?)(\d{1,2})(?:[ \t]?月)?(?![\d.\-/])/y;

/** End of a date written at `at`, or -1; with `yearOnly`, only a date that has its year. */
function dateEnd(text: string, at: number, yearOnly = false): number {
  const formats = yearOnly ? WITH_YEAR : DATE_FORMATS.length;
  for (let i = 0; i < formats; i++) {
    const { pattern, parts } = DATE_FORMATS[i];
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m && parts(m).some(([y, mo, d]) => isPlausibleDate(y, mo, d))) return at + m[0].length;
  }
  return text.charCodeAt(at) >= 0x3007 ? zhNumeralDateEnd(text, at) : -1;
}

// How far into its sentence a cue's date may stand: "Rahul's birthday per the HR sheet is 1990-06-21",
// "my date of birth for the verification is August 3, 1969", "the DOB on file? We have 1 January 1950".
const MAX_SENTENCE_REACH = 60;
const DATE_START = new RegExp(String.raw`\d|[〇零一二三四五六七八九](?=[〇零一二三四五六七八九]{3}年)|(?<![A-Za-z])(?:${MONTHS})(?![a-z])`, "iy");

const isLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const BIRTH_YEAR = /(?<!\d)(?:1[89]\d\d|20[01]\d)(?!\d)|^一[八九]|^二[〇零][〇零一]/;

/**
 * The date with its year that first stands after `from` in the same sentence (a "?" may end the
 * question the answer follows), when no other number stands before it: [start, end], or null.
 */
function dateInSentence(text: string, from: number): [number, number] | null {
  const limit = Math.min(text.length, from + MAX_SENTENCE_REACH);
  for (let at = from; at < limit; at++) {
    const c = text.charCodeAt(at);
    if (c === 10 || c === 46 || c === 0x3002 || c === 59) return null; // \n . 。 ;
    // Only a digit, a year's first numeral or a word's first letter may start a date.
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!(c >= 48 && c <= 57) && c !== 0x4e00 && c !== 0x4e8c && !(letter && !isLetterCode(text.charCodeAt(at - 1)))) continue;
    DATE_START.lastIndex = at;
    if (!DATE_START.test(text)) continue;
    const end = dateEnd(text, at, true);
    // A year gone by long enough to be a customer's birth, not a deadline's ("runs until 2026-12-31").
    if (end > 0) return BIRTH_YEAR.test(text.slice(at, end)) ? [at, end] : null;
    if (c >= 48 && c <= 57) return null;
  }
  return null;
}

// Or the same date written again in brackets ("2 Ramadan 1410 (28 March 1990)").
const ANOTHER_DATE = /[ \t]*(?:\/|,|;|&|and|or|not|vs\.?|but|但|而不是|不是|、|和|[(（])[ \t]*/y;
const HIJRI_DATE_WHOLE = /Muharram|Safar|Rabi|Jumad|Rajab|Sha[ʿ'’]?ban|Rama[dz]an|Shawwal|Dhu/i;
// A date in the Islamic calendar: day, month, year after the Hijra.
const HIJRI_DATE =
  /\d{1,2}[ \t]+(?:Muharram|Safar|Rabi[ʿ'’]?[ \t-]?al[ \t-]?(?:Awwal|Thani|Akhir)|Jumad[ae][ \t-]?al[ \t-]?(?:Ula|Awwal|Akhirah|Thani)|Rajab|Sha[ʿ'’]?ban|Rama[dz]an|Shawwal|Dhu[ \t-]?al[ \t-]?(?:Qa[ʿ'’]?dah|Hijjah))[ \t]+1[34]\d\d(?:[ \t]*AH)?(?![\w])/iy;
// "application says 1995-05-17, ID says 1995-07-15": another record's reading of the same date, of a year close to it.
const ANOTHER_READING = /[,;][ \t]*(?:the[ \t]+|but[ \t]+|while[ \t]+)?[\w-]{1,16}[ \t]+(?:says|said|shows|showed|has|had|reads|lists|states|gives)[ \t]+/y;
const YEAR = /(?:19|20)\d\d/;
const MAX_LISTED_DATES = 4;

// After a transcript's speaker, a few words before the date: "Caller: Sure, it's March 9th, 1961".
const ANSWER_PREAMBLE = /(?:sure|yes|yeah|yep|ok(?:ay)?|it(?:['’]s| is)|that(?:['’]s| is)|是|好的|嗯)[ ,，.]*/iy;

// "1990年3月7日出生": in Chinese the cue often follows the date.
// Blanks may stand around 年, 月 and 日 ("1995 年 8 月 17 日出生"), and the date may be written
// with digits only ("（2018-03-09 出生）"). Not 生产, 生效 or 生成: a product's or a rule's date.
const ZH_DATE_THEN_CUE = /(\d{4})(?:[ \t]?年[ \t]?(\d{1,2})[ \t]?月[ \t]?(\d{1,2})[ \t]?[日号]|([-/.])(\d{1,2})\4(\d{1,2}))[ \t]?(?=出生|生(?![产效成活意]))/g;
// A transcript's question and its answer on the next line: "…confirm the date of birth on the
// account?\nCaller: 22 August 1984" (after a "[10:03] " stamp maybe), "请告诉我您的出生日期\n用户：1982年11月11日" (a request, no "?").
const QUESTION_THEN_ANSWER = /[^\n?？]{0,60}[?？]?[ \t]*\r?\n[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?:[^\n:：\[]{1,20}[:：][ \t]*)?/y;
// The same on one line: the sentence ends, the label of the one asked (not "Note:"), the answer.
const ANSWER_ON_LINE = /[^\n?？.。]{0,60}[.?？。][ \t]+(?:Customer|Caller|Client|User|Member|Guest|Patient|Applicant|Cardholder|Visitor|Me|客户|用户)[:：][ \t]*/y;

const CELL_EDGE = /[,;|\t\n"]/;

/** The character before `at` past the blanks a markdown cell pads with ("| 1988-01-17 |"), or a line break at the text's start. */
function edgeBefore(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  return i < 0 ? "\n" : text[i];
}

/** The character after `at` past blanks, or a line break at the text's end. */
function edgeAfter(text: string, at: number): string {
  let i = at;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i >= text.length ? "\n" : text[i];
}

/** Whether the cue fills a table header's cell ("patient_id,birth_date,sex", "| Name | DOB |"). */
function isHeaderCell(text: string, start: number, end: number): boolean {
  // "passport_dob", "holder_birth_date": a header whose last word is the cue.
  let cellStart = start;
  if (text.charCodeAt(start - 1) === 95) while (cellStart > 0 && start - cellStart < 24 && /[a-z0-9_]/.test(text[cellStart - 1])) cellStart--;
  return CELL_EDGE.test(edgeBefore(text, cellStart)) && CELL_EDGE.test(edgeAfter(text, end)) && text.indexOf("\n", end) > 0 && text.lastIndexOf("\n", start) === text.lastIndexOf("\n", start - 1);
}

const MAX_DATE_ROWS = 1000;

/** The dates in the column a header cue heads: each row's cell in that column, when it is a whole date. */
function detectDateColumn(text: string, cueAt: number, out: FindingSink): void {
  let lineStart = text.indexOf("\n", cueAt) + 1;
  for (let row = 0; row < MAX_DATE_ROWS && lineStart > 0 && lineStart < text.length; row++) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // The cell in this row whose column header is the cue: found by the header the row's cells read back to.
    for (let at = lineStart; at < lineEnd; ) {
      // A markdown cell's padding: the date starts after it.
      while (at < lineEnd && text.charCodeAt(at) === 32) at++;
      const end = dateEnd(text, at);
      if (end > 0 && CELL_EDGE.test(edgeBefore(text, at)) && (end === lineEnd || CELL_EDGE.test(edgeAfter(text, end))) && DOB_HEADER.test(columnHeader(text, at))) {
        addFinding(out, text, "DATE_OF_BIRTH", at, end, 0.85, "dob-column");
      }
      const next = text.slice(at, lineEnd).search(CELL_EDGE);
      if (next < 0) break;
      at += next + 1;
    }
    lineStart = lineEnd + 1;
  }
}

const DOB_HEADER = /^(?:[a-z]{2,16}_)?(?:dob|d\.o\.b\.?|date[ _-]?of[ _-]?birth|birth(?:[ _-]?(?:date|dt))?|birthday|出生日期|出生年月日?|生日)$/;

/**
 * Where a character last stands before, or next stands after, a position, for positions asked in
 * increasing order: each occurrence is found once, however many cues ask.
 */
class LastBefore {
  private last = -1;
  private next: number;
  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {
    this.next = text.indexOf(char);
  }
  private advance(to: number): void {
    while (this.next !== -1 && this.next < to) {
      this.last = this.next;
      this.next = this.text.indexOf(this.char, this.next + 1);
    }
  }
  before(at: number): number {
    this.advance(at);
    return this.last;
  }
  after(at: number): number {
    this.advance(at);
    return this.next === -1 ? Infinity : this.next;
  }
}

export function detectDatesOfBirth(text: string, out: FindingSink): void {
  const opens = new LastBefore(text, "(");
  const newlines = new LastBefore(text, "\n");
  DOB_CUE.lastIndex = 0;
  for (let m = DOB_CUE.exec(text); m; m = DOB_CUE.exec(text)) {
    GAP.lastIndex = m.index + m[0].length;
    GAP.exec(text);
    let start = GAP.lastIndex;
    let end = dateEnd(text, start);
    if (end < 0 && text.charCodeAt(start) <= 57) {
      HIJRI_DATE.lastIndex = start;
      if (HIJRI_DATE.test(text)) end = HIJRI_DATE.lastIndex;
    }
    if (end < 0 && m[0].startsWith("出生年月")) {
      YEAR_MONTH.lastIndex = start;
      const ym = YEAR_MONTH.exec(text);
      if (ym && isPlausibleDate(+ym[1], +ym[2], 1)) end = YEAR_MONTH.lastIndex;
    }
    if (end < 0 && isHeaderCell(text, m.index, m.index + m[0].length)) {
      detectDateColumn(text, m.index, out);
      // "| DOB | 1990-01-01 |" is a key and its value in one row, padded as markdown pads: read on.
      if (CELL_EDGE.test(text[m.index - 1] ?? "\n") && CELL_EDGE.test(text[m.index + m[0].length] ?? "\n")) continue;
    }
    if (end < 0) {
      const resume = detectSqlDateColumn(text, m.index, m.index + m[0].length, opens, out);
      if (resume > 0) {
        DOB_CUE.lastIndex = resume;
        continue;
      }
    }
    // "born on the 3rd of August 1969": the article before an ordinal day.
    if (end < 0 && text.startsWith("the ", start)) {
      const after = dateEnd(text, start + 4);
      if (after > 0) [start, end] = [start + 4, after];
    }
    // "born" takes its own date or none ("born in Lagos, moved on 2001-03-04").
    if (end < 0 && !/^(?:born|n[ée]|geboren|nacid)/i.test(m[0])) {
      const inSentence = dateInSentence(text, start);
      if (inSentence) [start, end] = inSentence;
    }
    // The question's line must end within its reach: found once per line, not read per cue.
    if (end < 0) {
      // A chat exported on one line: "…the date of birth on the account. Customer: 1975/06/30."
      ANSWER_ON_LINE.lastIndex = m.index + m[0].length;
      if (ANSWER_ON_LINE.test(text)) start = ANSWER_ON_LINE.lastIndex;
      else {
        if (newlines.after(m.index) - (m.index + m[0].length) > 64) continue;
        QUESTION_THEN_ANSWER.lastIndex = m.index + m[0].length;
        if (!QUESTION_THEN_ANSWER.test(text)) continue;
        start = QUESTION_THEN_ANSWER.lastIndex;
      }
      for (let words = 0; words < 3; words++) {
        ANSWER_PREAMBLE.lastIndex = start;
        if (!ANSWER_PREAMBLE.test(text)) break;
        start = ANSWER_PREAMBLE.lastIndex;
      }
      end = dateEnd(text, start);
      if (end < 0) continue;
    }
    addFinding(out, text, "DATE_OF_BIRTH", start, end, 0.9, "dob-cue");
    // "DOB: 02/14/1989 / 10/30/1987", "11 June 1992 not 6 November 1992": the dates listed or corrected after it.
    for (let more = 0; more < MAX_LISTED_DATES; more++) {
      ANOTHER_DATE.lastIndex = end;
      let from = ANOTHER_DATE.test(text) ? ANOTHER_DATE.lastIndex : -1;
      let next = from < 0 ? -1 : dateEnd(text, from, true);
      // In brackets, the same date written again: a year close to the first's, or the Gregorian one after a Hijri date.
      const bracketed = from > 0 && /[(（]/.test(text.slice(end, from));
      if (next >= 0 && bracketed && !HIJRI_DATE_WHOLE.test(text.slice(start, end)) && !closeYears(text.slice(start, end), text.slice(from, next))) next = -1;
      if (next < 0) {
        ANOTHER_READING.lastIndex = end;
        from = ANOTHER_READING.test(text) ? ANOTHER_READING.lastIndex : -1;
        next = from < 0 ? -1 : dateEnd(text, from, true);
        if (next >= 0 && !closeYears(text.slice(start, end), text.slice(from, next))) next = -1;
      }
      if (next < 0) break;
      addFinding(out, text, "DATE_OF_BIRTH", from, next, 0.85, "dob-cue");
      start = from;
      end = next;
    }
    DOB_CUE.lastIndex = end;
  }
  detectDatesOfIdHolders(text, out);
  if (!text.includes("生")) return;
  ZH_DATE_THEN_CUE.lastIndex = 0;
  for (let m = ZH_DATE_THEN_CUE.exec(text); m; m = ZH_DATE_THEN_CUE.exec(text)) {
    if (!isPlausibleDate(+m[1], +(m[2] ?? m[5]), +(m[3] ?? m[6]))) continue;
    addFinding(out, text, "DATE_OF_BIRTH", m.index, m.index + m[0].trimEnd().length, 0.85, "dob-cue-after");
  }
}

/** Whether two dates' years are at most three apart (a date read twice, not a birth and an event). */
function closeYears(a: string, b: string): boolean {
  const x = YEAR.exec(a);
  const y = YEAR.exec(b);
  return x !== null && y !== null && Math.abs(+x[0] - +y[0]) <= 3;
}

// "INSERT INTO customers (id, name, dob) VALUES (1, 'Ana', '1989-04-17'), (…)": the cue names a
// column of an INSERT's column list, and that column of every row is a birth date.
// The table may be named in any script ("INSERT INTO 会员 (…)").
const INSERT_HEAD = /\bINSERT[ \t]+INTO[ \t]+[\p{L}\p{N}_."`[\]]{1,64}[ \t]*\($/iu;
const NOT_IN_COLUMN_LIST = /[()\n;]/;
const MAX_COLUMN_LIST = 500;
const COLUMN_CUE_EDGES = /^[ \t]*["`[]?$/;
const VALUES_AFTER = /[^()\n;]{0,500}\)\s*VALUES\s*/iy;

/**
 * The birth dates of the INSERT whose column list holds the cue at [cueStart, cueEnd); returns
 * where the rows end, or 0 when the cue is no column of an INSERT. The rows are read by sql.ts.
 */
function detectSqlDateColumn(text: string, cueStart: number, cueEnd: number, opens: LastBefore, out: FindingSink): number {
  // The column list's "(" and the statement's head before it, each read once from a known place.
  const open = opens.before(cueStart);
  if (open < 0 || cueStart - open > MAX_COLUMN_LIST) return 0;
  const list = text.slice(open + 1, cueStart);
  if (NOT_IN_COLUMN_LIST.test(list) || !INSERT_HEAD.test(text.slice(Math.max(0, open - 90), open + 1))) return 0;
  const columnsBefore = list.split(",");
  // The cue is the whole column name ("dob", "birth_date", `date_of_birth`), not part of another.
  if (!COLUMN_CUE_EDGES.test(columnsBefore[columnsBefore.length - 1]) || !/^["`\]]?[ \t]*[,)]/.test(text.slice(cueEnd, cueEnd + 3))) return 0;
  const column = columnsBefore.length - 1;
  VALUES_AFTER.lastIndex = cueEnd;
  if (!VALUES_AFTER.test(text)) return 0;
  const kinds: number[] = new Array<number>(column + 1).fill(0);
  kinds[column] = 1;
  return readRows(text, VALUES_AFTER.lastIndex, kinds, (_kind, start, end) => {
    if (dateEnd(text, start) === end) addFinding(out, text, "DATE_OF_BIRTH", start, end, 0.85, "dob-sql");
  });
}

// Any full date with digits: 1977-12-01, 1977/12/1, 1977.12.01, 1977年12月1日.
const FULL_DATE = /(?<!\d)(\d{4})(?:[-/.]|[ \t]?年[ \t]?)(\d{1,2})(?:[-/.]|[ \t]?月[ \t]?)(\d{1,2})(?:[ \t]?[日号])?(?!\d)/g;
const MAX_ID_DATES = 20;

/**
 * A Chinese resident ID holds its holder's birth date (digits 7–14): the same date written
 * elsewhere in the text ("卢晓光 | 男 | 1977-12-01 | 2101021977120131xx", a form's 出生 cell) is
 * that person's date of birth, whatever its label. The IDs' dates are collected first, then the
 * text's dates are read once.
 */
function detectDatesOfIdHolders(text: string, out: FindingSink): void {
  const births = new Set<string>();
  // The numbers' detector has found the IDs already (it runs first, on any text with digits).
  for (const f of out) if (f.type === "CN_RESIDENT_ID" && births.size < MAX_ID_DATES && isValidCnResidentId(f.text)) births.add(f.text.slice(6, 14));
  if (births.size === 0) return;
  FULL_DATE.lastIndex = 0;
  for (let m = FULL_DATE.exec(text); m; m = FULL_DATE.exec(text)) {
    const key = m[1] + m[2].padStart(2, "0") + m[3].padStart(2, "0");
    if (births.has(key)) addFinding(out, text, "DATE_OF_BIRTH", m.index, m.index + m[0].length, 0.85, "dob-resident-id");
  }
}
