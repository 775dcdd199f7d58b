import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/**
 * Distinct (bot, serviceUrl, audience) clients kept. Service URLs are per channel and region, and Teams' can carry the
 * tenant (https://smba.trafficmanager.net/amer/<tenant id>/), so a bot in many tenants needs more than a few.
 */
const CLIENTS_KEPT = 256;

/**
 * Bot Framework authentication that builds each ConnectorClient and UserTokenClient once and reuses it.
 * botbuilder's CloudAdapter asks for both on every activity, and in botbuilder-js each is a new
 * @azure/core-client ServiceClient (a request pipeline of a dozen policies, a user agent, the proxy
 * settings read from the environment) with new credentials; that construction was about a tenth of the
 * assistant's CPU per turn, and more of the echo bot's (`npm run bench:profile`). botbuilder-dotnet has cached
 * its connector clients by service URL and credentials since 2018 (botbuilder-dotnet#875, #883); this does the
 * same here: one client per bot app id, service URL and audience, LRU-bounded because service URLs come from
 * requests. The clients hold no per-turn state.
 * Everything else (authenticating requests, caller ids, skills) is the wrapped authentication's own.
 */
export class ClientReusingAuthentication extends BotFrameworkAuthentication {
  readonly #inner: BotFrameworkAuthentication;
  readonly #connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: CLIENTS_KEPT });
  readonly #tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: CLIENTS_KEPT });

  constructor(inner: BotFrameworkAuthentication) {
    super();
    this.#inner = inner;
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusing(await this.#inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusing(await this.#inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(appIdOf(claimsIdentity), this.#inner.createConnectorFactory(claimsIdentity), this.#connectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return cached(this.#tokenClients, appIdOf(claimsIdentity), () => this.#inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.#inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.#inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.#inner.authenticateChannelRequest(authHeader);
  }

  #reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory } = result;
    if (!connectorFactory) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(appIdOf(result.claimsIdentity), connectorFactory, this.#connectors) };
  }
}

/** A request's connector factory whose clients come from the shared cache, built by it only when missing. */
class ReusingConnectorFactory extends ConnectorFactory {
  readonly #appId: string;
  readonly #inner: ConnectorFactory;
  readonly #clients: LRUCache<string, Promise<ConnectorClient>>;

  constructor(appId: string, inner: ConnectorFactory, clients: LRUCache<string, Promise<ConnectorClient>>) {
    super();
    this.#appId = appId;
    this.#inner = inner;
    this.#clients = clients;
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return cached(this.#clients, JSON.stringify([this.#appId, serviceUrl, audience ?? null]), () => this.#inner.create(serviceUrl, audience));
  }
}

/** The cached promise, or a new one kept unless it fails (a failed build is retried by the next turn). */
function cached<T>(cache: LRUCache<string, Promise<T>>, key: string, build: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  const built = build();
  cache.set(key, built);
  built.catch(() => {
    if (cache.get(key) === built) cache.delete(key);
  });
  return built;
}

/** The bot's app id as botbuilder's own factories read it: the token's audience, else its appid claim. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}
