import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { makeActivity, postJson, replyTexts, startTestBot, type TestBot } from '../helpers/botServer.ts';

describe('bounded work per message', () => {
  let bot: TestBot;
  let notice: string | undefined;
  beforeAll(async () => {
    bot = await startTestBot();
    notice = (await loadKnowledge()).knowledge.messages['long-message'];
  });
  afterAll(async () => bot.close());

  it.each([
    ['a 32,000-character word', 'x'.repeat(32_000)],
    ['a 240 KB word of digits', '9'.repeat(240_000)],
    ['a 200 KB paste of words', 'remote desktop fails with error 0x904 extended 0x7 '.repeat(4_000)],
  ])('answers %s within a second, saying the rest was ignored', async (_label, text) => {
    const started = performance.now();
    const { status, body } = await postJson(bot.messagesUrl, makeActivity({ conversation: { id: `long-${text.length}` }, deliveryMode: 'expectReplies', text }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(status).toBe(200);
    expect(notice).toBeDefined();
    expect(replyTexts(body)[0]).toBe(notice);
    expect(replyTexts(body).length).toBeGreaterThan(1);
  });

  it('still understands the start of a long paste', async () => {
    const text = `rdp fails with error 0x904 extended 0x7 ${'and some log line '.repeat(3_000)}`;
    const { body } = await postJson(bot.messagesUrl, makeActivity({ conversation: { id: 'long-start' }, deliveryMode: 'expectReplies', text }));
    expect(replyTexts(body).some((reply) => /\?/.test(reply))).toBe(true);
  });
});
