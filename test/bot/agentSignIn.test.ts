import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';
import { loopbackOnly } from '../helpers/connector.ts';
import { OIDC_CLIENT, startOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider.ts';

const TOKEN = 'ada-token-0123456789abcdef';

describe('agent sign-in (OIDC) over HTTP', () => {
  let bot: TestBot;
  let provider: TestOidcProvider;
  loopbackOnly();
  beforeAll(async () => {
    provider = await startOidcProvider();
    bot = await startTestBot({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret, AGENT_TOKENS: `Ada:${TOKEN}` });
    provider.register(`${bot.url}/agent/auth/callback`);
  });
  afterAll(async () => {
    await bot.close();
    await provider.close();
  });

  it('sends a signed-out browser to the provider with PKCE S256, state and nonce', async () => {
    const page = await fetch(`${bot.url}/agent`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/agent/auth/login');
    const login = await fetch(`${bot.url}/agent/auth/login`, { redirect: 'manual' });
    const target = new URL(login.headers.get('location') ?? '');
    expect(target.origin).toBe(provider.issuer);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT.id,
      response_type: 'code',
      redirect_uri: `${bot.url}/agent/auth/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
  });

  it('rejects a callback it did not start, and answers the API with 401 but no Basic prompt', async () => {
    const forged = await fetch(`${bot.url}/agent/auth/callback?code=stolen&state=made-up`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const api = await fetch(`${bot.url}/api/agent/conversations`, { headers: { cookie: 'desk_session=guessed' } });
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBeNull();
  });

  it('still takes agent tokens as the fallback', async () => {
    expect((await fetch(`${bot.url}/api/agent/conversations`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
