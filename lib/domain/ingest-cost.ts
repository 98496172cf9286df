/**
 * What a request to POST /api/v1/interactions costs from its agent's rate
 * limit (`ingest.ratePerSecond`, `ingest.burst`), counted in interactions.
 *
 * Reading and parsing a body costs by its size whatever it holds, so a body
 * costs at least one interaction per `BODY_BYTES_PER_TOKEN`. An ordinary
 * interaction is under 1 KiB of JSON, so a batch of them pays for its items,
 * as before; a body that holds few (one item padded to 1 MiB) pays for its
 * bytes.
 *
 * A body that yields nothing (not JSON, over 1 MiB, no valid item) costs
 * `REFUSED_BODY_FACTOR` times as much: a client retrying what it was told is
 * wrong, or sending nonsense on purpose, then makes the server parse at most
 * about 128 KiB a second at the default rate, about 1 % of a core for the
 * costliest bodies (45,000 unknown fields: some 100 ms per MiB). Charged at
 * its size alone, such a flood (2 MiB a second) kept the one ingest thread
 * busy a tenth of the time, and another agent's batches waiting behind it
 * (`npm run bench:flood`: p99 from 16 to 100 ms).
 */
export const BODY_BYTES_PER_TOKEN = 1024;
export const REFUSED_BODY_FACTOR = 16;

/** The cost of a body of `bytes` that held `items` interactions, valid or not. */
export function ingestCost(items: number, bytes: number): number {
  return Math.max(items, bodyCost(bytes));
}

/** The cost of a body that yielded nothing: `items` it held (0 when it did not parse), `bytes` read. */
export function refusedCost(items: number, bytes: number): number {
  return REFUSED_BODY_FACTOR * ingestCost(items, bytes);
}

/** The cost of reading `bytes` of body, before (or without) parsing it. */
export function bodyCost(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / BODY_BYTES_PER_TOKEN));
}
