import { MemoryStorage, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { makeActivity, postJson, replyTexts, startTestBot, storageHandle } from '../helpers/botServer.ts';

const KEPT = (await loadKnowledge()).knowledge.messages['turn-error-kept'];

describe('time-boxed turns', () => {
  it('answers a turn stuck past TURN_TIMEOUT_MS with an apology, keeps the conversation, and frees its place in line', async () => {
    const inner = new MemoryStorage();
    let stuck = false;
    const release: Array<() => void> = [];
    const storage = storageHandle({
      read: (keys) => inner.read(keys),
      write: async (changes: StoreItems) => {
        if (stuck && Object.keys(changes).some((key) => key.includes('/conversations/'))) await new Promise<void>((resolve) => release.push(resolve));
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    });
    const bot = await startTestBot({ TURN_TIMEOUT_MS: '300' }, storage);
    const conversation = { id: 'stuck' };
    const key = 'emulator/conversations/stuck/';
    try {
      await postJson(bot.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'rdp fails with 0x904 extended 0x7' }));
      const before = (await inner.read([key]))[key] as Record<string, unknown>;
      stuck = true;
      const started = performance.now();
      const timedOut = await postJson(bot.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'yes' }));
      expect(performance.now() - started).toBeLessThan(3000);
      expect(timedOut.status).toBe(200);
      expect(replyTexts(timedOut.body)).toEqual([KEPT]);
      stuck = false;
      expect((await inner.read([key]))[key]).toEqual(before);
      const next = await postJson(bot.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'no' }));
      expect(replyTexts(next.body).length).toBeGreaterThan(0);
      expect(replyTexts(next.body)).not.toContain(KEPT);
    } finally {
      for (const resolve of release) resolve();
      await bot.close();
    }
  });
});
