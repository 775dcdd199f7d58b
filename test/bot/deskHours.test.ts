import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeConnector, loopbackOnly, type SentActivity } from '../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const TOKEN = 'ada-token-0123456789abcdef';
const AGENT = { authorization: `Bearer ${TOKEN}` };
const HOURS = { DESK_HOURS: 'Mon-Fri 08:00-18:00', DESK_TIME_ZONE: 'Europe/Berlin', AGENT_TOKENS: `Ada:${TOKEN}` };
const { messages } = (await loadKnowledge()).knowledge;

async function handOff(bot: TestBot, conversation: string): Promise<void> {
  const activity = makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, text: 'rdp error 0x904 extended 0x7, I want a person' });
  expect((await postJson(bot.messagesUrl, activity)).status).toBe(200);
}

async function queue(bot: TestBot): Promise<Array<{ id: string; status: string }>> {
  return (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: AGENT })).json()) as Array<{ id: string; status: string }>;
}

describe('opening hours and queue time-out', () => {
  let bot: TestBot;
  let sent: SentActivity[];
  loopbackOnly(() => bot.close());

  it('outside the hours says when a person is back, opens the ticket, and the case waits for Monday', async () => {
    sent = fakeConnector(CHANNEL).accepted;
    nock('https://hooks.example.test').post('/rdp').reply(200, { number: 'HD-1' });
    let now = new Date('2026-12-05T10:00:00Z'); // Saturday
    bot = await startTestBot({ ...HOURS, TICKETS: 'webhook', TICKET_WEBHOOK_URL: 'https://hooks.example.test/rdp', TICKET_WEBHOOK_SECRET: 'webhook-secret-0123456789abcdef-0123' }, undefined, { now: () => now });
    await handOff(bot, 'weekend');
    const texts = sent.map((a) => a.text);
    expect(texts).toContain((messages['desk-closed'] ?? '').replace('{when}', 'Monday 8:00 AM (Europe/Berlin)'));
    expect(texts).toContain((messages['ticket-created'] ?? '').replace('{number}', 'HD-1'));

    now = new Date('2026-12-07T07:05:00Z'); // Monday 08:05 in Berlin
    const [waiting] = await queue(bot);
    expect(waiting?.status).toBe('queued');
    await fetch(`${bot.url}/api/agent/conversations/${waiting?.id ?? ''}/accept`, { method: 'POST', headers: AGENT });
    expect(sent.some((a) => /Ada from the help desk has joined/.test(a.text ?? ''))).toBe(true);
  });

  it('tells a person waiting past QUEUE_TIMEOUT_MINUTES once, and keeps them queued', async () => {
    sent = fakeConnector(CHANNEL).accepted;
    let now = new Date('2026-12-02T09:00:00Z'); // Wednesday 10:00 in Berlin
    bot = await startTestBot({ ...HOURS, QUEUE_TIMEOUT_MINUTES: '10' }, undefined, { now: () => now });
    await handOff(bot, 'busy');
    const watch = bot.app.queueWatch;
    if (!watch) throw new Error('queue watch off');
    now = new Date('2026-12-02T09:09:00Z');
    await watch.run();
    expect(sent.map((a) => a.text)).not.toContain(messages['queue-timeout']);
    now = new Date('2026-12-02T09:11:00Z');
    await watch.run();
    await watch.run();
    expect(sent.filter((a) => a.text === messages['queue-timeout'])).toHaveLength(1);
    expect(await queue(bot)).toEqual([expect.objectContaining({ status: 'queued' })]);
  });
});
