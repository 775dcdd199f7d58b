import type { Storage } from 'botbuilder';

const ATTEMPTS = 8;

/**
 * Read-modify-write of one Storage item, conditional on the eTag it was read with and retried when
 * another writer (another instance, a concurrent turn) got there first. `change` gets the current value
 * (undefined when there is none) and returns the new one; it may throw to abort. Returns what was written.
 * Creating a missing item is unconditional: the Storage interface has no portable "create if absent"
 * (MemoryStorage and BlobsStorage treat an eTag on a new key differently), so two first writes can race.
 */
export async function updateItem<T extends object>(storage: Storage, key: string, change: (current: T | undefined) => T): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
    const current = stored ? withoutETag(stored) : undefined;
    const next = change(current);
    try {
      await storage.write({ [key]: { ...next, eTag: stored?.eTag ?? '*' } });
      return next;
    } catch (error) {
      if (attempt >= ATTEMPTS || !/eTag/i.test(String(error))) throw error;
    }
  }
}

function withoutETag<T extends object>(item: T & { eTag?: string }): T {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return copy as T;
}
