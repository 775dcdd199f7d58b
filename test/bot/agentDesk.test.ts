import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentAuth } from '../../bot/agentDesk/agentAuth.ts';
import { createLogger } from '../../bot/logger.ts';
import { STATS_KEY } from '../../dialogs/learningStore.ts';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeConnector, type SentActivity } from '../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const TOKEN = 'ada-token-0123456789abcdef';
const AGENT = { authorization: `Basic ${Buffer.from(`ada:${TOKEN}`).toString('base64')}` };
type Sent = SentActivity;

/** Captures everything the bot sends to the person's channel (replies and proactive messages). */
const channel = (): Sent[] => fakeConnector(CHANNEL).accepted;

type CaseJson = {
  id: string;
  status: string;
  position: number;
  messages: Array<{ from: string; text: string }>;
  transcript: Array<{ text: string }>;
  diagnosis: { facts: unknown[] };
};
// Each call returns one case or a list of them; tests index what they expect.
type DeskBody = CaseJson & CaseJson[];

async function agentCall(bot: TestBot, method: string, route: string, body?: unknown): Promise<{ status: number; body: DeskBody }> {
  const response = await fetch(`${bot.url}${route}`, { method, headers: { ...AGENT, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as DeskBody };
}

const user = (bot: TestBot, conversation: string, text: string, extra: Record<string, unknown> = {}) =>
  postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, text, ...extra }));

const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
};

describe('agent desk', () => {
  let dataDir: string;
  let bot: TestBot;
  let sent: Sent[];
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'desk-'));
    sent = channel();
    bot = await startTestBot({ STORAGE: 'lowdb', DATA_DIR: dataDir, AGENT_TOKENS: `Ada:${TOKEN}`, TYPING_DELAY_MS: '5000' });
  });
  afterEach(async () => {
    await bot.close();
    nock.cleanAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 401 on every desk route without valid credentials, and never takes them from the URL', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/agent'],
      ['GET', '/api/agent/causes'],
      ['GET', '/api/agent/conversations'],
      ['GET', '/api/agent/conversations/x'],
      ['POST', '/api/agent/conversations/x/accept'],
      ['POST', '/api/agent/conversations/x/messages'],
      ['POST', '/api/agent/conversations/x/end'],
    ];
    for (const [method, route] of routes) {
      const response = await fetch(`${bot.url}${route}?token=${TOKEN}&password=${TOKEN}`, { method });
      expect(response.status, `${method} ${route}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
    // Two wrong attempts (the slow-down after repeated failures has its own test below).
    for (const authorization of ['Bearer wrong-token-0123456789', `Basic ${Buffer.from('ada:wrong').toString('base64')}`]) {
      expect((await fetch(`${bot.url}/api/agent/conversations`, { headers: { authorization } })).status).toBe(401);
    }
    expect((await agentCall(bot, 'GET', '/api/agent/conversations')).status).toBe(200);
    expect(JSON.stringify(bot.logs)).not.toContain(TOKEN);
  });

  it('relays a whole hand-off: queue, accept, both directions, end, and the bot resumes', async () => {
    await user(bot, 'c-relay', 'rdp to our azure vm fails with 0x904 extended 0x7');
    await user(bot, 'c-relay', 'I want to talk to a person');
    expect(sent.some((a) => a.type === 'event' && a.name === 'handoff.initiate')).toBe(true);
    expect(sent.at(-1)?.text).toMatch(/number 1 in the queue/);
    const queue = await agentCall(bot, 'GET', '/api/agent/conversations');
    expect(queue.body).toHaveLength(1);
    expect(queue.body[0]).toMatchObject({ status: 'queued', position: 1, reason: 'requested', errorCodes: { main: ['0x904'] } });
    const id = queue.body[0]?.id ?? '';

    const accepted = await agentCall(bot, 'POST', `/api/agent/conversations/${id}/accept`);
    expect(accepted.body.status).toBe('active');
    await waitFor(() => sent.some((a) => /Ada from the help desk has joined/.test(a.text ?? '')));

    const before = sent.length;
    await user(bot, 'c-relay', 'still broken, my password is Hunter2 by the way');
    expect(sent.length).toBe(before);
    const detail = await agentCall(bot, 'GET', `/api/agent/conversations/${id}`);
    expect(detail.body.messages.at(-1)).toMatchObject({ from: 'user', text: 'still broken, my password is [redacted] by the way' });
    expect(detail.body.diagnosis.facts).toEqual(expect.arrayContaining([expect.objectContaining({ questionId: 'is-azure-vm', value: 'yes' })]));

    await agentCall(bot, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'Please try the admin console.' });
    await waitFor(() => sent.some((a) => a.text === '**Ada (help desk):** Please try the admin console.'));

    await agentCall(bot, 'POST', `/api/agent/conversations/${id}/end`, { causeId: 'corrupt-machinekeys' });
    await waitFor(() => sent.some((a) => /has left the chat/.test(a.text ?? '')));
    expect((await agentCall(bot, 'GET', '/api/agent/conversations')).body).toEqual([]);
    await user(bot, 'c-relay', 'yes, that fixed it');
    expect(sent.at(-1)?.text).toMatch(/^Great/);
    await bot.app.learning.flush();
    const stats = (await bot.storage.storage.read([STATS_KEY]))[STATS_KEY] as { stats: { worked: Record<string, number> } };
    expect(stats.stats.worked['corrupt-machinekeys']).toBe(1);
  });

  it('queues two people in order and keeps queue and conversation across a restart', async () => {
    await user(bot, 'c-first', 'human please');
    await user(bot, 'c-second', 'can I talk to someone about remote desktop');
    expect(sent.filter((a) => /number 2 in the queue/.test(a.text ?? ''))).toHaveLength(1);
    await bot.close();

    bot = await startTestBot({ STORAGE: 'lowdb', DATA_DIR: dataDir, AGENT_TOKENS: `Ada:${TOKEN}`, TYPING_DELAY_MS: '5000' });
    const queue = (await agentCall(bot, 'GET', '/api/agent/conversations')).body as Array<{ id: string; position: number }>;
    expect(queue.map((c) => c.position)).toEqual([1, 2]);
    const first = await agentCall(bot, 'GET', `/api/agent/conversations/${queue[0]?.id ?? ''}`);
    expect(first.body.transcript.some((l) => l.text === 'human please')).toBe(true);
    await agentCall(bot, 'POST', `/api/agent/conversations/${queue[0]?.id ?? ''}/accept`);
    await waitFor(() => sent.some((a) => /has joined/.test(a.text ?? '')));
    const before = sent.length;
    await user(bot, 'c-first', 'hello?');
    expect(sent.length).toBe(before);
    const again = await agentCall(bot, 'POST', `/api/agent/conversations/${queue[0]?.id ?? ''}/accept`);
    expect(again.status).toBe(409);
  });
});

describe('contact-centre hand-off (HANDOFF_TARGET=omnichannel)', () => {
  let bot: TestBot;
  let sent: Sent[];
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sent = channel();
    bot = await startTestBot({ HANDOFF_TARGET: 'omnichannel', AGENT_TOKENS: `Ada:${TOKEN}`, TYPING_DELAY_MS: '5000' });
  });
  afterAll(async () => {
    await bot.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('sends the Omnichannel escalation, and queues on the built-in desk when handoff.status says failed', async () => {
    await user(bot, 'c-omni', 'rdp error 0x904 extended 0x7, get me a human');
    const escalation = sent.find((a) => a.channelData?.tags);
    const tags = JSON.parse(escalation?.channelData?.tags ?? '{}') as { type: string; context: Record<string, string> };
    expect(tags).toMatchObject({ type: 'Escalate', context: { rdp_reason: 'requested', rdp_error_codes: '0x904 / ext 0x7' } });
    expect((await agentCall(bot, 'GET', '/api/agent/conversations')).body).toEqual([]);
    await user(bot, 'c-omni', '', { type: 'event', name: 'handoff.status', value: { state: 'failed', message: 'no agents' }, text: undefined });
    expect(sent.some((a) => /could not take the chat/.test(a.text ?? ''))).toBe(true);
    expect((await agentCall(bot, 'GET', '/api/agent/conversations')).body).toHaveLength(1);
  });
});

describe('agent credentials', () => {
  it('slows down repeated failures from one address', async () => {
    const delays: number[] = [];
    const auth = createAgentAuth([{ name: 'ada', token: TOKEN }], createLogger('silent'), async (ms) => {
      delays.push(ms);
    });
    const request = (authorization?: string) => ({ socket: { remoteAddress: '10.0.0.9' }, header: () => authorization, getPath: () => '/agent' }) as never;
    for (let i = 0; i < 6; i += 1) expect(await auth.authenticate(request('Bearer nope-nope-nope-nope'))).toBeUndefined();
    expect(delays).toEqual([500, 1000, 2000]);
    expect(await auth.authenticate(request(`Bearer ${TOKEN}`))).toEqual({ name: 'ada' });
  });
});
