import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientAddress } from '../../bot/clientAddress.ts';
import { postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

const AGENT_TOKEN = 'proxy-test-token-0123456789';

describe('client address behind trusted proxies', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  const token = (b: TestBot, forwardedFor?: string) => postJson(`${b.url}/api/directline/token`, {}, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
  const statuses = async (b: TestBot, forwardedFor: string, times: number): Promise<number[]> => {
    const result: number[] = [];
    for (let i = 0; i < times; i += 1) result.push((await token(b, forwardedFor)).status);
    return result;
  };

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    bot = await startTestBot({ TOKEN_RATE_PER_MINUTE: '1' });
    const seen: number[] = [];
    // Every request claims another client; all come from one socket address, so they share one bucket.
    for (let i = 0; i < 6; i += 1) seen.push((await token(bot, `203.0.113.${i + 1}`)).status);
    expect(seen).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('limits per forwarded client when the socket peer is a trusted proxy, and a spoofed prefix does not help', async () => {
    bot = await startTestBot({ TOKEN_RATE_PER_MINUTE: '1', TRUSTED_PROXIES: '127.0.0.1/32' });
    expect(await statuses(bot, '203.0.113.7:51234', 6)).toEqual([200, 200, 200, 200, 200, 429]);
    // The proxy appends the real client; what the client wrote before it is not believed.
    expect((await token(bot, '198.51.100.1, 203.0.113.7:6000')).status).toBe(429);
    expect((await token(bot, '198.51.100.1')).status).toBe(200);
  });

  it('counts agent login failures per forwarded client only behind a trusted proxy', async () => {
    bot = await startTestBot({ AGENT_TOKENS: `ada:${AGENT_TOKEN}`, TRUSTED_PROXIES: 'loopback' });
    const tryLogin = (forwardedFor: string) =>
      fetch(`${bot?.url ?? ''}/api/agent/causes`, { headers: { Authorization: 'Bearer wrong-token-0123456789', 'x-forwarded-for': forwardedFor } });
    for (const address of ['203.0.113.5', '203.0.113.5', '198.51.100.9']) expect((await tryLogin(address)).status).toBe(401);
    const failures = bot.logs.filter((l) => l.msg === 'agent desk: bad credentials').map((l) => [l.ip, l.failures]);
    expect(failures).toEqual([
      ['203.0.113.5', 1],
      ['203.0.113.5', 2],
      ['198.51.100.9', 1],
    ]);
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or range', async () => {
    await expect(startTestBot({ TRUSTED_PROXIES: '10.0.0.0/8, azure-front-door' })).rejects.toThrow(/TRUSTED_PROXIES: "azure-front-door" is not an IP address/);
  });
});

describe('createClientAddress', () => {
  const request = (peer: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

  it('walks X-Forwarded-For back past trusted hops only, and drops App Service ports (IPv4 and IPv6)', () => {
    const behindTwoProxies = createClientAddress(['10.0.0.0/8']);
    expect(behindTwoProxies(request('10.0.0.4', '198.51.100.1, 203.0.113.9:4431, 10.1.2.3'))).toBe('203.0.113.9');
    expect(behindTwoProxies(request('10.0.0.4', '[2001:db8::7]:51000'))).toBe('2001:db8::7');
    expect(behindTwoProxies(request('192.0.2.50', '203.0.113.9'))).toBe('192.0.2.50');
    expect(createClientAddress([])(request('10.0.0.4', '203.0.113.9'))).toBe('10.0.0.4');
  });
});
