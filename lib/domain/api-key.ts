/**
 * Agent API keys look like `rmd_<8 id chars>_<40 secret chars>`. The part up
 * to the second underscore is the prefix shown in lists; only a hash of the
 * whole key is stored, so a key is shown once, when it is issued.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const KEY_PATTERN = /^(rmd_[a-z0-9]{8})_([A-Za-z0-9]{40})$/;

export const API_KEY_FORMAT_HINT = "rmd_ followed by 8 lowercase letters or digits, an underscore and 40 letters or digits";

function encode(bytes: Uint8Array, alphabet: string, length: number): string {
  let out = "";
  // 256 is not a multiple of 62 or 36; rejection keeps the characters uniform.
  const limit = 256 - (256 % alphabet.length);
  for (const byte of bytes) {
    if (byte >= limit) continue;
    out += alphabet[byte % alphabet.length];
    if (out.length === length) break;
  }
  return out;
}

/** `randomBytes(n)` is passed in to keep this module pure. */
export function generateApiKey(randomBytes: (size: number) => Uint8Array): { key: string; prefix: string } {
  return generate("rmd", randomBytes);
}

/**
 * Personal access tokens for the ops API look like API keys with `rmt_`:
 * the prefix tells at a glance (and to secret scanners) which kind leaked.
 */
export function generateAccessToken(randomBytes: (size: number) => Uint8Array): { key: string; prefix: string } {
  return generate("rmt", randomBytes);
}

const TOKEN_PATTERN = /^(rmt_[a-z0-9]{8})_([A-Za-z0-9]{40})$/;

export function parseAccessToken(token: string): ParsedApiKey {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return { ok: false, reason: "Malformed access token: expected rmt_ followed by 8 lowercase letters or digits, an underscore and 40 letters or digits. Create one on the Account page." };
  return { ok: true, prefix: match[1] };
}

function generate(kind: "rmd" | "rmt", randomBytes: (size: number) => Uint8Array): { key: string; prefix: string } {
  let id = "";
  while (id.length < 8) id += encode(randomBytes(16), ALPHABET.slice(0, 26) + ALPHABET.slice(52), 8 - id.length);
  let secret = "";
  while (secret.length < 40) secret += encode(randomBytes(64), ALPHABET, 40 - secret.length);
  const prefix = `${kind}_${id}`;
  return { key: `${prefix}_${secret}`, prefix };
}

export type ParsedApiKey = { ok: true; prefix: string } | { ok: false; reason: string };

export function parseApiKey(key: string): ParsedApiKey {
  const match = KEY_PATTERN.exec(key);
  if (!match) return { ok: false, reason: `Malformed API key: expected ${API_KEY_FORMAT_HINT}.` };
  return { ok: true, prefix: match[1] };
}

/** Extracts the key from an `Authorization: Bearer <key>` header. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
