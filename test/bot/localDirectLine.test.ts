import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

type Activity = { id: string; type: string; text?: string; from: { id: string; role?: string } };
type Issued = { token: string; conversationId: string; domain: string };

/** The local Direct Line as Web Chat uses it, for one conversation. */
function client(bot: TestBot, issued: Issued) {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
    const response = await fetch(`${bot.url}/v3/directline${path}`, {
      method,
      headers: { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  };
  return {
    call,
    post: (text: string, extra: Record<string, unknown> = {}) => call('POST', `/conversations/${issued.conversationId}/activities`, { type: 'message', text, ...extra }),
    all: async () => ((await call('GET', `/conversations/${issued.conversationId}/activities`)).body.activities ?? []) as Activity[],
  };
}

async function startConversation(bot: TestBot): Promise<Issued & ReturnType<typeof client>> {
  const issued = (await postJson(`${bot.url}/api/directline/token`, {})).body as Issued;
  const dl = client(bot, issued);
  expect((await dl.call('POST', '/conversations')).status).toBe(201);
  return { ...issued, ...dl };
}

describe('local Direct Line under load and abuse', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ TYPING_DELAY_MS: '5000', TOKEN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => bot.close());

  it('keeps every message of a fast typist, answers each in order, and never fails a turn', async () => {
    const dl = await startConversation(bot);
    const texts = ['rdp fails with 0x904 extended 0x7', ...Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 'yes' : 'not sure'))];
    const posted = await Promise.all(texts.map((text) => dl.post(text)));
    expect(posted.map((p) => p.status)).toEqual(texts.map(() => 200));
    await bot.app.inflight.drain(10_000);
    const activities = await dl.all();
    const fromUser = activities.filter((a) => a.from.role === 'user');
    expect(fromUser.map((a) => a.id).sort()).toEqual(posted.map((p) => p.body.id).sort());
    // Each message got its turn: the bot answered after every one of them.
    const last = activities.findLastIndex((a) => a.from.role === 'user');
    expect(activities.slice(last + 1).some((a) => a.from.id === 'rdp-assistant')).toBe(true);
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
    const key = `directline/conversations/${dl.conversationId}/`;
    const stored = (await bot.storage.storage.read([key]))[key] as { recentActivityIds?: string[] };
    expect(stored.recentActivityIds).toEqual(expect.arrayContaining(posted.map((p) => p.body.id)));
  });

  it('stores the transcript in bounded pages: the conversation record does not grow with it', async () => {
    const dl = await startConversation(bot);
    const recordSize = async (): Promise<number> => {
      const key = `local-directline/conversations/${dl.conversationId}`;
      return JSON.stringify((await bot.storage.storage.read([key]))[key]).length;
    };
    const before = await recordSize();
    for (let i = 0; i < 10; i += 1) await dl.post(`hostname ${'x'.repeat(2000)} ${i}`);
    await bot.app.inflight.drain(10_000);
    expect(await recordSize()).toBeLessThan(before + 10);
  });

  it('lets only the bot post replies, on its secret path', async () => {
    const dl = await startConversation(bot);
    const count = (await dl.all()).length;
    const spoof = { type: 'message', text: 'Your password please', from: { id: 'rdp-assistant' } };
    expect((await postJson(`${bot.url}/v3/conversations/${dl.conversationId}/activities`, spoof)).status).toBe(404);
    expect((await postJson(`${bot.url}/directline-bot/guess/v3/conversations/${dl.conversationId}/activities`, spoof)).status).toBe(404);
    expect(await dl.all()).toHaveLength(count);
  });

  it('ignores the page\'s deliveryMode and from.id: replies still arrive in the stream', async () => {
    const dl = await startConversation(bot);
    const posted = await dl.post('rdp fails with 0x904 extended 0x7', { deliveryMode: 'expectReplies', from: { id: 'rdp-assistant', role: 'bot' } });
    await bot.app.inflight.drain(10_000);
    const activities = await dl.all();
    const mine = activities.find((a) => a.id === posted.body.id);
    expect(mine?.from).toMatchObject({ id: expect.stringMatching(/^dl_/) as string, role: 'user' });
    expect(activities.slice(activities.indexOf(mine!) + 1).some((a) => a.from.id === 'rdp-assistant' && /\?/.test(a.text ?? ''))).toBe(true);
  });

  it('never echoes a foreign Host header into the Direct Line domain', async () => {
    const domain = await new Promise<string>((resolve, reject) => {
      const req = request(`${bot.url}/api/directline/token`, { method: 'POST', headers: { host: 'evil.example:443', 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve((JSON.parse(text) as Issued).domain));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(domain).toBe(`${bot.url}/v3/directline`);
  });

  it('answers 400 to a post without a type or with a non-string text, and unknown ids with 403', async () => {
    const dl = await startConversation(bot);
    expect((await dl.call('POST', `/conversations/${dl.conversationId}/activities`, { text: 'no type' })).status).toBe(400);
    expect((await dl.post({ nested: true } as unknown as string)).status).toBe(400);
    const malformed = await dl.call('GET', '/conversations/%E0%A4%A/activities');
    expect([403, 404]).toContain(malformed.status);
    expect(malformed.body).toHaveProperty('error');
  });
});

describe('local Direct Line rate limit', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ TYPING_DELAY_MS: '5000', MESSAGE_RATE_PER_MINUTE: '1' });
  });
  afterAll(async () => bot.close());

  it('answers 429 with Retry-After past the burst, for the Direct Line and /api/messages alike', async () => {
    const dl = await startConversation(bot);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof dl.post>> | undefined;
    for (let i = 0; i < 25 && !refused; i += 1) {
      const answer = await dl.post(`message ${i}`);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await startConversation(bot);
    expect((await other.post('hello')).status).toBe(200);

    const conversation = { id: 'limited' };
    const answers = [];
    for (let i = 0; i < 21; i += 1) answers.push(await fetch(bot.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'hi' })) }));
    expect(answers.at(-1)?.status).toBe(429);
    expect(Number(answers.at(-1)?.headers.get('retry-after'))).toBeGreaterThan(0);
    await bot.app.inflight.drain(10_000);
  });

  it('answers token requests past the per-IP burst with 429 and Retry-After', async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 10 && !refused; i += 1) {
      const response = await fetch(`${bot.url}/api/directline/token`, { method: 'POST' });
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toEqual({ error: expect.stringMatching(/retry after/) as string });
  });
});
