import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { updateItem } from '../../dialogs/updateItem.ts';

describe('updateItem', () => {
  it('loses no update when writers race on an existing item, and hands the change the value without its eTag', async () => {
    const storage = new MemoryStorage();
    await storage.write({ counter: { count: 0 } });
    const seen: unknown[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        updateItem<{ count: number }>(storage, 'counter', (current) => {
          seen.push(current);
          return { count: (current?.count ?? 0) + 1 };
        }),
      ),
    );
    const stored = (await storage.read(['counter'])).counter as { count: number };
    expect(stored.count).toBe(5);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((v) => typeof v === 'object' && v !== null && !('eTag' in v))).toBe(true);
  });

  it('lets the change abort the update', async () => {
    const storage = new MemoryStorage();
    await expect(updateItem(storage, 'missing', () => { throw new Error('no such item'); })).rejects.toThrow('no such item');
    expect(await storage.read(['missing'])).toEqual({});
  });

  it('gives up with a clear error when every conditional write loses', async () => {
    let writes = 0;
    const store = {
      read: async () => ({ hot: { count: 1, eTag: 'e1' } }),
      write: async () => {
        writes += 1;
        throw new Error('Storage: error writing "hot" due to eTag conflict.');
      },
    };
    await expect(updateItem(store, 'hot', () => ({ count: 2 }))).rejects.toThrow(/gave up writing "hot" after \d+ eTag conflicts/);
    expect(writes).toBeGreaterThan(1);
  });
});
