import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

type DirectLineActivity = { id: string; type: string; text?: string; from: { id: string; role?: string }; channelData?: { clientActivityID?: string } };

describe('web chat page', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ WEBCHAT_TITLE: 'Fabrikam Help <Desk>', WEBCHAT_ACCENT: '#AA3300' });
  });
  afterAll(async () => bot.close());

  it('serves the branded portal page with a nonce-based CSP', async () => {
    const response = await fetch(`${bot.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Fabrikam Help &lt;Desk&gt;');
    expect(html).toContain('--accent: #AA3300');
    expect(html).toContain('<script src="/webchat/webchat.js"');
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce ?? 'missing'}"`);
  });

  it('serves the Web Chat bundle and the avatar from the bot itself', async () => {
    const bundle = await fetch(`${bot.url}/webchat/webchat.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
    const avatar = await fetch(`${bot.url}/webchat/avatar.svg`);
    expect(await avatar.text()).toContain('#AA3300');
  });
});

describe('local Direct Line (no DIRECT_LINE_SECRET)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ TYPING_DELAY_MS: '5000' });
  });
  afterAll(async () => bot.close());

  async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${bot.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('starts a conversation, echoes posted activities with their clientActivityID and streams the replies by watermark', async () => {
    const issued = await postJson(`${bot.url}/api/directline/token`, {});
    expect(issued.status).toBe(200);
    const { token, conversationId, domain } = issued.body as { token: string; conversationId: string; domain: string };
    expect(domain).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/directline$/);
    const started = await call('POST', '/v3/directline/conversations', token);
    expect(started).toMatchObject({ status: 201, body: { conversationId, token } });
    const first = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=`, token);
    const greeting = first.body.activities as DirectLineActivity[];
    expect(greeting.map((a) => a.from.id)).toEqual(['rdp-assistant']);
    const posted = await call('POST', `/v3/directline/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'rdp error 0x904 extended 0x7',
      from: { id: 'someone-else', name: 'Pat' },
      channelData: { clientActivityID: 'client-1' },
    });
    expect(posted.status).toBe(200);
    // Like Azure's, the POST answers before the bot's replies arrive: poll as Web Chat does.
    let after = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=${String(first.body.watermark)}`, token);
    const asked = (list: DirectLineActivity[]): boolean => list.some((a) => a.from.id === 'rdp-assistant' && /\?/.test(a.text ?? ''));
    for (let tries = 0; tries < 50 && !asked(after.body.activities as DirectLineActivity[]); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=${String(first.body.watermark)}`, token);
    }
    const activities = after.body.activities as DirectLineActivity[];
    // The server, not the page, says who posted.
    expect(activities[0]).toMatchObject({ id: posted.body.id, from: { id: expect.stringMatching(/^dl_[0-9a-f-]{36}$/) as string, name: 'Pat', role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(asked(activities.slice(1))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const none = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=${String(after.body.watermark)}`, token);
    expect(none.body.activities).toEqual([]);
    expect((await call('POST', '/v3/directline/tokens/refresh', token)).body).toMatchObject({ token, conversationId });
  });

  it('refuses a wrong token and unknown conversations', async () => {
    const { token, conversationId } = (await postJson(`${bot.url}/api/directline/token`, {})).body as { token: string; conversationId: string };
    expect((await call('GET', `/v3/directline/conversations/${conversationId}/activities`, `${token}x`)).status).toBe(403);
    expect((await call('POST', '/v3/directline/conversations', 'nope.nope')).status).toBe(403);
    expect((await postJson(`${bot.url}/v3/conversations/unknown/activities`, { type: 'message', text: 'spoof' })).status).toBe(404);
  });
});

describe('Direct Line token exchange with DIRECT_LINE_SECRET', () => {
  let bot: TestBot;
  const SECRET = 'dl-secret-value-never-leaves';
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = await startTestBot({ DIRECT_LINE_SECRET: SECRET, TOKEN_RATE_PER_MINUTE: '1' });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await bot.close();
    nock.enableNetConnect();
  });

  it('trades the secret for a token at Direct Line and never returns the secret', async () => {
    let authorization = '';
    let userId = '';
    nock('https://directline.botframework.com')
      .post('/v3/directline/tokens/generate')
      .reply(200, async (request: Request) => {
        authorization = request.headers.get('authorization') ?? '';
        userId = ((await request.json()) as { user: { id: string } }).user.id;
        return { conversationId: 'conv-azure', token: 'short-lived-token', expires_in: 1800 };
      });
    const { status, body } = await postJson(`${bot.url}/api/directline/token`, {});
    expect(status).toBe(200);
    expect(body).toEqual({ token: 'short-lived-token', expires_in: 1800, conversationId: 'conv-azure', domain: 'https://directline.botframework.com/v3/directline', webSocket: true });
    expect(authorization).toBe(`Bearer ${SECRET}`);
    expect(userId).toMatch(/^dl_/);
    expect(JSON.stringify(bot.logs)).not.toContain(SECRET);
    expect((await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 502 when Direct Line refuses, and 429 past the per-IP limit', async () => {
    nock('https://directline.botframework.com').post('/v3/directline/tokens/generate').times(10).reply(403, { error: { code: 'BadArgument' } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await postJson(`${bot.url}/api/directline/token`, {})).status);
    expect(statuses.slice(0, 4)).toEqual([502, 502, 502, 502]);
    expect(statuses.at(-1)).toBe(429);
  });
});
