import type { UnsignedPack } from "@/lib/schemas/knowledge";

/**
 * The bytes a knowledge pack's signature covers: the pack without its
 * signature, as JSON with object keys sorted at every level. Two
 * installations serialise the same pack identically, so a pack that was
 * re-indented still verifies while any changed value does not.
 */
export function canonicalPackBytes(pack: UnsignedPack): Buffer {
  return Buffer.from(canonicalJson(pack), "utf8");
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
}
