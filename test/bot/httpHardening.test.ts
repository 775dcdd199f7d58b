import { once } from 'node:events';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../bot/httpHardening.ts';
import { makeActivity, postJson, startTestBot, storageHandle, type TestBot } from '../helpers/botServer.ts';

/** Sends raw bytes and resolves with everything the server wrote before it closed the socket. */
async function rawRequest(port: number, request: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  socket.write(request);
  await once(socket, 'close');
  return answer;
}

describe('HTTP hardening', () => {
  let bot: TestBot;
  let port: number;
  beforeAll(async () => {
    bot = await startTestBot({ MAX_BODY_BYTES: '4096' });
    port = Number(new URL(bot.url).port);
  });
  afterAll(async () => bot.close());

  const POSTS = ['/api/messages', '/api/directline/token', '/v3/directline/conversations', '/api/agent/conversations/x/accept'];

  it.each(POSTS)('answers 415 to a Content-Encoding: gzip body that is not gzip on %s, and keeps running', async (path) => {
    const { status, body } = await postJson(`${bot.url}${path}`, '{}', { 'content-encoding': 'gzip' });
    expect(status).toBe(415);
    expect(body).toMatchObject({ error: expect.stringMatching(/identity/) as string });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('refuses a real gzip body whose inflated size is far beyond MAX_BODY_BYTES', async () => {
    const inflated = JSON.stringify(makeActivity({ text: 'a'.repeat(1_000_000) }));
    const compressed = gzipSync(inflated);
    expect(compressed.byteLength).toBeLessThan(4096);
    const response = await fetch(bot.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: compressed });
    expect(response.status).toBe(415);
  });

  it.each(['/api/messages', '/healthz', '/nowhere'])('answers and closes a Connection: Upgrade request on %s', { timeout: 3000 }, async (path) => {
    const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error"');
  });

  it(`answers 400 to JSON nested deeper than ${MAX_JSON_DEPTH} levels`, async () => {
    const deep = `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`;
    const raw = JSON.stringify(makeActivity({ value: 'DEEP' })).replace('"DEEP"', deep);
    const { status, body } = await postJson(bot.messagesUrl, raw);
    expect(status).toBe(400);
    expect(body).toHaveProperty('error');
    const nested = await postJson(bot.messagesUrl, makeActivity({ value: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) as unknown }));
    expect(nested).toMatchObject({ status: 400, body: { error: expect.stringMatching(/nested/) as string } });
  });

  it('sets security headers on APIs, pages and errors, and keeps API answers out of caches', async () => {
    for (const path of ['/healthz', '/', '/webchat/webchat.js', '/webchat/avatar.svg', '/nowhere', '/agent', '/api/agent/conversations']) {
      const response = await fetch(`${bot.url}${path}`);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors '(none|self)'/);
    }
    expect((await fetch(`${bot.url}/api/agent/conversations`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${bot.url}/healthz`)).headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown routes and wrong methods with a short JSON error and no internal text', async () => {
    const missing = await fetch(`${bot.url}/nowhere/%E0%A4%A`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
    const wrongMethod = await fetch(bot.messagesUrl, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual({ error: 'method not allowed' });
  });

  it('logs restify requests through the redacting logger: method and path, never headers or body', () => {
    bot.app.server.log.warn({ req: { method: 'POST', url: '/api/messages?token=abc', headers: { authorization: 'Bearer secret-value' }, body: { text: 'my password' } } }, 'probe');
    const line = bot.logs.find((l) => l.msg === 'probe');
    expect(line).toMatchObject({ component: 'restify', req: { method: 'POST', path: '/api/messages' } });
    expect(JSON.stringify(line)).not.toMatch(/secret-value|my password|token=abc/);
  });
});

describe('agent desk caching', () => {
  it('keeps signed-in agent pages and API answers (transcripts) out of every cache', async () => {
    const token = 'hardening-agent-token-0123';
    const bot = await startTestBot({ AGENT_TOKENS: `Ada:${token}` });
    try {
      for (const path of ['/agent', '/api/agent/conversations', '/api/agent/causes']) {
        const response = await fetch(`${bot.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status, path).toBe(200);
        expect(response.headers.get('cache-control'), path).toBe('no-store');
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      }
    } finally {
      await bot.close();
    }
  });
});

describe('internal errors', () => {
  it('answers a failing handler with 500 and a generic JSON body, never the error text', async () => {
    const inner = new MemoryStorage();
    const failing = storageHandle({
      read: async (keys) => {
        if (keys.some((k) => k.startsWith('local-directline/'))) throw new RangeError('Invalid time value at /secret/path');
        return inner.read(keys);
      },
      write: (changes) => inner.write(changes),
      delete: (keys) => inner.delete(keys),
    });
    const bot = await startTestBot({}, failing);
    try {
      const { token, conversationId } = (await postJson(`${bot.url}/api/directline/token`, {})).body as { token: string; conversationId: string };
      const response = await fetch(`${bot.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal error' });
      expect(bot.logs.find((l) => l.msg === 'request failed')).toMatchObject({ err: { type: 'RangeError' } });
    } finally {
      await bot.close();
    }
  });
});
