import * as gazetteer from "../names/gazetteer";
import { COMMON, COMPANY, FAMILIAR, FIRST, LAST, WORD } from "../names/gazetteer";
import * as context from "./context";
import type { PiiFinding } from "../types";
import type { FindingSink } from "./context";
import * as personContext from "./person-context";
import { PARTICLES } from "./person-en";
import { isNameHandle } from "./person-handle";
import { readSqlInserts } from "./sql";

// Local bindings: test runners and bundlers export through getters, which would be called for
// every cell of every row.
const { isOrdinaryChinese, surnameLength, wordClass } = gazetteer;
const { addFinding } = context;
const { isPersonKey } = personContext;

/**
 * Names in tables: CSV, TSV and markdown, whose header says which column holds names
 * ("last_name,first_name", "| reporter |", "姓名"), and SQL INSERT statements, whose column list
 * does. Cells of a name column are names by position, however rare; cells of a column that only
 * usually holds people ("customer", "owner") must look like a name too.
 */

// Columns whose every cell is a person's name or part of one.
const NAME_COLUMNS = new Set([
  "name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname", "middlename", "displayname",
  "customername", "contactname", "holdername", "cardholdername", "passengername", "employeename", "patientname",
  "姓名", "姓", "名", "名字", "客户姓名",
]);

// Who a "<who>_name" column names: people only ("host_name" and "agent_name" name machines too).
const PEOPLE = new Set([
  "guest", "passenger", "payee", "payer", "driver", "patient", "customer", "client", "contact", "holder", "cardholder",
  "accountholder", "beneficiary", "recipient", "sender", "employee", "applicant", "tenant", "landlord", "buyer", "seller",
  "traveler", "traveller", "student", "member", "attendee", "owner", "author", "reporter", "assignee", "requester",
  "approver", "reviewer", "emergencycontact", "nextofkin", "spouse", "guardian", "witness", "signer", "insured",
  "policyholder", "subscriber", "doctor", "nurse", "teacher", "candidate", "shipto", "billto", "manager", "parent",
  "mother", "father", "child", "caller", "courier", "consignee", "shipper", "borrower", "lender", "donor", "visitor",
]);

/** A name column: one of NAME_COLUMNS, or a person with "name" after it ("guest_name", "payee_name", "driver_full_name"). */
function isNameColumn(key: string): boolean {
  if (NAME_COLUMNS.has(key)) return true;
  const m = /^([a-z]{3,20}?)(?:full|first|last|given|family)?name$/.exec(key);
  return m !== null && PEOPLE.has(m[1]);
}

const MAX_LINE = 1000;
const MAX_CELL = 60;
// A header cell is a word or a few; "#" and "No." number the rows.
const HEADER_CELL = /^(?:[\p{L}_][\p{L}\p{N}_ .-]{0,29}|#|No\.?)$/u;

// Cell bounds of the line being read, as [start, end, start, end, …]: reused, so that a table of
// ten thousand rows allocates nothing per row.
const bounds: number[] = [];

/** Reads one line's cells into `bounds`, quotes stripped ("Nguyen, Thi Lan" holds the delimiter); returns their number, -1 if malformed. */
function cells(text: string, from: number, to: number, delimiter: number): number {
  bounds.length = 0;
  let i = from;
  if (delimiter === 124) {
    while (i < to && text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) === 124) i++;
  }
  while (i <= to) {
    let start = i;
    let end: number;
    if (text.charCodeAt(i) === 34) {
      const close = text.indexOf('"', i + 1);
      if (close < 0 || close >= to) return -1;
      start = i + 1;
      end = close;
      i = close + 1;
      while (i < to && text.charCodeAt(i) !== delimiter) i++;
    } else {
      while (i < to && text.charCodeAt(i) !== delimiter) i++;
      end = i;
    }
    while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
    while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    bounds.push(start, end);
    i++;
  }
  // A markdown row ends with "|": drop the empty cell after it.
  if (delimiter === 124 && bounds.length > 0 && bounds[bounds.length - 1] === bounds[bounds.length - 2]) bounds.length -= 2;
  return bounds.length / 2;
}

// Characters no header holds but JSON and log lines are full of: a line stops being read at the first.
const NOT_IN_HEADER = new Set([..."{}[]:=<>/\\"].map((c) => c.charCodeAt(0)));

/**
 * A header line's delimiter: "|" for markdown, else a tab, a comma or a semicolon; -1 for none, or
 * for a line that cannot be a header. Reads the line only.
 */
function delimiterOf(text: string, from: number, to: number): number {
  let first = from;
  while (first < to && text.charCodeAt(first) === 32) first++;
  if (text.charCodeAt(first) === 124) return 124;
  let found = -1;
  for (let i = first; i < to; i++) {
    const c = text.charCodeAt(i);
    if (NOT_IN_HEADER.has(c)) return -1;
    if (c === 9) return 9;
    if (c === 44) found = 44;
    else if (c === 59 && found < 0) found = 59;
    else if (c === 124 && found < 0) found = -124;
  }
  // psql's " name | email" header, cells between bars with none at the ends.
  return found === -124 ? 124 : found;
}

const LATIN_CELL = /^\p{Lu}[\p{L}\p{M}'’.-]*(?:,?[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,3}$/u;
const HAN_CELL = /^[\u4e00-\u9fff]{1,4}$/;
const HANDLE_CELL = /^[a-z][a-z.-]{3,39}$/;

/** How sure a cell of this column is a name, or 0. */
function cellScore(value: string, nameColumn: boolean): number {
  if (value.length === 0 || value.length > MAX_CELL) return 0;
  if (HAN_CELL.test(value)) {
    if (nameColumn) return 0.8;
    if (value.length < 2 || surnameLength(value, 0, true) === 0 || (value.length <= 3 && isOrdinaryChinese(value, 0, value.length === 2 ? 2 : 3))) return 0;
    return 0.7;
  }
  // "dsantos", "svetlana.morozova" under owner or assignee: a login made of a name.
  if (!LATIN_CELL.test(value)) return HANDLE_CELL.test(value) && isNameHandle(value) ? 0.6 : 0;
  // "| MS | Morgan Stanley |": a firm or a place under "Name" is no one.
  if (value.includes(" ") && gazetteer.isNotPerson(value.toLowerCase())) return 0;
  if (nameColumn) return 0.8;
  // Two words or more, each a name or a word no list knows, one of them a name that is no word
  // ("Obinna Chukwu", "Gulnara Seitkali"); "Acme Corp", "North America", "Platform Team" fail.
  const words = value.split(/,?[ \t]+/).map((w) => wordClass(w.toLowerCase()));
  const nameOrUnknown = (c: number) => c === 0 || (c & (FIRST | LAST) && !(c & (COMMON | FAMILIAR | COMPANY)));
  const plainName = (c: number) => (c & (FIRST | LAST)) !== 0 && !(c & (COMMON | FAMILIAR | WORD | COMPANY));
  // One word under a person's column ("opened_by | Kowalski"): a name that is no word, a surname alone.
  if (words.length === 1) return plainName(words[0]) ? 0.6 : 0;
  if (!words.every(nameOrUnknown) || !words.some(plainName)) return 0;
  return 0.7;
}

export function detectTablePersons(text: string, out: FindingSink): void {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const next = header(text, lineStart, lineEnd);
    lineStart = next === null ? lineEnd + 1 : rows(text, lineEnd + 1, next, out);
  }
}

interface Header {
  delimiter: number;
  count: number;
  /** Per column: 2 a name column, 1 a person column, 0 anything else. */
  kinds: number[];
}

function header(text: string, from: number, to: number): Header | null {
  if (to - from > MAX_LINE || to - from < 3) return null;
  const delimiter = delimiterOf(text, from, to);
  if (delimiter < 0) return null;
  const count = cells(text, from, to, delimiter);
  if (count < 2) return null;
  let any = false;
  const kinds: number[] = [];
  const keys: string[] = [];
  for (let c = 0; c < count; c++) {
    const cell = text.slice(bounds[2 * c], bounds[2 * c + 1]).replace(/\*\*/g, "");
    if (!HEADER_CELL.test(cell)) return null;
    const key = cell.toLowerCase().replace(/[-_. ]/g, "");
    const kind = isNameColumn(key) ? 2 : isPersonKey(cell) ? 1 : 0;
    if (kind > 0) any = true;
    kinds.push(kind);
    keys.push(key);
  }
  // "first" and "last" alone may be a range's ends; side by side in one header they are a name's parts.
  const first = keys.indexOf("first");
  const last = keys.indexOf("last");
  if (first >= 0 && last >= 0) {
    kinds[first] = kinds[last] = 2;
    any = true;
  }
  return any ? { delimiter, count, kinds } : null;
}

// The line under a markdown header: "|---|:--:|"; under psql's: "------+------".
const MARKDOWN_RULE = /^[ \t]*\|?[ \t:|+-]+\|?[ \t]*$/;

/**
 * A cell of a person column that did not read as a name alone, but does among names: one name
 * ("Hassan") or a few words of which one is a name or no word ("Dang Van Long"); not "Unassigned",
 * "Platform Team" or "TBD".
 */
function namelikeAmongNames(value: string): boolean {
  if (!LATIN_CELL.test(value)) return false;
  const words = value.split(/,?[ \t]+/).map((w) => wordClass(w.toLowerCase().replace(/\.$/, "")));
  if (words.some((c) => c & COMPANY)) return false;
  if (words.length === 1) return (words[0] & (FIRST | LAST)) !== 0 && !(words[0] & (COMMON | FAMILIAR));
  return words.some((c) => c === 0 || ((c & (FIRST | LAST)) !== 0 && !(c & (COMMON | FAMILIAR))));
}

// Per person column of the table being read: how many cells read as names, and where the others
// that may be one are ([column, start, end, …]).
const named: number[] = [];
const doubtful: number[] = [];
/** At most this many doubtful cells are kept for a second look. */
const MAX_DOUBTFUL = 1000;

/** Reads the rows under a header until one has another shape; returns where the next line starts. */
function rows(text: string, from: number, head: Header, out: FindingSink): number {
  named.length = 0;
  doubtful.length = 0;
  for (let column = 0; column < head.count; column++) named.push(0);
  let lineStart = from;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd - lineStart > MAX_LINE) break;
    if (head.delimiter === 124 && MARKDOWN_RULE.test(text.slice(lineStart, lineEnd))) {
      lineStart = lineEnd + 1;
      continue;
    }
    if (cells(text, lineStart, lineEnd, head.delimiter) !== head.count) break;
    for (let column = 0; column < head.count; column++) {
      if (head.kinds[column] <= 0) continue;
      const start = bounds[2 * column];
      const end = bounds[2 * column + 1];
      const score = cellScore(text.slice(start, end), head.kinds[column] === 2);
      if (score > 0) {
        addFinding(out, text, "PERSON", start, end, score, "person-table");
        named[column]++;
      } else if (end > start && doubtful.length < 3 * MAX_DOUBTFUL) doubtful.push(column, start, end);
    }
    lineStart = lineEnd + 1;
  }
  // A person column most of whose cells are names ("Owner": two full names and "Hassan"): its
  // other cells that may be a name are one.
  const others = named.map(() => 0);
  for (let i = 0; i < doubtful.length; i += 3) others[doubtful[i]]++;
  for (let i = 0; i < doubtful.length; i += 3) {
    const column = doubtful[i];
    if (named[column] < 2 || named[column] < others[column]) continue;
    const start = doubtful[i + 1];
    const end = doubtful[i + 2];
    if (namelikeAmongNames(text.slice(start, end))) addFinding(out, text, "PERSON", start, end, 0.6, "person-table");
  }
  return lineStart;
}

// "INSERT INTO customers (id, full_name, email) VALUES (1, 'Ana Lima', …), (…)": the values of the
// person and name columns.
const THING_TABLE = /(?:^|[._])(?:products?|items?|skus?|plans?|categor(?:y|ies)|stores?|shops?|merchants?|compan(?:y|ies)|vendors?|suppliers?|services?|tags?|regions?|cit(?:y|ies)|countr(?:y|ies)|banks?|branch(?:es)?|warehouses?|roles?|permissions?|teams?|departments?|projects?|files?|documents?|templates?|campaigns?|coupons?|features?|brands?|menus?|dishes|recipes?|courses?|events?|venues?|hotels?|rooms?|routes?|airports?|currenc(?:y|ies)|tickets?)$/i;

/** Names in the person and name columns of SQL INSERT statements. */
export function detectSqlPersons(text: string, out: FindingSink): void {
  readSqlInserts(
    text,
    (table, columns) => {
      // "INSERT INTO products (sku, name, …)": a thing's table names things.
      const things = THING_TABLE.test(table);
      return columns.map((column) => {
        if (things && /^name$/i.test(column)) return 0;
        return isNameColumn(column.toLowerCase().replace(/[-_. ]/g, "")) ? 2 : isPersonKey(column) ? 1 : 0;
      });
    },
    (kind, start, end) => {
      const score = cellScore(text.slice(start, end), kind === 2);
      if (score > 0) addFinding(out, text, "PERSON", start, end, score, "person-sql");
    },
  );
}

const MAX_TABLE_ROWS = 500;

/**
 * "| 48 | Faith Mwangi | D. Kowalczyk |" under a header that names no person ("Primary", "Secondary"):
 * once the other detectors have found names in two cells or more of a column, and in at least half
 * of its cells, the column holds people, and its other cells that read as a name ("Faith Mwangi",
 * a given name alone such as "Will") are names too. Runs after every other detector, on tables
 * (markdown, CSV, TSV) of two rows or more with a name found in them.
 */
export function detectColumnsOfNames(text: string, out: FindingSink): void {
  let covered: Uint8Array | null = null;
  // Only the lines that hold a name already can be a row of such a column: tables are looked for
  // around them, not line by line through the whole text.
  // By start, each line is read at most twice (up from a name, then down through the table).
  const starts: number[] = [];
  for (const f of out) if (f.type === "PERSON") starts.push(f.start);
  starts.sort((a, b) => a - b);
  let readUntil = 0;
  for (const at of starts) {
    if (at < readUntil) continue;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    const floor = readUntil;
    readUntil = lineEnd + 1;
    const delimiter = lineEnd - lineStart <= MAX_LINE ? delimiterOf(text, lineStart, lineEnd) : -1;
    if (delimiter < 0) continue;
    const count = cells(text, lineStart, lineEnd, delimiter);
    if (count < 2) continue;
    // Up to the table's first row (not into lines read before), then down through its rows: [start,
    // end] per cell, row after row.
    let first = lineStart;
    for (let rows = 0; first > floor && first > 0 && rows < MAX_TABLE_ROWS; rows++) {
      const above = text.lastIndexOf("\n", first - 2) + 1;
      if (first - 1 - above > MAX_LINE) break;
      if (!(delimiter === 124 && MARKDOWN_RULE.test(text.slice(above, first - 1))) && cells(text, above, first - 1, delimiter) !== count) break;
      first = above;
    }
    const table: number[] = [];
    let rowsRead = 0;
    let next = first;
    while (next < text.length && rowsRead < MAX_TABLE_ROWS) {
      let end = text.indexOf("\n", next);
      if (end < 0) end = text.length;
      if (end - next > MAX_LINE) break;
      if (delimiter === 124 && MARKDOWN_RULE.test(text.slice(next, end))) {
        next = end + 1;
        continue;
      }
      if (cells(text, next, end, delimiter) !== count) break;
      table.push(...bounds);
      rowsRead++;
      next = end + 1;
    }
    readUntil = next;
    if (rowsRead < 3) continue;
    covered ??= personCoverage(text, out);
    // A name found in one column is found again in another ("Faith Mwangi" on call this week, backup the
    // last): read the columns again while that finds more, a few times at most.
    for (let pass = 0; pass < 3 && nameColumns(text, table, count, covered, out); pass++);
  }
}

function personCoverage(text: string, out: FindingSink): Uint8Array {
  const covered = new Uint8Array(text.length + 1);
  for (const f of out) if (f.type === "PERSON") covered.fill(1, f.start, f.end);
  return covered;
}

/** Adds the names of the table's name columns; whether it added any. */
function nameColumns(text: string, table: number[], count: number, covered: Uint8Array, out: FindingSink): boolean {
  const rows = table.length / (2 * count);
  let added = false;
  for (let column = 0; column < count; column++) {
    let named = 0;
    let filled = 0;
    for (let row = 0; row < rows; row++) {
      const start = table[2 * (row * count + column)];
      const end = table[2 * (row * count + column) + 1];
      if (end === start) continue;
      filled++;
      if (covered[start] && covered[end - 1]) named++;
    }
    if (named < 2 || 2 * named < filled) continue;
    // The first row may be the header ("Name", "Owner"): only the rows under it are read for names.
    for (let row = 1; row < rows; row++) {
      const start = table[2 * (row * count + column)];
      const end = table[2 * (row * count + column) + 1];
      if (end === start || covered[start] || covered[end - 1]) continue;
      const value = text.slice(start, end);
      if (namelikeAmongNames(value) || givenNameAlone(value)) {
        // The same name in any other cell of the table is that person too.
        for (let k = 0; k < table.length; k += 2) {
          const a = table[k];
          const b = table[k + 1];
          if (b - a !== end - start || covered[a] || text.slice(a, b) !== value) continue;
          addFinding(out, text, "PERSON", a, b, 0.6, "person-table");
          covered.fill(1, a, b);
        }
        added = true;
      }
    }
  }
  return added;
}

/** A given name alone, even one that is also a word ("Will", "Grace"), in a column of names. */
function givenNameAlone(value: string): boolean {
  return /^\p{Lu}\p{Ll}+$/u.test(value) && (wordClass(value.toLowerCase()) & FIRST) !== 0 && !(wordClass(value.toLowerCase()) & COMPANY);
}

// A list on one line: items between commas, semicolons, arrows, slashes or "and", after an optional
// label ("Approvers: de la Cruz, MacDonald, Ó Néill", "pager: Anil → Bukola → Vikram").
const LIST_SEPARATOR = /[ \t]*(?:[,;]|→|->|=>|\/|\||&|\band\b)[ \t]*/gu;
const PARTICLE = `(?:${PARTICLES})`;
// One to four capitalised words, particles among them, and maybe an aside in parentheses after.
const NAME_ITEM = new RegExp(`^((?:${PARTICLE}[ \\t]+)*\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:[ \\t]+(?:${PARTICLE}[ \\t]+)*\\p{Lu}[\\p{L}\\p{M}'’.-]*){0,3})(?:[ \\t]*\\([^)\\n]{0,60}\\))?[ \\t.]*$`, "u");
const PARTICLE_WORD = new RegExp(`^${PARTICLE}$`);
const MAX_LIST_LINE = 400;
const MIN_LIST_ITEMS = 3;

/** Whether every word of `item` could be a name: no common word, firm or place the lists know. */
function nameWords(item: string): boolean {
  for (const word of item.split(/[ \t]+/)) {
    const lower = word.toLowerCase();
    if (PARTICLE_WORD.test(lower)) continue;
    const classes = wordClass(lower.replace(/[.'’-]+$/, ""));
    if (classes & (COMMON | WORD | COMPANY | gazetteer.PLACE)) return false;
  }
  return true;
}

/**
 * The other items of a one-line list where two names or more were found are names too, whole
 * with their particles ("de la Cruz" where only "Cruz" was found), when every word of them could
 * be a name. Only lines holding two found names are read.
 */
export function detectListsOfNames(text: string, out: FindingSink): void {
  const persons = out.filter((f) => f.type === "PERSON").sort((a, b) => a.start - b.start);
  let k = 0;
  while (k + 1 < persons.length) {
    const at = persons[k].start;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    // The names found on this line: persons[k, next).
    // Two detectors often found the same name: a list needs two names apart.
    let next = k + 1;
    let apart = false;
    for (; next < persons.length && persons[next].start < lineEnd; next++) if (persons[next].start >= persons[k].end) apart = true;
    const first = k;
    k = next;
    if (!apart || lineEnd - lineStart > MAX_LIST_LINE) continue;
    // After a label's colon, if any.
    const colon = text.slice(lineStart, at).search(/[:：][ \t]*(?:[^:：]*)$/);
    const from = colon >= 0 ? lineStart + colon + 1 : lineStart;
    // The line alone is searched: a regex run over the text from here would read on to the next separator, lines away.
    const line = text.slice(from, lineEnd);
    const items: [number, number][] = [];
    let itemStart = from;
    LIST_SEPARATOR.lastIndex = 0;
    for (let m = LIST_SEPARATOR.exec(line); m; m = LIST_SEPARATOR.exec(line)) {
      if (m[0].length === 0) {
        LIST_SEPARATOR.lastIndex++;
        continue;
      }
      items.push([itemStart, from + m.index]);
      itemStart = from + m.index + m[0].length;
    }
    items.push([itemStart, lineEnd]);
    if (items.length < MIN_LIST_ITEMS) continue;
    // The first name found inside each item, by walking both in order.
    const inItem: (PiiFinding | undefined)[] = [];
    let p = first;
    for (const [s, e] of items) {
      while (p < next && persons[p].start < s) p++;
      inItem.push(p < next && persons[p].end <= e ? persons[p] : undefined);
    }
    if (inItem.filter(Boolean).length < 2) continue;
    // A found name may follow the item's cue ("cc Anna Kowalski, …"): the item is read from the name on.
    const shaped = items.map(([s, e], i) => NAME_ITEM.exec(text.slice(s, e).trim()) ?? (inItem[i] ? NAME_ITEM.exec(text.slice(inItem[i]!.start, e).trim()) : null));
    if (shaped.some((m, i) => m === null || (!inItem[i] && !nameWords(m[1])))) continue;
    for (let i = 0; i < items.length; i++) {
      const name = shaped[i]![1];
      const s = text.indexOf(name, items[i][0]);
      addFinding(out, text, "PERSON", s, s + name.length, 0.6, "person-list");
    }
  }
}
