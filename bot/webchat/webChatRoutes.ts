import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { ClientAddress } from '../clientAddress.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createMemoryRateLimiter, sendRateLimited } from '../rateLimit.ts';
import type { LocalDirectLine } from './localDirectLine.ts';
import { renderAvatar, renderPortalPage } from './portalPage.ts';

// The package's exports map hides dist/; its CommonJS entry (lib/index.js) sits next to it.
const WEBCHAT_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
const TOKEN_TIMEOUT_MS = 10_000;

export type WebChatDeps = { config: Config; logger: Logger; clientAddress: ClientAddress; localDirectLine?: LocalDirectLine };

/** The support-portal page, its static assets and the Direct Line token endpoint. */
export function registerWebChat(server: Server, deps: WebChatDeps): void {
  const { config } = deps;
  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const directLineOrigin = config.webChat.directLineSecret ? new URL(config.webChat.directLineEndpoint).origin : '';
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Cache-Control', 'no-store');
    res.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ${directLineOrigin} ${directLineOrigin.replace(/^https/, 'wss')}; frame-ancestors 'self'`,
    );
    res.sendRaw(200, renderPortalPage({ title: config.webChat.title, accent: config.webChat.accent, nonce }));
  });
  let bundle: Promise<Buffer> | undefined;
  server.get('/webchat/webchat.js', async (_req: Request, res: Response) => {
    bundle ??= readFile(WEBCHAT_BUNDLE);
    res.header('Content-Type', 'application/javascript; charset=utf-8');
    res.header('Cache-Control', 'public, max-age=86400');
    res.sendRaw(200, await bundle);
  });
  server.get('/webchat/avatar.svg', async (_req: Request, res: Response) => {
    res.header('Content-Type', 'image/svg+xml');
    res.header('Cache-Control', 'public, max-age=86400');
    res.sendRaw(200, renderAvatar(config.webChat.accent));
  });
  const limiter = createMemoryRateLimiter({ perMinute: config.webChat.tokensPerMinute, burst: 5 });
  server.post('/api/directline/token', async (req: Request, res: Response) => {
    const limit = await limiter.take(deps.clientAddress(req));
    if (!limit.allowed) return sendRateLimited(res, limit.retryAfterSeconds);
    if (config.webChat.directLineSecret) return exchangeSecret(deps, res);
    if (deps.localDirectLine) {
      const token = await deps.localDirectLine.issueToken();
      res.send(200, { ...token, domain: `${localOrigin(req.header('host'), config.host, server)}/v3/directline` });
      return;
    }
    res.send(503, { error: 'web chat is not configured: set DIRECT_LINE_SECRET' });
  });
}

/**
 * Where the page reaches the local Direct Line: the Host it used when that names this machine (loopback
 * or the configured HOST), else the listening address; any other Host is never echoed back.
 */
function localOrigin(hostHeader: string | undefined, configuredHost: string, server: Server): string {
  const match = /^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.exec(hostHeader ?? '');
  const hostname = match?.[1]?.toLowerCase() ?? '';
  if (match && (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === configuredHost.toLowerCase())) return `http://${match[0]}`;
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 3978}`;
}

/** Trades the Direct Line secret for a short-lived conversation token; the secret never leaves the server. */
async function exchangeSecret({ config, logger }: WebChatDeps, res: Response): Promise<void> {
  try {
    const response = await fetch(`${config.webChat.directLineEndpoint}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.webChat.directLineSecret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: `dl_${randomUUID()}` } }),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    if (!response.ok) {
      logger.error({ status: response.status }, 'Direct Line token request refused');
      res.send(502, { error: 'could not get a chat token, please try again' });
      return;
    }
    const body = (await response.json()) as { token?: unknown; expires_in?: unknown; conversationId?: unknown };
    if (typeof body.token !== 'string') throw new Error('Direct Line answered without a token');
    res.send(200, {
      token: body.token,
      expires_in: typeof body.expires_in === 'number' ? body.expires_in : 1800,
      ...(typeof body.conversationId === 'string' ? { conversationId: body.conversationId } : {}),
    });
  } catch (error) {
    logger.error({ err: error }, 'Direct Line token request failed');
    res.send(502, { error: 'could not get a chat token, please try again' });
  }
}
