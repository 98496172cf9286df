import type { PiiSettings } from "@/lib/domain/pii";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { getListSettings, getPiiSettings, getSettings } from "./settings";

const TTL_MS = 5_000;
const globalForSettings = globalThis as unknown as {
  __remedySettings?: { at: number; value: Promise<Settings> };
  __remedyListSettings?: { at: number; value: Promise<ListSettings> };
  __remedyPiiSettings?: { at: number; value: Promise<PiiSettings> };
};

/** Hot paths read settings at most every 5 s; a change applies within that. */
export function cachedSettings(): Promise<Settings> {
  const cached = globalForSettings.__remedySettings;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const value = getSettings();
  globalForSettings.__remedySettings = { at: Date.now(), value };
  value.catch(() => { globalForSettings.__remedySettings = undefined; });
  return value;
}

export function cachedListSettings(): Promise<ListSettings> {
  const cached = globalForSettings.__remedyListSettings;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const value = getListSettings();
  globalForSettings.__remedyListSettings = { at: Date.now(), value };
  value.catch(() => { globalForSettings.__remedyListSettings = undefined; });
  return value;
}

export function cachedPiiSettings(): Promise<PiiSettings> {
  const cached = globalForSettings.__remedyPiiSettings;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const value = getPiiSettings();
  globalForSettings.__remedyPiiSettings = { at: Date.now(), value };
  value.catch(() => { globalForSettings.__remedyPiiSettings = undefined; });
  return value;
}

export function invalidateSettingsCache(): void {
  globalForSettings.__remedyPiiSettings = undefined;
  globalForSettings.__remedySettings = undefined;
  globalForSettings.__remedyListSettings = undefined;
}
