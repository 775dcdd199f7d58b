import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { ClientAddress } from '../clientAddress.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { respondUnavailable } from '../storage/respondUnavailable.ts';
import { isStorageUnavailable } from '../storage/storeErrors.ts';
import { sendRateLimited, type RateLimiter } from '../rateLimit.ts';
import { generateToken, refreshToken, TokenRefused, type ChatToken } from './azureDirectLine.ts';
import { isTrustedOrigin, registerCors } from './cors.ts';
import type { LocalDirectLine } from './localDirectLine.ts';
import { localOrigin } from './localOrigin.ts';
import { renderAvatar, renderPortalPage, type PageWording } from './portalPage.ts';

// The package's exports map hides dist/; its CommonJS entry (lib/index.js) sits next to it.
const WEBCHAT_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
const EMBED_SCRIPT = new URL('./assets/embed.js', import.meta.url);

export type WebChatDeps = {
  config: Config;
  logger: Logger;
  clientAddress: ClientAddress;
  /** Direct Line tokens per client address. */
  tokenLimiter: RateLimiter;
  /** Token refreshes (resuming a chat) per client address: a budget of their own, so resuming is never blocked by new chats. */
  refreshLimiter: RateLimiter;
  localDirectLine?: LocalDirectLine;
  wording: PageWording;
};

/** The support-portal page, its scripts (Web Chat, the embed script), the avatar and the Direct Line token endpoints. */
export function registerWebChat(server: Server, deps: WebChatDeps): void {
  const { config } = deps;
  registerCors(server, config.webChat.allowedOrigins);
  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const directLineOrigin = config.webChat.directLineSecret ? new URL(config.webChat.directLineEndpoint).origin : '';
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Cache-Control', 'no-store');
    res.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ${directLineOrigin} ${directLineOrigin.replace(/^https/, 'wss')}; frame-ancestors 'self'`,
    );
    res.sendRaw(200, renderPortalPage({ title: config.webChat.title, accent: config.webChat.accent, nonce, wording: deps.wording }));
  });
  serveAsset(server, '/webchat/webchat.js', 'application/javascript; charset=utf-8', async () => readFile(WEBCHAT_BUNDLE));
  serveAsset(server, '/webchat/embed.js', 'application/javascript; charset=utf-8', async () => {
    const defaults = { accent: config.webChat.accent, labels: deps.wording.labels };
    return Buffer.from(`window.RdpAssistantDefaults = ${JSON.stringify(defaults)};\n${await readFile(EMBED_SCRIPT, 'utf8')}`);
  });
  serveAsset(server, '/webchat/avatar.svg', 'image/svg+xml', async () => Buffer.from(renderAvatar(config.webChat.accent)));
  const limited = (limiter: RateLimiter) => async (req: Request, res: Response, answer: () => Promise<void>): Promise<void> => {
    const limit = await limiter.take(deps.clientAddress(req));
    if (!limit.allowed) return sendRateLimited(res, limit.retryAfterSeconds);
    return answer();
  };
  const tokens = limited(deps.tokenLimiter);
  const refreshes = limited(deps.refreshLimiter);
  server.post('/api/directline/token', async (req: Request, res: Response) =>
    tokens(req, res, async () => answerToken(deps, server, req, res, async () => {
      if (config.webChat.directLineSecret) {
        return generateToken(config.webChat.directLineEndpoint, config.webChat.directLineSecret, req.header('origin') || undefined, deps.logger);
      }
      return deps.localDirectLine?.issueToken();
    })),
  );
  server.post('/api/directline/refresh', async (req: Request, res: Response) =>
    refreshes(req, res, async () => {
      const token = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '')?.[1];
      if (!token) return void res.send(401, { error: 'send the conversation token as Authorization: Bearer <token>' });
      return answerToken(deps, server, req, res, async () => {
        if (config.webChat.directLineSecret) return refreshToken(config.webChat.directLineEndpoint, token, deps.logger);
        if (!deps.localDirectLine) return undefined;
        const refreshed = await deps.localDirectLine.refresh(token);
        if (!refreshed) throw new TokenRefused('unknown or expired token');
        return refreshed;
      });
    }),
  );
}

/**
 * Answers a token request: 403 for a page on an untrusted origin, 503 when no Direct Line is configured
 * or the store is down (with Retry-After),
 * 403 when Direct Line refuses (the page starts over), 502 when it fails; else the token with the
 * Direct Line `domain` the page must use and whether it streams over a WebSocket.
 */
async function answerToken({ config, logger, localDirectLine }: WebChatDeps, server: Server, req: Request, res: Response, get: () => Promise<ChatToken | undefined>): Promise<void> {
  if (!isTrustedOrigin(req, config.webChat.allowedOrigins)) {
    res.send(403, { error: 'this page may not embed the chat (its origin is not in WEBCHAT_ALLOWED_ORIGINS)' });
    return;
  }
  try {
    const token = await get();
    if (!token) {
      res.send(503, { error: 'web chat is not configured: set DIRECT_LINE_SECRET' });
      return;
    }
    const azure = config.webChat.directLineSecret !== '';
    const domain = azure ? config.webChat.directLineEndpoint : `${localOrigin(req.header('host'), config.host, server)}/v3/directline`;
    res.send(200, { ...token, domain, webSocket: azure || localDirectLine?.streams === true });
  } catch (error) {
    if (error instanceof TokenRefused) {
      res.send(403, { error: 'this chat can no longer be resumed; start a new one' });
      return;
    }
    if (isStorageUnavailable(error)) return respondUnavailable(res);
    logger.error({ err: error }, 'Direct Line token request failed');
    res.send(502, { error: 'could not get a chat token, please try again' });
  }
}

function serveAsset(server: Server, route: string, contentType: string, load: () => Promise<Buffer>): void {
  let content: Promise<Buffer> | undefined;
  server.get(route, async (_req: Request, res: Response) => {
    content ??= load();
    res.header('Content-Type', contentType);
    res.header('Cache-Control', 'public, max-age=86400');
    res.sendRaw(200, await content);
  });
}
