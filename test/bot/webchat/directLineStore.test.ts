import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { DirectLineStore, PAGE_SIZE, PAGES_KEPT, TOKEN_SECONDS } from '../../../bot/webchat/directLineStore.ts';

describe('DirectLineStore', () => {
  it('expires a token after TOKEN_SECONDS unless it is refreshed', async () => {
    let now = 1_000_000;
    const store = new DirectLineStore(new MemoryStorage(), () => now);
    const created = await store.create();
    now += TOKEN_SECONDS * 1000 - 1;
    expect(store.isExpired((await store.get(created.id))!)).toBe(false);
    const refreshed = await store.refresh(created.id);
    now += TOKEN_SECONDS * 1000 - 1;
    expect(store.isExpired(refreshed)).toBe(false);
    now += 2;
    expect(store.isExpired((await store.get(created.id))!)).toBe(true);
  });

  it('keeps the newest PAGES_KEPT pages, deletes older ones, and streams by watermark across pages', async () => {
    const storage = new MemoryStorage();
    const store = new DirectLineStore(storage);
    const { id } = await store.create();
    const total = PAGE_SIZE * (PAGES_KEPT + 2) + 3;
    for (let i = 1; i <= total; i += 1) await store.append(id, { type: 'message', text: `m${i}` });
    const conversation = (await store.get(id))!;
    expect(conversation.seq).toBe(total);
    const everything = await store.since(conversation, 0);
    expect(everything.activities.length).toBeLessThanOrEqual(PAGE_SIZE * PAGES_KEPT);
    expect(everything.activities.at(-1)).toMatchObject({ text: `m${total}` });
    expect(everything.watermark).toBe(total);
    expect(Object.keys(await storage.read([`local-directline/conversations/${id}/pages/0`]))).toEqual([]);
    const tail = await store.since(conversation, total - PAGE_SIZE - 1);
    expect(tail.activities.map((a) => a.text)).toEqual(Array.from({ length: PAGE_SIZE + 1 }, (_, i) => `m${total - PAGE_SIZE + i}`));
    expect((await store.since(conversation, total)).activities).toEqual([]);
  });

  it('numbers concurrent appends without gaps or repeats', async () => {
    const store = new DirectLineStore(new MemoryStorage());
    const { id } = await store.create();
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(id, { type: 'message', text: String(i) })));
    expect(new Set(stored.map((a) => a.id)).size).toBe(50);
    expect((await store.since((await store.get(id))!, 0)).activities).toHaveLength(50);
  });
});
