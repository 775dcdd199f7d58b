import type { Storage, StoreItems } from 'botbuilder';

/**
 * Wraps the Storage behind ConversationState so its saves are eTag-checked. botbuilder's
 * BotState.saveChanges always writes with eTag "*", so two turns of one conversation (on two instances)
 * overwrite each other's facts and remembered activity ids. This wrapper remembers the eTag each item had
 * when it was read (BotState keeps that very object as its cache) and writes with it, so the second save
 * fails with an eTag conflict and the turn can be run again on fresh state. Items that did not exist when
 * read are written unconditionally (the Storage interface has no portable "create if absent").
 */
export function guardETags(inner: Storage): Storage {
  const readWith = new WeakMap<object, string>();
  return {
    async read(keys) {
      const items = await inner.read(keys);
      for (const item of Object.values(items) as unknown[]) {
        const eTag = isObject(item) ? item.eTag : undefined;
        if (isObject(item) && typeof eTag === 'string' && eTag !== '*') readWith.set(item, eTag);
      }
      return items;
    },
    async write(changes: StoreItems) {
      const checked: StoreItems = {};
      for (const [key, item] of Object.entries(changes) as Array<[string, unknown]>) {
        const eTag = isObject(item) ? readWith.get(item) : undefined;
        checked[key] = isObject(item) && eTag ? { ...item, eTag } : item;
      }
      await inner.write(checked);
      // The new eTag is not reported back; a second save in the same turn (error handling) overwrites.
      for (const item of Object.values(changes) as unknown[]) if (isObject(item)) readWith.delete(item);
    },
    delete: (keys) => inner.delete(keys),
  };
}

/** Whether a storage error is an eTag conflict (MemoryStorage, FileStorage, Blob and Cosmos all say "eTag" or 412). */
export function isETagConflict(error: unknown): boolean {
  const status = (error as { statusCode?: unknown; code?: unknown } | undefined)?.statusCode ?? (error as { code?: unknown } | undefined)?.code;
  return status === 412 || /etag|precondition/i.test(String(error instanceof Error ? error.message : error));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
