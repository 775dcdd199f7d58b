import { parse, serialize } from 'cookie';
import * as oidc from 'openid-client';
import type { Request, Response } from 'restify';
import type { Logger } from '../logger.ts';
import type { Agent } from './agentAuth.ts';
import type { DeskSessions } from './deskSessions.ts';

export type EntraSignInOptions = {
  /** e.g. https://login.microsoftonline.com/<tenant id>/v2.0 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Public base URL of the bot ('' = from the request's Host header). */
  publicUrl: string;
  /** An app role the agent must hold (the `roles` claim), or '' for anyone the app is assigned to. */
  requiredRole: string;
  sessions: DeskSessions;
  logger: Logger;
};

export type EntraSignIn = {
  sessionAgent(req: Request): Promise<Agent | undefined>;
  login(req: Request, res: Response): Promise<void>;
  callback(req: Request, res: Response): Promise<void>;
  logout(req: Request, res: Response): Promise<void>;
};

const COOKIE = 'desk_session';
const CALLBACK = '/agent/auth/callback';
const SCOPE = 'openid profile email';

/**
 * Agent sign-in with Microsoft Entra ID (any OpenID Connect provider): authorization code flow with PKCE
 * (S256), state and nonce, through openid-client. The session lives in Storage; the browser holds only
 * an HttpOnly, SameSite=Lax cookie (Secure over https). Plain http is accepted only for a loopback issuer.
 */
export function createEntraSignIn(options: EntraSignInOptions): EntraSignIn {
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    config ??= discover(options).catch((error: unknown) => {
      config = undefined; // try again on the next sign-in
      throw error;
    });
    return config;
  };
  const base = (req: Request): string => options.publicUrl.replace(/\/+$/, '') || `${req.isSecure() ? 'https' : 'http'}://${req.header('host')}`;
  const cookieOf = (req: Request): string | undefined => parse(req.header('cookie') ?? '')[COOKIE];
  const setCookie = (req: Request, res: Response, value: string, maxAge: number): void => {
    res.header('Set-Cookie', serialize(COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: base(req).startsWith('https:'), path: '/', maxAge }));
  };
  const redirect = (res: Response, location: string): void => {
    res.header('Location', location);
    res.header('Cache-Control', 'no-store');
    res.send(302);
  };
  return {
    async sessionAgent(req) {
      const id = cookieOf(req);
      return id ? options.sessions.agent(id) : undefined;
    },
    async login(req, res) {
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await options.sessions.rememberLogin(state, { codeVerifier, nonce });
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: `${base(req)}${CALLBACK}`,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      redirect(res, url.href);
    },
    async callback(req, res) {
      const current = new URL(req.getPath() + (req.getQuery() ? `?${String(req.getQuery())}` : ''), base(req));
      const state = current.searchParams.get('state') ?? '';
      const login = state ? await options.sessions.takeLogin(state) : undefined;
      if (!login) {
        res.send(400, { error: 'sign-in expired or unknown; open /agent again' });
        return;
      }
      try {
        const tokens = await oidc.authorizationCodeGrant(await configuration(), current, { pkceCodeVerifier: login.codeVerifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
        const agent = agentFrom(tokens.claims(), options.requiredRole);
        if (!agent) {
          options.logger.warn({ requiredRole: options.requiredRole }, 'agent desk: signed-in user lacks the agent role');
          res.send(403, { error: 'your account is not an agent on this desk' });
          return;
        }
        setCookie(req, res, await options.sessions.open(agent), 8 * 3600);
        options.logger.info({ agent: agent.name }, 'agent signed in');
        redirect(res, '/agent');
      } catch (error) {
        options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'agent desk: sign-in failed');
        res.send(400, { error: 'sign-in failed; open /agent again' });
      }
    },
    async logout(req, res) {
      const id = cookieOf(req);
      if (id) await options.sessions.close(id);
      setCookie(req, res, '', 0);
      res.send(204);
    },
  };
}

async function discover(options: EntraSignInOptions): Promise<oidc.Configuration> {
  const issuer = new URL(options.issuer);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return oidc.discovery(issuer, options.clientId, options.clientSecret, undefined, issuer.protocol === 'http:' && loopback ? { execute: [oidc.allowInsecureRequests] } : {});
}

/** The agent as the desk shows it: a name from the ID token, when the role (if any) is present. */
function agentFrom(claims: oidc.IDToken | undefined, requiredRole: string): Agent | undefined {
  if (!claims) return undefined;
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (requiredRole && !roles.includes(requiredRole)) return undefined;
  const name = [claims.name, claims.preferred_username, claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0);
  return { name: name ?? claims.sub };
}
