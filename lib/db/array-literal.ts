/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for an `unnest($n::text[])`
 * parameter. Both drivers pass a string through unchanged, so a literal built
 * on an ingest worker thread spares the database's thread from escaping every
 * value of a batch itself.
 */
export function textArrayLiteral(values: ReadonlyArray<string | null>): string {
  let literal = "{";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ",";
    const value = values[index];
    literal += value === null ? "NULL" : `"${value.replace(ESCAPED, "\\$&")}"`;
  }
  return literal + "}";
}

/** Numbers need no quoting; `null` is NULL. */
export function numberArrayLiteral(values: ReadonlyArray<number | bigint | null>): string {
  return `{${values.map((value) => (value === null ? "NULL" : String(value))).join(",")}}`;
}

const ESCAPED = /[\\"]/g;
