import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { vi } from 'vitest';

export const OIDC_CLIENT = { id: 'agent-desk', secret: 'agent-desk-client-secret-0123456789' };
export const AGENT_ROLE = 'HelpDesk.Agent';

/** Accounts of the test provider: any login name signs in; only "ada" holds the agent role. */
const ACCOUNTS: Record<string, { name: string; email: string; roles: string[] }> = {
  ada: { name: 'Ada Lovelace', email: 'ada@contoso.example', roles: [AGENT_ROLE] },
};

export type TestOidcProvider = { issuer: string; register(redirectUri: string): void; close(): Promise<void> };

/**
 * A real OpenID Connect provider (oidc-provider, with its development login and consent pages) on
 * 127.0.0.1: the issuer URL is known at once, the client is registered once the bot's callback URL is.
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  // oidc-provider announces its development defaults (memory adapter, dev login pages) on the console;
  // here they are what the test wants, so those lines alone are dropped while it runs.
  const quiet = (original: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider ')) original(...args);
  };
  const warn = vi.spyOn(console, 'warn').mockImplementation(quiet(console.warn.bind(console)));
  const info = vi.spyOn(console, 'info').mockImplementation(quiet(console.info.bind(console)));
  const server: Server = createServer((_req, res) => {
    res.writeHead(503).end('provider not configured yet');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    issuer,
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: OIDC_CLIENT.id, client_secret: OIDC_CLIENT.secret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
        // Name, email and roles go into the ID token, as Entra ID puts them there.
        conformIdTokenClaims: false,
        claims: { openid: ['sub', 'roles'], profile: ['name'], email: ['email'] },
        findAccount: (_ctx, sub) => ({
          accountId: sub,
          claims: () => ({ sub, ...(ACCOUNTS[sub] ?? { name: sub, email: `${sub}@contoso.example`, roles: [] }) }),
        }),
        cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
      });
      server.removeAllListeners('request');
      server.on('request', provider.callback());
    },
    close: async () => {
      warn.mockRestore();
      info.mockRestore();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
