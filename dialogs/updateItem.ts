import { setTimeout as delay } from 'node:timers/promises';

/**
 * The part of a key-value store the dialogs need. botbuilder's Storage satisfies it structurally, so this
 * seam carries no SDK type. `createIfAbsent` writes only when no item has the key (Blob If-None-Match: *,
 * Cosmos create, a check-and-write under the lock for lowdb and memory) and resolves false when one
 * does; every store bot/storage builds has it. A store without it gets an unconditional first write.
 */
export type ItemStore = {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, object>): Promise<void>;
  createIfAbsent?(key: string, item: object): Promise<boolean>;
};

const ATTEMPTS = 10;
const BACKOFF_MS = 10;

/**
 * Read-modify-write of one item, conditional on the eTag it was read with (or, for a missing item, on it
 * still being missing) and retried with jittered back-off when another writer (another instance, a
 * concurrent turn) got there first. `change` gets the current value (undefined when there is none) and
 * returns the new one; it may throw to abort. Returns what was written; throws after ATTEMPTS conflicts.
 */
export async function updateItem<T extends object>(store: ItemStore, key: string, change: (current: T | undefined) => T): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = (await store.read([key]))[key] as (T & { eTag?: string }) | undefined;
    const next = change(stored ? withoutETag(stored) : undefined);
    if (await tryWrite(store, key, next, stored?.eTag, stored !== undefined)) return next;
    if (attempt >= ATTEMPTS) throw new Error(`Storage: gave up writing "${key}" after ${ATTEMPTS} eTag conflicts`);
    // Full jitter: writers that collided once should not collide again in lockstep.
    await delay(Math.random() * BACKOFF_MS * 2 ** Math.min(attempt, 6));
  }
}

/** True when the conditional write landed; false on a conflict; throws any other store error. */
async function tryWrite(store: ItemStore, key: string, item: object, eTag: string | undefined, exists: boolean): Promise<boolean> {
  if (!exists && store.createIfAbsent) return store.createIfAbsent(key, item);
  try {
    await store.write({ [key]: { ...item, eTag: eTag ?? '*' } });
    return true;
  } catch (error) {
    if (isETagConflict(error)) return false;
    throw error;
  }
}

/** Every store reports a lost eTag race with "eTag conflict" in the message (botbuilder's own wording). */
export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /eTag conflict/i.test(error.message);
}

function withoutETag<T extends object>(item: T & { eTag?: string }): T {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return copy as T;
}
