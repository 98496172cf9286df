/**
 * SQL INSERT statements, "INSERT INTO customers (id, full_name, password) VALUES (1, 'Ana Lima', '…'),
 * (…)": a column list and rows of values in the same order. What a column holds is judged by its
 * name (a person's, a password's); each quoted value is handed over with its column's kind. Columns
 * are read once, each row once, quote by quote.
 */

const SQL_INSERT = /\bINSERT[ \t]+INTO[ \t]+[\p{L}\p{N}_."`\[\]]{1,64}[ \t]*\(([^()\n]{1,500})\)\s*VALUES\s*/giuy;
const INSERT_START = /\bINSERT[ \t]+INTO\b/gi;
const MAX_ROWS = 1000;

/** Whether `text` may hold an INSERT's rows: the cheap test before the search. */
export function mayHoldInsert(text: string): boolean {
  return text.includes("VALUES") || text.includes("values");
}

/**
 * Calls `onValue` for each quoted value of the INSERT statements in `text` whose column `kindsOf`
 * gave a kind above 0. `kindsOf` gets the table's name and the column names, unquoted.
 */
export function readSqlInserts(
  text: string,
  kindsOf: (table: string, columns: string[]) => number[],
  onValue: (kind: number, start: number, end: number) => void,
): void {
  INSERT_START.lastIndex = 0;
  for (let m = INSERT_START.exec(text); m; m = INSERT_START.exec(text)) {
    SQL_INSERT.lastIndex = m.index;
    const insert = SQL_INSERT.exec(text);
    if (!insert) continue;
    const table = (/INTO[ \t]+(\S+)/i.exec(insert[0])?.[1] ?? "").replace(/["`[\]]/g, "");
    const kinds = kindsOf(table, insert[1].split(",").map((c) => c.trim().replace(/^["`[]|["`\]]$/g, "")));
    if (!kinds.some((k) => k > 0)) continue;
    INSERT_START.lastIndex = readRows(text, SQL_INSERT.lastIndex, kinds, onValue);
  }
}

/**
 * Reads an INSERT's rows, "(v, 'v', …), (…)", from `at`, handing over the quoted values of the
 * columns with a kind above 0; returns where it stopped.
 */
export function readRows(text: string, at: number, kinds: number[], onValue: (kind: number, start: number, end: number) => void): number {
  let i = at;
  for (let row = 0; row < MAX_ROWS && text.charCodeAt(i) === 40; row++) {
    i++;
    for (let column = 0; ; column++) {
      while (text.charCodeAt(i) === 32) i++;
      if (text.charCodeAt(i) === 39) {
        // A quoted value: '' inside it is a quote.
        let end = i + 1;
        while (end < text.length && !(text.charCodeAt(end) === 39 && text.charCodeAt(end + 1) !== 39)) end += text.charCodeAt(end) === 39 ? 2 : 1;
        if (end >= text.length) return end;
        if (kinds[column] > 0) onValue(kinds[column], i + 1, end);
        i = end + 1;
      } else {
        while (i < text.length && text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 41 && text.charCodeAt(i) !== 10) i++;
      }
      while (text.charCodeAt(i) === 32) i++;
      if (text.charCodeAt(i) !== 44) break;
      i++;
    }
    if (text.charCodeAt(i) !== 41) return i;
    i++;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 44) i++;
  }
  return i;
}
