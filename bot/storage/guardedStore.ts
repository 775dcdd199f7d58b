import type { StoreItems } from 'botbuilder';
import { isETagConflict } from '../../dialogs/updateItem.ts';
import { StorageUnavailableError, type StoreBackend } from './storeErrors.ts';

/**
 * Wraps a backend so that callers see exactly two kinds of failure: an eTag conflict (someone else wrote
 * first; re-read and retry) and StorageUnavailableError (the store failed or could not be reached; the
 * operation may be retried later). The turn's error handler tells these apart from bugs.
 */
export function guardStore(backend: StoreBackend): StoreBackend {
  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isETagConflict(error)) throw error;
      throw new StorageUnavailableError(operation, error);
    }
  };
  return {
    read: (keys: string[]) => guard('read', () => backend.read(keys)),
    write: (changes: StoreItems) => guard('write', () => backend.write(changes)),
    delete: (keys: string[]) => guard('delete', () => backend.delete(keys)),
    createIfAbsent: (key: string, item: object) => guard('create', () => backend.createIfAbsent(key, item)),
    probe: () => guard('probe', () => backend.probe()),
  };
}
