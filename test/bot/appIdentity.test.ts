import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockBotFrameworkOpenId, type TokenFactory } from '../helpers/botFrameworkTokens.ts';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

const APP_ID = '22222222-3333-4444-5555-666666666666';
// Another app id for the managed identity: the SDK caches outbound tokens per app id for the whole process.
const MSI_CLIENT_ID = '33333333-4444-5555-6666-777777777777';
const TENANT_ID = '99999999-8888-7777-6666-555555555555';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** Captures the Authorization headers of the bot's replies to the Teams connector. */
function captureReplies(conversationId: string): string[] {
  const authorizations: string[] = [];
  nock('https://smba.trafficmanager.net')
    .post(new RegExp(`/teams/v3/conversations/${conversationId}/activities/.*`))
    .times(10)
    .reply(200, (request: Request) => {
      authorizations.push(String(request.headers.get('authorization')));
      return { id: 'sent' };
    });
  return authorizations;
}

describe('bot identity: outbound tokens per app type', () => {
  let tokens: TokenFactory;
  let bot: TestBot | undefined;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    tokens = await mockBotFrameworkOpenId();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    nock.abortPendingRequests();
  });

  const send = async (conversationId: string, appId = APP_ID): Promise<number> => {
    const token = await tokens.sign({ aud: appId, serviceurl: SERVICE_URL });
    const activity = makeActivity({ channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: conversationId } });
    return (await postJson(bot?.messagesUrl ?? '', activity, { authorization: `Bearer ${token}` })).status;
  };

  it('gets its reply token from its own tenant by default (SingleTenant)', async () => {
    bot = await startTestBot({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'single-tenant-secret', MicrosoftAppTenantId: TENANT_ID, HOST: '127.0.0.1' });
    expect(bot.config.auth.appType).toBe('SingleTenant');
    const login = nock('https://login.microsoftonline.com')
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'tenant-token' });
    const authorizations = captureReplies('conv-single');
    expect(await send('conv-single')).toBe(200);
    expect(login.isDone()).toBe(true);
    expect(new Set(authorizations)).toEqual(new Set(['Bearer tenant-token']));
  });

  it('gets its reply token from the App Service managed identity endpoint with UserAssignedMSI (no secret anywhere)', async () => {
    const requests: Array<{ url: string; header: string | undefined }> = [];
    const identityEndpoint = createServer((req, res) => {
      requests.push({ url: req.url ?? '', header: req.headers['x-identity-header'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'msi-token', expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: 'https://api.botframework.com', token_type: 'Bearer', client_id: MSI_CLIENT_ID }));
    });
    identityEndpoint.listen(0, '127.0.0.1');
    await once(identityEndpoint, 'listening');
    // What App Service sets for a web app with a managed identity; @azure/identity reads it itself.
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(identityEndpoint.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = 'identity-header-value';
    try {
      bot = await startTestBot({ MicrosoftAppId: MSI_CLIENT_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT_ID, HOST: '127.0.0.1' });
      const authorizations = captureReplies('conv-msi');
      expect(await send('conv-msi', MSI_CLIENT_ID)).toBe(200);
      expect(new Set(authorizations)).toEqual(new Set(['Bearer msi-token']));
      expect(requests[0]?.header).toBe('identity-header-value');
      expect(new URL(requests[0]?.url ?? '', 'http://x').searchParams.get('client_id')).toBe(MSI_CLIENT_ID);
    } finally {
      delete process.env.IDENTITY_ENDPOINT;
      delete process.env.IDENTITY_HEADER;
      identityEndpoint.close();
    }
  });
});
