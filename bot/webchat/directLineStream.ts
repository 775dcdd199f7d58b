import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import { allowUpgrades } from '../httpHardening.ts';
import type { Logger } from '../logger.ts';

/** Where the stream reads from: the activities after a watermark, if the token may read the conversation. */
export type StreamSource = {
  readAfter(conversationId: string, token: string, watermark: string): Promise<{ activities: unknown[]; watermark: string } | undefined>;
};

type Subscriber = { socket: WebSocket; token: string; watermark: string; sending: Promise<void> };

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;

/**
 * Direct Line 3.0's WebSocket stream for the local Direct Line (what Web Chat uses with `webSocket: true`):
 * on connect the socket gets every activity after the watermark in its URL, then each new one as it is
 * appended, as `{ activities, watermark }` sets; so typing shows at once and nothing polls. The token
 * travels in the stream URL (`t=`), as with Azure's; a page on an untrusted origin is refused.
 */
export class DirectLineStream {
  readonly #source: StreamSource;
  readonly #logger: Logger;
  readonly #isTrustedOrigin: (req: IncomingMessage) => boolean;
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  readonly #sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  constructor(source: StreamSource, logger: Logger, isTrustedOrigin: (req: IncomingMessage) => boolean) {
    this.#source = source;
    this.#logger = logger;
    this.#isTrustedOrigin = isTrustedOrigin;
  }

  /** The stream URL to hand a client in the start and reconnect responses. */
  static streamUrl(domain: string, conversationId: string, token: string, watermark = ''): string {
    const url = new URL(`${domain.replace(/^http/, 'ws')}/conversations/${encodeURIComponent(conversationId)}/stream`);
    url.searchParams.set('t', token);
    if (watermark) url.searchParams.set('watermark', watermark);
    return url.toString();
  }

  /** Takes over WebSocket upgrades of the stream path on the bot's server (the hardening refuses all others). */
  attach(server: Server): void {
    allowUpgrades(server, STREAM_PATH);
    server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://local');
      const conversationId = STREAM_PATH.exec(url.pathname)?.[1];
      if (!conversationId) return;
      void this.#accept(req, socket, head, decodeURIComponent(conversationId), url.searchParams).catch((error: unknown) => {
        this.#logger.error({ err: error, conversationId }, 'local Direct Line: stream failed');
        socket.destroy();
      });
    });
  }

  /** Sends what is new in the conversation to every open stream of it. */
  publish(conversationId: string): void {
    for (const subscriber of this.#subscribers.get(conversationId) ?? []) this.#pump(conversationId, subscriber);
  }

  /** Closes every stream (shutdown). */
  close(): void {
    for (const subscribers of this.#subscribers.values()) for (const { socket } of subscribers) socket.close(1001, 'server shutting down');
    this.#subscribers.clear();
  }

  async #accept(req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, params: URLSearchParams): Promise<void> {
    const token = params.get('t') ?? '';
    const watermark = params.get('watermark') ?? '';
    const first = this.#isTrustedOrigin(req) ? await this.#source.readAfter(conversationId, token, watermark) : undefined;
    if (!first) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#sockets.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = { socket: ws, token, watermark: first.watermark, sending: Promise.resolve() };
      const set = this.#subscribers.get(conversationId) ?? new Set<Subscriber>();
      set.add(subscriber);
      this.#subscribers.set(conversationId, set);
      // Web Chat pings with empty messages to notice broken connections; nothing else comes from the client.
      ws.on('close', () => {
        set.delete(subscriber);
        if (set.size === 0) this.#subscribers.delete(conversationId);
      });
      if (first.activities.length > 0) ws.send(JSON.stringify(first));
      this.#pump(conversationId, subscriber);
    });
  }

  /** One read-and-send at a time per socket, so sets arrive in order and nothing is sent twice. */
  #pump(conversationId: string, subscriber: Subscriber): void {
    subscriber.sending = subscriber.sending.then(async () => {
      const next = await this.#source.readAfter(conversationId, subscriber.token, subscriber.watermark);
      if (!next) {
        subscriber.socket.close(4403, 'token no longer valid');
        return;
      }
      subscriber.watermark = next.watermark;
      if (next.activities.length > 0 && subscriber.socket.readyState === subscriber.socket.OPEN) subscriber.socket.send(JSON.stringify(next));
    }).catch((error: unknown) => this.#logger.error({ err: error, conversationId }, 'local Direct Line: stream send failed'));
  }
}
