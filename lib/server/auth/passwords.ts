import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { availableParallelism } from "node:os";
import bcrypt from "bcryptjs";

/**
 * Password hashes: scrypt, which Node runs on libuv's thread pool, so signing in never holds
 * up the requests the main thread is serving (bcryptjs computed on it: six wrong passwords at
 * once pushed an agent's ingestion p50 from 22 to 472 ms). Stored self-describing,
 * `scrypt$N$r$p$salt$hash` (salt and hash in base64), so the cost can be raised later and
 * older hashes still verify. scrypt takes the whole password: bcrypt read only its first 72 bytes.
 *
 * N = 2^15, r = 8: 32 MiB and about 100 ms a hash on an idle core. At most half the cores hash
 * at once (one on a two-core machine); more sign-ins wait their turn, so that a burst of them
 * leaves the other cores to the requests the server is there for.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Refuses stored parameters that would take more than this much memory (a corrupt or hostile row). */
const MAX_MEMORY = 256 * 1024 * 1024;

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const HASHING_AT_ONCE = Math.max(1, Math.floor(availableParallelism() / 2));
let hashing = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  if (hashing >= HASHING_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    const options: ScryptOptions = { ...cost, maxmem: MAX_MEMORY };
    return await new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
  } finally {
    // The turn passes straight to the next in line; `hashing` counts turns taken.
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parseScrypt(stored: string): ScryptHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const key = Buffer.from(parts[5], "base64");
  const sane = [N, r, p].every(Number.isSafeInteger) && N > 1 && (N & (N - 1)) === 0 && r > 0 && p > 0 && 128 * N * r <= MAX_MEMORY / 2;
  return sane && salt.length > 0 && key.length > 0 ? { N, r, p, salt, key } : null;
}

const isBcrypt = (stored: string) => /^\$2[abxy]\$\d{2}\$/.test(stored);

/**
 * Whether the password matches the stored hash. An account without a usable hash (none, or
 * unreadable) still costs one scrypt against a fixed dummy, so that how long a refusal takes
 * does not tell whether the email has an account.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored ? parseScrypt(stored) : null;
  if (parsed) {
    const key = await derive(password, parsed.salt, parsed, parsed.key.length);
    return timingSafeEqual(key, parsed.key);
  }
  // Hashes from before scrypt: verified on the main thread, once each, then replaced (needsRehash).
  if (stored && isBcrypt(stored)) return bcrypt.compare(password, stored);
  await verifyPassword(password, await dummyHash());
  return false;
}

/** True when the stored hash is not scrypt at today's cost: replace it at the next successful sign-in. */
export function needsRehash(stored: string | null): boolean {
  const parsed = stored ? parseScrypt(stored) : null;
  return !parsed || parsed.N !== COST.N || parsed.r !== COST.r || parsed.p !== COST.p || parsed.key.length !== KEY_BYTES;
}

let dummy: Promise<string> | undefined;
/** One hash per process of a password nobody knows, at today's cost. */
const dummyHash = () => (dummy ??= hashPassword(randomBytes(32).toString("base64")));

/** 20 characters, easy to copy, no look-alikes. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join("");
}
