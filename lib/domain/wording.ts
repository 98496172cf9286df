/**
 * Counts and labels as people read them: "1 failure", "2 failures", "Seen
 * once", and long labels cut in the middle so that labels sharing a start
 * ("GET /api/v1/accounts/{n}/…") still show the part that tells them apart.
 */

/** "1 failure", "1,204 failures"; `plural` for irregular words. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}

/** "Seen once", "Seen twice", "Seen 3 times". */
export function timesSeen(count: number): string {
  if (count === 1) return "Seen once";
  if (count === 2) return "Seen twice";
  return `Seen ${count.toLocaleString("en-US")} times`;
}

/** The text cut to at most `max` characters by dropping its middle, or the text itself when it fits. */
export function middleTruncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const keep = Math.max(max - 1, 2);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return `${chars.slice(0, head).join("").trimEnd()}…${chars.slice(chars.length - tail).join("").trimStart()}`;
}
