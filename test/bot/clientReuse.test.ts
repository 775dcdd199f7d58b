import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type Activity } from 'botbuilder';
import { BotFrameworkAuthentication, ConnectorFactory, type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ClientReusingAuthentication } from '../../bot/clientReuse.ts';

const activity = (serviceUrl: string): Activity => ({ type: 'message', channelId: 'msteams', serviceUrl, text: 'hi', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'b1' } }) as Activity;

/** The authentication createAdapter builds in local mode (no app id): botbuilder's own, wrapped. */
function localAuthentication(): ClientReusingAuthentication {
  const credentials = new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
  return new ClientReusingAuthentication(new ConfigurationBotFrameworkAuthentication({}, credentials));
}

async function clientFor(auth: BotFrameworkAuthentication, serviceUrl: string): Promise<ConnectorClient> {
  const result = await auth.authenticateRequest(activity(serviceUrl), '');
  return result.connectorFactory!.create(serviceUrl, result.audience);
}

describe('ClientReusingAuthentication', () => {
  it('gives every request to the same service URL the same connector client, and another URL its own', async () => {
    const auth = localAuthentication();
    const first = await clientFor(auth, 'http://127.0.0.1:5000/');
    const second = await clientFor(auth, 'http://127.0.0.1:5000/');
    const other = await clientFor(auth, 'http://127.0.0.1:6000/');
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    const baseUri = (client: ConnectorClient): unknown => (client as unknown as { baseUri: unknown }).baseUri;
    expect(baseUri(first)).toBe('http://127.0.0.1:5000/');
    expect(baseUri(other)).toBe('http://127.0.0.1:6000/');
  });

  it('reuses the user token client per bot, as botbuilder builds it for the request', async () => {
    const auth = localAuthentication();
    const { claimsIdentity } = await auth.authenticateRequest(activity('http://127.0.0.1:5000/'), '');
    const first = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(first);
  });

  it('keeps clients apart per bot app id and per audience (a skill is not the channel)', async () => {
    const built: Array<{ appId: string; audience: string | undefined }> = [];
    const authFor = (appId: string) => {
      const claims = { getClaimValue: (type: string) => (type === 'aud' ? appId : null) } as unknown as ClaimsIdentity;
      const factory = new (class extends ConnectorFactory {
        override async create(_serviceUrl: string, audience?: string): Promise<ConnectorClient> {
          built.push({ appId, audience });
          return { appId, audience } as unknown as ConnectorClient;
        }
      })();
      return { claims, factory };
    };
    const bots = { a: authFor('bot-a'), b: authFor('bot-b') };
    let current = bots.a;
    const inner = new (class extends BotFrameworkAuthentication {
      override async authenticateRequest(): Promise<AuthenticateRequestResult> {
        return { audience: 'https://api.botframework.com', callerId: '', claimsIdentity: current.claims, connectorFactory: current.factory };
      }
      override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
        return this.authenticateRequest();
      }
      override createConnectorFactory(): ConnectorFactory {
        return current.factory;
      }
      override async createUserTokenClient(): Promise<UserTokenClient> {
        throw new Error('not used');
      }
    })();
    const auth = new ClientReusingAuthentication(inner);
    const url = 'https://smba.trafficmanager.net/teams/';
    const factoryOf = async () => (await auth.authenticateRequest(activity(url), '')).connectorFactory!;
    const channelA = await (await factoryOf()).create(url);
    const skillA = await (await factoryOf()).create(url, 'skill-app-id');
    current = bots.b;
    const channelB = await (await factoryOf()).create(url);
    current = bots.a;
    expect(await (await factoryOf()).create(url)).toBe(channelA);
    expect(skillA).not.toBe(channelA);
    expect(channelB).not.toBe(channelA);
    expect(built).toEqual([
      { appId: 'bot-a', audience: undefined },
      { appId: 'bot-a', audience: 'skill-app-id' },
      { appId: 'bot-b', audience: undefined },
    ]);
  });

  it('builds a client again after a failed build instead of keeping the failure', async () => {
    let builds = 0;
    const built = {} as ConnectorClient;
    const factory = new (class extends ConnectorFactory {
      override async create(): Promise<ConnectorClient> {
        builds += 1;
        if (builds === 1) throw new Error('credentials unavailable');
        return built;
      }
    })();
    const inner = new (class extends BotFrameworkAuthentication {
      override async authenticateRequest(): Promise<AuthenticateRequestResult> {
        return { audience: 'https://api.botframework.com', callerId: '', claimsIdentity: { getClaimValue: () => 'bot-app' } as unknown as ClaimsIdentity, connectorFactory: factory };
      }
      override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
        return this.authenticateRequest();
      }
      override createConnectorFactory(): ConnectorFactory {
        return factory;
      }
      override async createUserTokenClient(): Promise<UserTokenClient> {
        throw new Error('not used');
      }
    })();
    const auth = new ClientReusingAuthentication(inner);
    await expect(clientFor(auth, 'https://smba.trafficmanager.net/teams/')).rejects.toThrow('credentials unavailable');
    expect(await clientFor(auth, 'https://smba.trafficmanager.net/teams/')).toBe(built);
    expect(await clientFor(auth, 'https://smba.trafficmanager.net/teams/')).toBe(built);
    expect(builds).toBe(2);
  });
});
