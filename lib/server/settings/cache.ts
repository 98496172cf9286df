import type { PiiSettings } from "@/lib/domain/pii";
import type { ListSettings, Settings } from "@/lib/domain/settings";
import { ttlCache } from "@/lib/process-state";
import { getListSettings, getPiiSettings, getSettings } from "./index";

/** Hot paths read settings at most every 5 s; a change applies within that (at once in this process). Loaders are called late: ./index imports this module. */
const TTL_MS = 5_000;
const numbers = ttlCache("settings:numbers", TTL_MS, () => getSettings());
const lists = ttlCache("settings:lists", TTL_MS, () => getListSettings());
const pii = ttlCache("settings:pii", TTL_MS, () => getPiiSettings());

export const cachedSettings = (): Promise<Settings> => numbers.get();
export const cachedListSettings = (): Promise<ListSettings> => lists.get();
export const cachedPiiSettings = (): Promise<PiiSettings> => pii.get();

export function invalidateSettingsCache(): void {
  for (const cache of [numbers, lists, pii]) cache.invalidate();
}
