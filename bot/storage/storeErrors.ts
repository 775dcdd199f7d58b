import { createHash } from 'node:crypto';
import type { Storage } from 'botbuilder';

/** Raised when a write carries an eTag that no longer matches the stored item (MemoryStorage's wording). */
export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** The store could not be reached or failed (network, timeout, 5xx, disk): retry later, nothing was decided. */
export class StorageUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`Storage unavailable during ${operation}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** True for StorageUnavailableError anywhere in the error's cause chain (botbuilder wraps turn errors). */
export function isStorageUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof StorageUnavailableError) return true;
  }
  return false;
}

/** A botbuilder Storage that can also create an item only while its key is unused (see dialogs/updateItem.ts). */
export type AtomicStorage = Storage & {
  createIfAbsent(key: string, item: object): Promise<boolean>;
};

/** A store backend: AtomicStorage plus a cheap round trip for /healthz. */
export type StoreBackend = AtomicStorage & { probe(): Promise<void> };

const MAX_ENCODED_KEY = 900;

/**
 * Keys as the Azure stores can hold them: Blob names stop at 1024 characters (botbuilder-azure-blobs
 * truncates, so two long keys would share a blob) and Cosmos ids at 1023 bytes. A key whose URL-encoded
 * form is longer keeps a readable prefix and gets its SHA-256, so it stays unique and stable.
 */
export function storableKey(key: string): string {
  if (encodeURIComponent(key).length <= MAX_ENCODED_KEY) return key;
  const prefix = Array.from(key).slice(0, 120).join('');
  return `${prefix}~${createHash('sha256').update(key).digest('hex')}`;
}

/** Returns the item without its eTag field (the stores keep eTags as metadata, not content). */
export function withoutETag(item: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return copy;
}
