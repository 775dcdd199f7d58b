import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from './logger.ts';

/** Deepest JSON nesting a request body may have; activities need about six levels. */
export const MAX_JSON_DEPTH = 32;

const SHORT_ERRORS: Record<number, string> = {
  400: 'bad request',
  404: 'not found',
  405: 'method not allowed',
  406: 'not acceptable',
  413: 'request body too large',
  415: 'unsupported content type',
  429: 'too many requests',
};

/**
 * Hardens a restify server before any route runs: refuses compressed bodies (restify's gunzip stream
 * crashes the process on a bad body and its size limit counts compressed bytes), answers `Connection:
 * Upgrade` requests (except paths given to `allowUpgrades`) instead of leaking their sockets, sets security headers on every response, rejects
 * over-deep JSON, and turns every restify error into a short JSON body without internal text.
 */
export function hardenServer(server: Server, logger: Logger): void {
  server.pre(rejectEncodedBodies);
  server.pre(securityHeaders);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!(UPGRADE_PATHS.get(server) ?? []).some((allowed) => allowed.test(path))) refuseUpgrade(req, socket);
  });
  server.server.on('clientError', answerClientError);
  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.getPath() }, 'request failed');
    const body = { error: status >= 500 ? 'internal error' : (SHORT_ERRORS[status] ?? 'request refused') };
    // A statusCode makes restify send this error itself (with our body) rather than wrap its text in an InternalError.
    Object.assign(error, { statusCode: status, toJSON: () => body, toString: () => body.error });
    callback();
  });
}

const UPGRADE_PATHS = new WeakMap<Server, RegExp[]>();

/** Lets WebSocket upgrades of `path` through to a handler of the server's own (every other upgrade is still refused). */
export function allowUpgrades(server: Server, path: RegExp): void {
  UPGRADE_PATHS.set(server, [...(UPGRADE_PATHS.get(server) ?? []), path]);
}

/** A restify `use` handler: 400 for bodies nested deeper than MAX_JSON_DEPTH (run after the body parser). */
export function limitJsonDepth(req: Request, res: Response, next: Next): void {
  if (depthOf(req.body) > MAX_JSON_DEPTH) {
    res.send(400, { error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
    next(false);
    return;
  }
  next();
}

function rejectEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    res.header('Accept-Encoding', 'identity');
    res.header('Connection', 'close');
    res.send(415, { error: 'compressed request bodies are not accepted (Content-Encoding must be identity)' });
    next(false);
    return;
  }
  next();
}

const DEFAULT_HEADERS: ReadonlyArray<[string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cache-Control', 'no-store'],
];

/** Adds the default security headers a route did not set itself (pages and static files set their own). */
function securityHeaders(_req: Request, res: Response, next: Next): void {
  // restify's res.header() appends to a header already set, so defaults go in last, only where missing.
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  (res as { writeHead: (...args: unknown[]) => Response }).writeHead = (...args: unknown[]) => {
    for (const [name, value] of DEFAULT_HEADERS) if (!res.hasHeader(name)) res.setHeader(name, value);
    return writeHead(...args);
  };
  next();
}

/** Writes a whole HTTP response with a short JSON error on a raw socket, then closes it. */
function endSocket(socket: Duplex, status: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.on('error', () => socket.destroy());
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function refuseUpgrade(_req: IncomingMessage, socket: Duplex): void {
  endSocket(socket, '400 Bad Request', 'protocol upgrades are not supported');
}

/** Requests Node cannot parse (headers too large, bad syntax) get JSON too, not Node's empty answer. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET') return void socket.destroy();
  if (error.code === 'HPE_HEADER_OVERFLOW') return endSocket(socket, '431 Request Header Fields Too Large', 'request headers too large');
  endSocket(socket, '400 Bad Request', 'malformed HTTP request');
}

/** Nesting depth of a parsed JSON value, iteratively (a recursive walk could itself overflow the stack). */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}
