import type { PiiSettings } from "@/lib/domain/pii";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { getListSettings, getPiiSettings, getSettings } from "./";

const TTL_MS = 5_000;
const globalForSettings = globalThis as unknown as { __remedySettingsCache?: Map<string, { at: number; value: Promise<unknown> }> };

/** Hot paths read settings at most every 5 s; a change applies within that (at once in this process). */
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const cache = (globalForSettings.__remedySettingsCache ??= new Map());
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

export const cachedSettings = (): Promise<Settings> => cached("numbers", getSettings);
export const cachedListSettings = (): Promise<ListSettings> => cached("lists", getListSettings);
export const cachedPiiSettings = (): Promise<PiiSettings> => cached("pii", getPiiSettings);

export function invalidateSettingsCache(): void {
  globalForSettings.__remedySettingsCache?.clear();
}
