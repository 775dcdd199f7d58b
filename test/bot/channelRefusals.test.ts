import { MemoryStorage, type StoreItems } from 'botbuilder';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { STATS_KEY } from '../../dialogs/learningStore.ts';
import { TURN_FAILURES } from '../../dialogs/turnFailures.ts';
import { CHANNEL_URL, makeActivity, postJson, replyTexts, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeConnector } from '../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const TOKEN = 'ada-token-0123456789abcdef';
const AGENT = { authorization: `Bearer ${TOKEN}` };
const { messages } = (await loadKnowledge()).knowledge;

const say = (bot: TestBot, conversation: string, text: string, extra: Record<string, unknown> = {}) =>
  postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, text, ...extra }));

async function queue(bot: TestBot): Promise<Array<{ id: string; status: string }>> {
  return (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: AGENT })).json()) as Array<{ id: string; status: string }>;
}

async function sessionPhase(bot: TestBot, channelId: string, conversation: string): Promise<string | undefined> {
  const key = `${channelId}/conversations/${conversation}/`;
  const item = (await bot.storage.storage.read([key]))[key] as { dialogState?: { dialogStack?: Array<{ state?: { session?: { phase: string } } }> } } | undefined;
  return item?.dialogState?.dialogStack?.[0]?.state?.session?.phase;
}

const apologies = [messages['turn-error-kept'], messages['turn-error-reset']];
const refusalLogs = (bot: TestBot) => bot.logs.filter((l) => l.msg === 'channel refused an outgoing activity');

describe('hand-off per channel', () => {
  let bot: TestBot | undefined;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('on Teams tells the person a person takes over and queues them, without an event', async () => {
    const teams = fakeConnector(CHANNEL, (a) => (a.type === 'event' ? 400 : undefined));
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    expect((await say(bot, 'teams-1', 'rdp error 0x904 extended 0x7, I want a human', { channelId: 'msteams' })).status).toBe(200);
    expect(teams.refused).toEqual([]);
    const texts = teams.accepted.map((a) => a.text ?? '');
    expect(texts).toContain(messages.handoff);
    expect(texts.some((t) => /number 1 in the queue/.test(t))).toBe(true);
    expect(texts.filter((t) => apologies.includes(t))).toEqual([]);
    expect(await queue(bot)).toEqual([expect.objectContaining({ status: 'queued' })]);
  });

  it('on Teams with the event forced on, the 400 is logged and the person is still queued', async () => {
    const teams = fakeConnector(CHANNEL, (a) => (a.type === 'event' ? 400 : undefined));
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, HANDOFF_EVENT_CHANNELS: 'msteams' });
    expect((await say(bot, 'teams-2', 'rdp error 0x904 extended 0x7, I want a human', { channelId: 'msteams' })).status).toBe(200);
    expect(teams.refused.map((a) => a.name)).toEqual(['handoff.initiate']);
    expect(refusalLogs(bot)).toEqual([expect.objectContaining({ level: 'warn', type: 'event', name: 'handoff.initiate', status: 400, conversationId: 'teams-2' })]);
    expect(teams.accepted.some((a) => /number 1 in the queue/.test(a.text ?? ''))).toBe(true);
    expect(await queue(bot)).toHaveLength(1);
    expect(await sessionPhase(bot, 'msteams', 'teams-2')).toBe('handed-off');
  });

  it('sends handoff.initiate with MessageToAgent and a flat Context where a Direct Line hub listens', async () => {
    const hub = fakeConnector(CHANNEL);
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    await say(bot, 'hub-1', 'rdp to our azure vm fails with 0x904 extended 0x7, get me a person', { channelId: 'webchat' });
    const event = hub.accepted.find((a) => a.name === 'handoff.initiate');
    const value = event?.value as { MessageToAgent: string; Context: Record<string, unknown>; diagnosis: { reason: string } };
    expect(value.diagnosis.reason).toBe('requested');
    expect(value.MessageToAgent).toMatch(/0x904 \/ ext 0x7/);
    expect(value.MessageToAgent).toMatch(/Azure VM: yes/);
    expect(value.MessageToAgent).not.toMatch(/\{\w+\}/);
    expect(value.Context).toMatchObject({ rdp_reason: 'requested', rdp_error_codes: '0x904 / ext 0x7', rdp_channel: 'webchat', rdp_locale: 'en-US' });
    expect(Object.values(value.Context).every((v) => typeof v === 'string')).toBe(true);
  });

  it('queues on the desk and says so when the Omnichannel escalation is refused', async () => {
    const omni = fakeConnector(CHANNEL, (a) => (a.channelData?.tags ? 403 : undefined));
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, HANDOFF_TARGET: 'omnichannel' });
    await say(bot, 'omni-1', 'rdp error 0x904 extended 0x7, get me a human', { channelId: 'msteams' });
    expect(omni.refused).toHaveLength(1);
    const texts = omni.accepted.map((a) => a.text);
    expect(texts).toContain(messages['handoff-failed']);
    expect(texts.some((t) => /number 1 in the queue/.test(t ?? ''))).toBe(true);
    expect(await queue(bot)).toHaveLength(1);
  });
});

describe('refused outgoing activities', () => {
  let bot: TestBot;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, TYPING_DELAY_MS: '0' });
  });
  afterEach(() => {
    vi.useRealTimers();
    nock.cleanAll();
  });
  afterAll(async () => {
    await bot.close();
    nock.enableNetConnect();
  });

  /** The connector client retries 5xx with exponential back-off (1 s, 2 s, 4 s): run those waits at once. */
  async function withFastRetries<T>(work: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const clock = setInterval(() => vi.advanceTimersByTime(1000), 1);
    try {
      return await work();
    } finally {
      clearInterval(clock);
      vi.useRealTimers();
    }
  }

  const kinds = ['message', 'typing', 'event'] as const;
  for (const status of [400, 403, 429, 500]) {
    for (const kind of kinds) {
      it(`goes on when the channel answers ${status} to every ${kind}`, async () => {
        const conversation = `refuse-${kind}-${status}`;
        const channel = fakeConnector(CHANNEL, (a) => (a.type === kind ? status : undefined));
        const logsBefore = refusalLogs(bot).length;
        await withFastRetries(async () => {
          for (const text of ['rdp to my azure vm fails with 0x904 extended 0x7', 'I want to talk to a person']) {
            expect((await say(bot, conversation, text)).status).toBe(200);
          }
        });
        expect(channel.refused.length).toBeGreaterThan(0);
        expect(channel.refused.every((a) => a.type === kind)).toBe(true);
        expect(channel.accepted.filter((a) => apologies.includes(a.text ?? ''))).toEqual([]);
        const logged = refusalLogs(bot).slice(logsBefore);
        // 5xx are retried by the connector client, so one refused activity may be several refused requests.
        expect(logged.length).toBe(channel.refusedRequests.size);
        expect(logged.every((l) => l.status === status && l.type === kind && l.conversationId === conversation)).toBe(true);
        expect(bot.logs.filter((l) => l.msg === 'turn failed')).toEqual([]);
        expect(await sessionPhase(bot, 'emulator', conversation)).toBe('handed-off');
      });
    }
  }
});

describe('onTurnError', () => {
  it('keeps the diagnosis after a failed turn and starts afresh only when a second turn in a row fails', async () => {
    const inner = new MemoryStorage();
    // The next failSaves saves of a turn's conversation state fail (not the failure count the error handler keeps).
    let failSaves = 0;
    const storage: StorageHandle = {
      kind: 'memory',
      storage: {
        read: (keys) => inner.read(keys),
        write: async (changes: StoreItems) => {
          const turnSave = Object.entries(changes).some(([key, item]) => key.includes('/conversations/') && item !== undefined && !(TURN_FAILURES in item));
          if (turnSave && failSaves > 0) {
            failSaves -= 1;
            throw new Error('state store refused the write');
          }
          await inner.write(changes);
        },
        delete: (keys) => inner.delete(keys),
      },
      sweep: async () => 0,
      check: async () => undefined,
      close: async () => undefined,
    };
    const bot = await startTestBot({}, storage);
    const ask = async (conversation: string, text: string) =>
      replyTexts((await postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversation }, deliveryMode: 'expectReplies', text }))).body);
    const opening = 'since the windows 11 upgrade rdp says Windows Defender Credential Guard does not allow using saved credentials';
    try {
      await ask('c-keep', opening);
      failSaves = 1;
      expect(await ask('c-keep', 'yes, that fixed it')).toEqual([messages['turn-error-kept']]);
      expect((await ask('c-keep', 'yes, that fixed it')).join(' ')).not.toContain(messages['turn-error-kept']);
      expect(await sessionOf(inner, 'c-keep')).toBe('resolved');

      await ask('c-reset', opening);
      failSaves = 2;
      expect(await ask('c-reset', 'yes, that fixed it')).toEqual([messages['turn-error-kept']]);
      expect(await ask('c-reset', 'yes, that fixed it')).toEqual([messages['turn-error-reset']]);
      expect(await sessionOf(inner, 'c-reset')).toBeUndefined();
      // The confirmations whose turns failed to save were not counted: one verified outcome, once.
      await bot.app.learning.flush();
      const stats = (await inner.read([STATS_KEY]))[STATS_KEY] as { stats: { confirmed: number } } | undefined;
      expect(stats?.stats.confirmed).toBe(1);
    } finally {
      await bot.close();
    }
  });
});

async function sessionOf(storage: MemoryStorage, conversation: string): Promise<string | undefined> {
  const key = `emulator/conversations/${conversation}/`;
  const item = (await storage.read([key]))[key] as { dialogState?: { dialogStack?: Array<{ state?: { session?: { phase: string } } }> } } | undefined;
  return item?.dialogState?.dialogStack?.[0]?.state?.session?.phase;
}
