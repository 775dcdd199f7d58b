import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';

const PORTAL = 'https://support.contoso.example';
const STRANGER = 'https://elsewhere.example';

async function post(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('web chat embedding (local Direct Line)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ WEBCHAT_ALLOWED_ORIGINS: `${PORTAL}, http://127.0.0.1:9`, TRANSCRIPT_TTL_DAYS: '12', STATE_TTL_DAYS: '7', TOKEN_RATE_PER_MINUTE: '6000' });
  });
  afterAll(async () => bot.close());

  it('gives an allowed origin CORS on the token endpoint, the scripts and the local Direct Line', async () => {
    const token = await post(`${bot.url}/api/directline/token`, { Origin: PORTAL });
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(token.headers.get('vary')).toContain('Origin');
    const preflight = await fetch(`${bot.url}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    for (const script of ['/webchat/webchat.js', '/webchat/embed.js']) {
      const response = await fetch(`${bot.url}${script}`, { headers: { Origin: PORTAL } });
      expect(response.headers.get('access-control-allow-origin'), script).toBe(PORTAL);
      await response.arrayBuffer();
    }
  });

  it("refuses another origin's page: 403 from the token endpoints, no CORS headers, preflight refused", async () => {
    const token = await post(`${bot.url}/api/directline/token`, { Origin: STRANGER });
    expect(token.status).toBe(403);
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${bot.url}/api/directline/token`, { method: 'OPTIONS', headers: { Origin: STRANGER, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // The bot's own page (same origin) and non-browser clients (no Origin) are not affected.
    expect((await post(`${bot.url}/api/directline/token`, { Origin: bot.url })).status).toBe(200);
    expect((await post(`${bot.url}/api/directline/token`)).status).toBe(200);
  });

  it('resumes: the refresh endpoint answers a known token with its conversation, and refuses unknown ones', async () => {
    const issued = await post(`${bot.url}/api/directline/token`);
    const { token, conversationId } = issued.body as { token: string; conversationId: string };
    const refreshed = await post(`${bot.url}/api/directline/refresh`, { Authorization: `Bearer ${token}` });
    expect(refreshed).toMatchObject({ status: 200, body: { conversationId, token, webSocket: true } });
    expect(refreshed.body.domain).toBe(`${bot.url}/v3/directline`);
    expect((await post(`${bot.url}/api/directline/refresh`, { Authorization: `Bearer ${conversationId}.forged` })).status).toBe(403);
    expect((await post(`${bot.url}/api/directline/refresh`)).status).toBe(401);
  });

  it('shows on the page what is stored and for how long, from the retention settings', async () => {
    const html = await (await fetch(`${bot.url}/`)).text();
    expect(html).toMatch(/for 12 days/);
    expect(html).toMatch(/after 7 days without activity/);
    expect(html).toContain('<script src="/webchat/embed.js"');
    const embed = await (await fetch(`${bot.url}/webchat/embed.js`)).text();
    expect(embed).toMatch(/^window\.RdpAssistantDefaults = \{"accent":"#0F6CBD","labels":\{"copy":"Copy"/);
  });
});

describe('web chat embedding (Azure Direct Line)', () => {
  let bot: TestBot;
  const SECRET = 'dl-secret-for-embedding-tests';
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = await startTestBot({
      DIRECT_LINE_SECRET: SECRET,
      DIRECT_LINE_ENDPOINT: 'https://europe.directline.botframework.com/v3/directline/',
      WEBCHAT_ALLOWED_ORIGINS: PORTAL,
    });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await bot.close();
    nock.enableNetConnect();
  });

  it("names the embedding page's origin in trustedOrigins and hands the page the regional domain and WebSockets", async () => {
    let sent: { user?: { id?: string }; trustedOrigins?: string[] } = {};
    const azure = nock('https://europe.directline.botframework.com', { reqheaders: { authorization: `Bearer ${SECRET}` } })
      .post('/v3/directline/tokens/generate')
      .reply(200, async (request: Request) => {
        sent = (await request.json()) as typeof sent;
        return { conversationId: 'conv-eu', token: 'eu-token', expires_in: 1800 };
      });
    const { status, body } = await post(`${bot.url}/api/directline/token`, { Origin: PORTAL });
    expect(status).toBe(200);
    expect(body).toEqual({ token: 'eu-token', conversationId: 'conv-eu', expires_in: 1800, domain: 'https://europe.directline.botframework.com/v3/directline', webSocket: true });
    expect(sent.trustedOrigins).toEqual([PORTAL]);
    expect(sent.user?.id).toMatch(/^dl_/);
    expect(azure.isDone()).toBe(true);
  });

  it("refreshes the page's kept token at Direct Line to resume, and tells the page to start over when Azure refuses it", async () => {
    nock('https://europe.directline.botframework.com', { reqheaders: { authorization: 'Bearer kept-token' } })
      .post('/v3/directline/tokens/refresh')
      .reply(200, { conversationId: 'conv-eu', token: 'fresh-token', expires_in: 1800 });
    const resumed = await post(`${bot.url}/api/directline/refresh`, { Authorization: 'Bearer kept-token', Origin: PORTAL });
    expect(resumed).toMatchObject({ status: 200, body: { conversationId: 'conv-eu', token: 'fresh-token', webSocket: true } });
    expect(resumed.headers.get('access-control-allow-origin')).toBe(PORTAL);

    nock('https://europe.directline.botframework.com').post('/v3/directline/tokens/refresh').reply(403, { error: { code: 'TokenExpired' } });
    expect((await post(`${bot.url}/api/directline/refresh`, { Authorization: 'Bearer expired-token' })).status).toBe(403);
    nock('https://europe.directline.botframework.com').post('/v3/directline/tokens/refresh').reply(500, {});
    expect((await post(`${bot.url}/api/directline/refresh`, { Authorization: 'Bearer kept-token' })).status).toBe(502);
    expect(JSON.stringify(bot.logs)).not.toContain(SECRET);
  });
});
