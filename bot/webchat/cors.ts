import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response, Server } from 'restify';

/** What a page on another origin calls from the browser: token endpoints, the scripts, the local Direct Line. */
const EMBED_PATHS = /^\/(api\/directline\/|v3\/directline\/|webchat\/)/;

/**
 * The `trustedOrigins`-style check: a browser request (it carries `Origin`) is trusted when it comes from
 * the bot's own origin or from one in WEBCHAT_ALLOWED_ORIGINS. Requests without `Origin` (curl, server to
 * server) pass: the check keeps other websites' pages from using the chat, it is not authentication.
 * Takes a restify request or a raw one (WebSocket upgrades).
 */
export function isTrustedOrigin(req: { headers: IncomingHttpHeaders }, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * CORS for pages on WEBCHAT_ALLOWED_ORIGINS: the allowed origin is echoed (never `*`), preflights are
 * answered before routing, and any other origin gets no CORS headers, so its browser blocks the call.
 */
export function registerCors(server: Server, allowedOrigins: readonly string[]): void {
  server.pre((req: Request, res: Response, next: (proceed?: boolean) => void) => {
    const origin = req.header('origin');
    if (!EMBED_PATHS.test(req.getPath()) || !origin) return next();
    const allowed = allowedOrigins.includes(origin);
    res.header('Vary', 'Origin');
    if (allowed) res.header('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    if (allowed) {
      res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with');
      res.header('Access-Control-Max-Age', '600');
    }
    res.send(allowed ? 204 : 403);
    return next(false);
  });
}
