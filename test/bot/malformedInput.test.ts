import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

const PROBLEM = 'remote desktop fails with error 0x904 extended 0x7';

describe('malformed activities', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.close());

  const stored = async (channelId: string, conversationId: string): Promise<unknown> => {
    const key = `${channelId}/conversations/${conversationId}/`;
    return (await bot.storage.storage.read([key]))[key];
  };

  it.each([
    ['a non-string text on msteams', { channelId: 'msteams', text: { html: 'hi' } }],
    ['a non-array entities on msteams', { channelId: 'msteams', entities: { type: 'mention' } }],
    ['a non-array membersAdded', { type: 'conversationUpdate', membersAdded: { id: 'user-1' } }],
    ['members without ids', { type: 'conversationUpdate', membersAdded: [{ name: 'no id' }] }],
    ['a missing recipient', { recipient: undefined }],
    ['an invalid timestamp', { timestamp: 'yesterday-ish' }],
    ['a numeric locale', { locale: 42 }],
  ])('answers 400 to %s and leaves the conversation as it was', async (_label, fields) => {
    const channelId = (fields as { channelId?: string }).channelId ?? 'emulator';
    const conversation = { id: `malformed-${_label.replace(/\W+/g, '-')}` };
    const first = await postJson(bot.messagesUrl, makeActivity({ channelId, conversation, deliveryMode: 'expectReplies', text: PROBLEM }));
    expect(first.status).toBe(200);
    const before = await stored(channelId, conversation.id);
    expect(before).toBeDefined();
    const { status, body } = await postJson(bot.messagesUrl, makeActivity({ channelId, conversation, deliveryMode: 'expectReplies', ...fields }));
    expect(status).toBe(400);
    expect(body).toEqual({ error: expect.any(String) as string });
    expect(await stored(channelId, conversation.id)).toEqual(before);
  });

  it('acknowledges invoke activities with 200 instead of 501', async () => {
    const plain = await postJson(bot.messagesUrl, makeActivity({ type: 'invoke', name: 'composeExtension/query', value: {}, text: undefined }));
    expect(plain.status).toBe(200);
    const action = await postJson(bot.messagesUrl, makeActivity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x' } }, text: undefined }));
    expect(action).toMatchObject({ status: 200, body: { statusCode: 200 } });
  });

  it('keeps a hand-off event under the channel limit of 256 KB after huge pastes', async () => {
    const conversation = { id: 'huge-handoff' };
    for (const filler of ['a', 'b']) {
      const text = `${PROBLEM} ${`${filler.repeat(40)} `.repeat(5000)}`;
      expect((await postJson(bot.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', text }))).status).toBe(200);
    }
    const { body } = await postJson(bot.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'let me talk to a person please' }));
    const activities = (body as { activities: Array<{ type: string; name?: string }> }).activities;
    const initiate = activities.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate).toBeDefined();
    expect(Buffer.byteLength(JSON.stringify(initiate))).toBeLessThan(256 * 1024);
  });
});
