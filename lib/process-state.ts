/**
 * Process-wide state. Next.js route bundles and the server entry load their
 * own copies of a module, so anything that must exist once per process (the
 * database handle, the logger, caches) is kept on `globalThis` under one key,
 * through these helpers and nowhere else.
 */
const store = ((globalThis as unknown as { __remedyState?: Map<string, unknown> }).__remedyState ??= new Map());

/** The value under `key`, created on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  if (!store.has(key)) store.set(key, create());
  return store.get(key) as T;
}

/** Replaces (or, with undefined, removes) the value under `key`: server start and tests install their own. */
export function setProcessSingleton<T>(key: string, value: T | undefined): void {
  if (value === undefined) store.delete(key);
  else store.set(key, value);
}

export interface TtlCache<T> {
  /** The cached value, loaded again once it is older than the TTL; a failed load is not kept. */
  get(): Promise<T>;
  /** Drops the value: the next `get` loads it (at once in this process; other processes within the TTL). */
  invalidate(): void;
}

export function ttlCache<T>(key: string, ttlMs: number, load: () => Promise<T>): TtlCache<T> {
  const slot = processSingleton(`ttl:${key}`, () => ({ entry: undefined as { at: number; value: Promise<T> } | undefined }));
  return {
    get() {
      const hit = slot.entry;
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = load();
      const entry = { at: Date.now(), value };
      slot.entry = entry;
      value.catch(() => {
        if (slot.entry === entry) slot.entry = undefined;
      });
      return value;
    },
    invalidate() {
      slot.entry = undefined;
    },
  };
}
