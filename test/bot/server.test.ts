import { MemoryStorage, type StoreItems } from 'botbuilder';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { CHANNEL_URL, makeActivity, postJson, replyTexts, startTestBot, storageHandle, type TestBot } from '../helpers/botServer.ts';

const CHANNEL = CHANNEL_URL;

type Captured = { path: string; body: { type: string; text?: string; replyToId?: string } };

/** Captures every activity the bot posts to the fake channel. */
function captureChannel(times = 10): Captured[] {
  const captured: Captured[] = [];
  nock(CHANNEL)
    .post(/\/v3\/conversations\/.*/)
    .times(times)
    .reply(200, async (request: Request) => {
      captured.push({ path: new URL(request.url).pathname, body: (await request.json()) as Captured['body'] });
      return { id: `sent-${captured.length}` };
    });
  return captured;
}

const { messages } = (await loadKnowledge()).knowledge;
const GREETING = messages.greeting;
const PROBLEM = 'remote desktop fails with error 0x904 extended 0x7';
/** The first reply to PROBLEM: the bot asks something (it needs more than the code). */
const isQuestion = (text: string | undefined): boolean => /\?/.test(text ?? '');

describe('server', () => {
  let bot: TestBot;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = await startTestBot({ TYPING_DELAY_MS: '0', MAX_BODY_BYTES: '4096' });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await bot.close();
    nock.enableNetConnect();
  });

  it('returns the greeting in the body when a member joins with expectReplies', async () => {
    const update = makeActivity({
      type: 'conversationUpdate',
      text: undefined,
      conversation: { id: 'conv-greet' },
      deliveryMode: 'expectReplies',
      membersAdded: [{ id: 'bot-1' }, { id: 'user-1' }],
    });
    const { status, body } = await postJson(bot.messagesUrl, update);
    expect(status).toBe(200);
    expect(replyTexts(body)).toEqual([GREETING]);
  });

  it('does not greet when only the bot joins', async () => {
    const update = makeActivity({ type: 'conversationUpdate', deliveryMode: 'expectReplies', membersAdded: [{ id: 'bot-1' }] });
    const { body } = await postJson(bot.messagesUrl, update);
    expect(replyTexts(body)).toEqual([]);
  });

  it('answers a message in the body with expectReplies and calls nobody', async () => {
    const scope = nock(CHANNEL).post(/.*/).reply(200, {});
    const { status, body } = await postJson(bot.messagesUrl, makeActivity({ deliveryMode: 'expectReplies', text: PROBLEM }));
    expect(status).toBe(200);
    expect(replyTexts(body).some(isQuestion)).toBe(true);
    expect(scope.isDone()).toBe(false);
  });

  it('posts typing then the reply to the serviceUrl with normal delivery', async () => {
    const captured = captureChannel();
    const message = makeActivity({ conversation: { id: 'a:conv/2' }, text: PROBLEM });
    const { status } = await postJson(bot.messagesUrl, message);
    expect(status).toBe(200);
    expect(captured[0]?.body.type).toBe('typing');
    const replies = captured.filter((c) => c.body.type === 'message');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.at(-1)?.path).toBe(`/v3/conversations/${encodeURIComponent('a:conv/2')}/activities/${String(message.id)}`);
    expect(isQuestion(replies.at(-1)?.body.text)).toBe(true);
    expect(replies.at(-1)?.body.replyToId).toBe(message.id);
  });

  it('refuses a non-loopback serviceUrl in local mode and sends nothing', async () => {
    const scope = nock('https://evil.example.com').post(/.*/).reply(200, {});
    const { status, body } = await postJson(bot.messagesUrl, makeActivity({ serviceUrl: 'https://evil.example.com/' }));
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: expect.stringContaining('ALLOWED_SERVICE_URLS') });
    expect(scope.isDone()).toBe(false);
  });

  it('handles a redelivered activity once', async () => {
    const captured = captureChannel();
    const message = makeActivity({ conversation: { id: 'conv-dup' }, text: PROBLEM });
    const first = await postJson(bot.messagesUrl, message);
    const afterFirst = captured.length;
    const second = await postJson(bot.messagesUrl, message);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(afterFirst).toBeGreaterThan(0);
    expect(captured).toHaveLength(afterFirst);
  });

  it('handles concurrent redeliveries once', async () => {
    const captured = captureChannel();
    const message = makeActivity({ conversation: { id: 'conv-dup-2' }, text: PROBLEM });
    const results = await Promise.all([1, 2, 3].map(() => postJson(bot.messagesUrl, message)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(captured.filter((c) => c.body.type === 'typing')).toHaveLength(1);
  });

  it('answers the same id in another conversation', async () => {
    const captured = captureChannel();
    await postJson(bot.messagesUrl, makeActivity({ id: 'same-id', conversation: { id: 'conv-x' }, text: PROBLEM }));
    await postJson(bot.messagesUrl, makeActivity({ id: 'same-id', conversation: { id: 'conv-y' }, text: PROBLEM }));
    expect(captured.filter((c) => c.body.type === 'typing')).toHaveLength(2);
  });

  it('rejects malformed JSON with 400, an oversized body with 413, a body without type with 400', async () => {
    const malformed = await postJson(bot.messagesUrl, '{"type": "message", ');
    expect(malformed.status).toBe(400);
    const oversized = await postJson(bot.messagesUrl, makeActivity({ text: 'x'.repeat(10_000) }));
    expect(oversized.status).toBe(413);
    const untyped = await postJson(bot.messagesUrl, { ...makeActivity(), type: undefined });
    expect(untyped).toMatchObject({ status: 400, body: { error: 'activity.type is required' } });
    const noConversation = await postJson(bot.messagesUrl, { ...makeActivity(), conversation: undefined });
    expect(noConversation.status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('reports version, mode, storage and uptime on /healthz', async () => {
    const { knowledge } = await loadKnowledge();
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      mode: 'local',
      storage: { kind: 'memory', status: 'ok' },
      knowledge: { version: 1, release: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/), counts: { causes: knowledge.causes.length, fixes: knowledge.fixes.length } },
    });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('keeps user text out of info logs', async () => {
    await postJson(bot.messagesUrl, makeActivity({ text: 'my secret hostname srv-42', deliveryMode: 'expectReplies' }));
    const turnLogs = bot.logs.filter((l) => l.msg === 'turn finished');
    expect(turnLogs.length).toBeGreaterThan(0);
    expect(turnLogs.at(-1)).toMatchObject({ conversationId: 'conv-1', channelId: 'emulator' });
    expect(JSON.stringify(bot.logs)).not.toContain('srv-42');
  });
});

describe('server with a failing store', () => {
  it('apologises without details, logs the error and starts afresh when the state cannot be written', async () => {
    const inner = new MemoryStorage();
    const failing = storageHandle({
      read: (keys) => inner.read(keys),
      write: async (_changes: StoreItems) => {
        throw new Error('disk on fire: /secret/path');
      },
      delete: (keys) => inner.delete(keys),
    });
    const bot = await startTestBot({}, failing);
    try {
      const { status, body } = await postJson(bot.messagesUrl, makeActivity({ deliveryMode: 'expectReplies', text: PROBLEM }));
      expect(status).toBe(200);
      expect(replyTexts(body).at(-1)).toBe(messages['turn-error-reset']);
      expect(JSON.stringify(body)).not.toContain('disk on fire');
      expect(bot.logs.find((l) => l.msg === 'turn failed')).toMatchObject({ activityId: expect.any(String), conversationId: 'conv-1' });
    } finally {
      await bot.close();
    }
  });
});

describe('server debug logging', () => {
  it('logs user text only at debug', async () => {
    const bot = await startTestBot({ LOG_LEVEL: 'debug' });
    try {
      await postJson(bot.messagesUrl, makeActivity({ text: 'hostname srv-43', deliveryMode: 'expectReplies' }));
      expect(bot.logs.find((l) => l.msg === 'user text')).toMatchObject({ level: 'debug', text: 'hostname srv-43' });
    } finally {
      await bot.close();
    }
  });
});

describe('server allow-list', () => {
  it('replies to an origin listed in ALLOWED_SERVICE_URLS', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const bot = await startTestBot({ ALLOWED_SERVICE_URLS: 'https://relay.example.com', TYPING_DELAY_MS: '5000' });
    try {
      const scope = nock('https://relay.example.com').post('/bf/v3/conversations/conv-1/activities/allowed-1').reply(200, { id: 'x' });
      const { status } = await postJson(bot.messagesUrl, makeActivity({ id: 'allowed-1', serviceUrl: 'https://relay.example.com/bf/' }));
      expect(status).toBe(200);
      expect(scope.isDone()).toBe(true);
    } finally {
      await bot.close();
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});
