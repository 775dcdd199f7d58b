import { MemoryStorage, type StoreItems } from 'botbuilder';
import { ETagConflictError, type StoreBackend } from './storeErrors.ts';

/**
 * botbuilder's MemoryStorage with the Azure stores' semantics: a write with an eTag to a missing key is a
 * conflict (MemoryStorage itself accepts it), and createIfAbsent is atomic because the check and
 * MemoryStorage's synchronous write happen in the same tick.
 */
export class MemoryStore extends MemoryStorage implements StoreBackend {
  override write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes) as Array<[string, { eTag?: unknown } | undefined]>) {
      const eTag = item?.eTag;
      if (typeof eTag === 'string' && eTag !== '*' && eTag !== '' && !this.memory[key]) return Promise.reject(new ETagConflictError(key));
    }
    return super.write(changes);
  }

  createIfAbsent(key: string, item: object): Promise<boolean> {
    if (this.memory[key]) return Promise.resolve(false);
    return super.write({ [key]: { ...item, eTag: '*' } }).then(() => true);
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }
}
