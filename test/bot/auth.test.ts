import { MemoryStorage, type StoreItems } from 'botbuilder';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { mockBotFrameworkOpenId, type TokenFactory } from '../helpers/botFrameworkTokens.ts';
import { makeActivity, postJson, replyTexts, startTestBot, type TestBot } from '../helpers/botServer.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const APP_PASSWORD = 'test-client-secret-value';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** Memory storage that counts writes, to prove a rejected request changes nothing. */
function countingStorage(): StorageHandle & { writes: number } {
  const inner = new MemoryStorage();
  const handle = {
    writes: 0,
    kind: 'memory' as const,
    storage: {
      read: (keys: string[]) => inner.read(keys),
      write: (changes: StoreItems) => {
        handle.writes += 1;
        return inner.write(changes);
      },
      delete: (keys: string[]) => inner.delete(keys),
    },
    sweep: async () => 0,
    check: async () => undefined,
    close: async () => undefined,
  };
  return handle;
}

describe('authentication with an app id', () => {
  let bot: TestBot;
  let tokens: TokenFactory;
  let storage: ReturnType<typeof countingStorage>;
  const activity = (overrides: Record<string, unknown> = {}) =>
    makeActivity({ channelId: 'msteams', serviceUrl: SERVICE_URL, deliveryMode: 'expectReplies', ...overrides });
  const valid = { aud: APP_ID, serviceurl: SERVICE_URL };

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    tokens = await mockBotFrameworkOpenId();
    storage = countingStorage();
    bot = await startTestBot({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppType: 'MultiTenant', HOST: '127.0.0.1' }, storage);
  });
  beforeEach(() => {
    storage.writes = 0;
  });
  afterAll(async () => {
    await bot.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const rejected: Array<[string, () => Promise<Record<string, string>>]> = [
    ['no token', async () => ({})],
    ['a malformed token', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['an expired token', async () => ({ authorization: `Bearer ${await tokens.sign(valid, { expiresInSeconds: -3600 })}` })],
    ['a token for another audience', async () => ({ authorization: `Bearer ${await tokens.sign({ ...valid, aud: 'someone-else' })}` })],
    ['a token from another issuer', async () => ({ authorization: `Bearer ${await tokens.sign({ ...valid, iss: 'https://evil.example.com' })}` })],
    ['a token whose serviceurl claim differs', async () => ({ authorization: `Bearer ${await tokens.sign({ ...valid, serviceurl: 'https://evil.example.com/' })}` })],
    ['a token signed by an unknown key', async () => ({ authorization: `Bearer ${await tokens.sign(valid, { key: tokens.otherKey })}` })],
  ];

  it.each(rejected)('answers 401 and writes no state for %s', async (_name, headers) => {
    // botframework-connector console.errors some token failures itself; keep the test output clean.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, body } = await postJson(bot.messagesUrl, activity(), await headers());
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'unauthorized' });
    expect(storage.writes).toBe(0);
    consoleError.mockRestore();
  });

  it('answers 200 with the replies for a valid token', async () => {
    const token = await tokens.sign(valid);
    const { status, body } = await postJson(bot.messagesUrl, activity(), { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(replyTexts(body).length).toBeGreaterThan(0);
    expect(storage.writes).toBeGreaterThan(0);
  });

  it('replies through the connector with its own token for normal delivery', async () => {
    const login = nock('https://login.microsoftonline.com')
      .post('/botframework.com/oauth2/v2.0/token')
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'outbound-token' });
    const authorizations: string[] = [];
    const channel = nock('https://smba.trafficmanager.net')
      .post(/\/teams\/v3\/conversations\/conv-normal\/activities\/.*/)
      .times(10)
      .reply(200, (request: Request) => {
        authorizations.push(String(request.headers.get('authorization')));
        return { id: 'sent' };
      });
    const token = await tokens.sign(valid);
    const { status } = await postJson(bot.messagesUrl, activity({ deliveryMode: undefined, conversation: { id: 'conv-normal' } }), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(200);
    expect(login.isDone()).toBe(true);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(new Set(authorizations)).toEqual(new Set(['Bearer outbound-token']));
    expect(channel.isDone()).toBe(false);
  });

  it('never logs the app password or a bearer token', async () => {
    const token = await tokens.sign(valid);
    await postJson(bot.messagesUrl, activity(), { authorization: `Bearer ${token}` });
    const logs = JSON.stringify(bot.logs);
    expect(logs).not.toContain(APP_PASSWORD);
    expect(logs).not.toContain(token);
  });
});
