import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Activity, Storage, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { BotAdapter } from '../adapter.ts';
import type { InflightTracker } from '../inflight.ts';
import type { Logger } from '../logger.ts';
import { parseActivity } from '../parseActivity.ts';
import { sendRateLimited, type RateLimiter } from '../rateLimit.ts';
import { KeyedLock } from '../storage/keyedLock.ts';
import { isTrustedOrigin } from './cors.ts';
import { DirectLineStore, TOKEN_SECONDS, type Conversation, type WireActivity } from './directLineStore.ts';
import { DirectLineStream } from './directLineStream.ts';

const BOT = { id: 'rdp-assistant', name: 'Remote Desktop assistant', role: 'bot' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type LocalDirectLineDeps = {
  storage: Storage;
  adapter: BotAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** Posts per conversation (the same budget as /api/messages). */
  limiter: RateLimiter;
  /** Turns started by posts count as in flight, so shutdown waits for them. */
  inflight: InflightTracker;
  /** This server's own base URL, which the bot uses as serviceUrl for its replies. */
  baseUrl: () => string;
  /** The Direct Line base URL a client reached (from its Host header), for stream URLs. */
  domainOf: (req: Request) => string;
  /** Origins whose pages may open the activity stream besides the bot's own (WEBCHAT_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
};

const param = (req: Request, name: string): string => {
  const value: unknown = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' && UUID.test(value) ? value : '';
};
const sha = (text: string): Buffer => createHash('sha256').update(text).digest();
const dlError = (res: Response, status: number, code: string, message: string): void => {
  res.send(status, { error: { code, message } });
};
/** Fields only the server sets: who posted and how replies travel (the page cannot pose as someone else). */
const SERVER_FIELDS = ['from', 'recipient', 'deliveryMode', 'serviceUrl', 'channelId', 'conversation'];

/**
 * A Direct Line 3.0 subset for local mode, so `npm start` gives a working web chat with no Azure account:
 * start a conversation, post an activity (echoed back with its clientActivityID, as Web Chat requires),
 * poll activities with a watermark, refresh a token; plus the Bot Connector endpoints the bot replies to,
 * under a per-conversation secret path only the bot knows. Tokens expire unless refreshed; the user id is
 * the server's, not the page's; each post takes its turn's place in line before it is answered.
 */
export class LocalDirectLine {
  /** Clients should use the WebSocket stream (the token endpoints tell the page). */
  readonly streams = true;
  readonly #deps: LocalDirectLineDeps;
  readonly #store: DirectLineStore;
  readonly #turns = new KeyedLock();
  readonly #stream: DirectLineStream;

  constructor(deps: LocalDirectLineDeps) {
    this.#deps = deps;
    this.#store = new DirectLineStore(deps.storage);
    const allowed = deps.allowedOrigins ?? [];
    this.#stream = new DirectLineStream({ readAfter: async (id, token, watermark) => this.#readAfter(id, token, watermark) }, deps.logger, (req) => isTrustedOrigin(req, allowed));
  }

  /** Closes the open activity streams (shutdown); clients reconnect, possibly to another instance. */
  close(): void {
    this.#stream.close();
  }

  /** Creates a conversation bound to a fresh token (what the token endpoint hands the page). */
  async issueToken(): Promise<{ token: string; conversationId: string; expires_in: number }> {
    const { token, id } = await this.#store.create();
    return { token, conversationId: id, expires_in: TOKEN_SECONDS };
  }

  /**
   * What a reloaded page resumes with: the token's conversation, its expiry moved ahead; undefined for an
   * unknown or expired token (the page then starts a new conversation).
   */
  async refresh(token: string): Promise<{ token: string; conversationId: string; expires_in: number } | undefined> {
    const conversation = await this.#valid(token.split('.')[0] ?? '', token);
    if (!conversation) return undefined;
    await this.#store.refresh(conversation.id);
    return { token, conversationId: conversation.id, expires_in: TOKEN_SECONDS };
  }

  register(server: Server): void {
    server.post('/v3/directline/conversations', async (req: Request, res: Response) => this.#start(req, res));
    server.get('/v3/directline/conversations/:conversationId', async (req: Request, res: Response) => this.#reconnect(req, res));
    server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#poll(req, res));
    server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#deps.inflight.track(() => this.#post(req, res)));
    server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => this.#refresh(req, res));
    server.post('/directline-bot/:botKey/v3/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#fromBot(req, res));
    server.post('/directline-bot/:botKey/v3/conversations/:conversationId/activities/:activityId', async (req: Request, res: Response) => this.#fromBot(req, res));
    this.#stream.attach(server);
  }

  /** The conversation if the token is its unexpired one. */
  async #valid(id: string, token: string): Promise<Conversation | undefined> {
    const conversation = UUID.test(id) ? await this.#store.get(id) : undefined;
    return conversation && timingSafeEqual(sha(conversation.token), sha(token)) && !this.#store.isExpired(conversation) ? conversation : undefined;
  }

  /** The stream's source: activities after the watermark, while the token is valid. */
  async #readAfter(id: string, token: string, watermark: string): Promise<{ activities: unknown[]; watermark: string } | undefined> {
    const conversation = await this.#valid(id, token);
    if (!conversation) return undefined;
    const asked = Number(watermark || 0);
    const after = await this.#store.since(conversation, Number.isSafeInteger(asked) ? asked : 0);
    return { activities: after.activities, watermark: String(after.watermark) };
  }

  async #authorised(req: Request, res: Response, conversationId?: string): Promise<Conversation | undefined> {
    const token = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const id = conversationId ?? token.split('.')[0] ?? '';
    const conversation = UUID.test(id) ? await this.#store.get(id) : undefined;
    if (!conversation || !timingSafeEqual(sha(conversation.token), sha(token))) {
      dlError(res, 403, 'TokenInvalid', 'unknown token');
      return undefined;
    }
    if (this.#store.isExpired(conversation)) {
      dlError(res, 403, 'TokenExpired', 'token expired; get a new one');
      return undefined;
    }
    return conversation;
  }

  async #start(req: Request, res: Response): Promise<void> {
    const conversation = await this.#authorised(req, res);
    if (!conversation) return;
    if (!conversation.started) {
      await this.#store.update(conversation.id, (c) => ({ ...c, started: true }));
      await this.#queueTurn(conversation, { type: 'conversationUpdate', membersAdded: [BOT, { id: conversation.userId, role: 'user' }] });
    }
    res.send(201, { ...describe(conversation), streamUrl: DirectLineStream.streamUrl(this.#deps.domainOf(req), conversation.id, conversation.token) });
  }

  async #reconnect(req: Request, res: Response): Promise<void> {
    const conversation = await this.#authorised(req, res, param(req, 'conversationId'));
    if (!conversation) return;
    const watermark = new URL(req.url ?? '/', 'http://local').searchParams.get('watermark') ?? '';
    res.send(200, { ...describe(conversation), streamUrl: DirectLineStream.streamUrl(this.#deps.domainOf(req), conversation.id, conversation.token, watermark) });
  }

  async #poll(req: Request, res: Response): Promise<void> {
    const conversation = await this.#authorised(req, res, param(req, 'conversationId'));
    if (!conversation) return;
    const asked = Number(new URL(req.url ?? '/', 'http://local').searchParams.get('watermark') || 0);
    const { activities, watermark } = await this.#store.since(conversation, Number.isSafeInteger(asked) ? asked : 0);
    res.send(200, { activities, watermark: String(watermark) });
  }

  async #post(req: Request, res: Response): Promise<void> {
    const conversation = await this.#authorised(req, res, param(req, 'conversationId'));
    if (!conversation) return;
    const body = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as WireActivity;
    const rest = Object.fromEntries(Object.entries(body).filter(([field]) => !SERVER_FIELDS.includes(field)));
    const name = (body.from as { name?: unknown } | undefined)?.name;
    const from = { id: conversation.userId, ...(typeof name === 'string' ? { name: name.slice(0, 100) } : {}), role: 'user' };
    // The same checks as /api/messages: a malformed field is a 400, never a failed turn.
    const checked = parseActivity({ ...rest, from, recipient: BOT, conversation: { id: conversation.id }, channelId: 'directline', serviceUrl: this.#deps.baseUrl() });
    if (!checked.ok) {
      dlError(res, 400, 'BadArgument', checked.problem);
      return;
    }
    const limit = await this.#deps.limiter.take(`directline/${conversation.id}`);
    if (!limit.allowed) return sendRateLimited(res, limit.retryAfterSeconds);
    const stored = await this.#store.append(conversation.id, { ...rest, from, channelId: 'directline', conversation: { id: conversation.id } });
    this.#stream.publish(conversation.id);
    const turn = this.#queueTurn(conversation, { ...rest, id: stored.id, from, timestamp: stored.timestamp });
    res.send(200, { id: stored.id });
    await turn;
  }

  async #refresh(req: Request, res: Response): Promise<void> {
    const conversation = await this.#authorised(req, res);
    if (conversation) res.send(200, describe(await this.#store.refresh(conversation.id)));
  }

  /** The bot's replies (Bot Connector API), accepted only on the conversation's secret path. */
  async #fromBot(req: Request, res: Response): Promise<void> {
    const id = param(req, 'conversationId');
    const conversation = id ? await this.#store.get(id) : undefined;
    const key: unknown = (req.params as Record<string, unknown>).botKey;
    if (!conversation || typeof key !== 'string' || !timingSafeEqual(sha(conversation.botKey), sha(key))) {
      dlError(res, 404, 'NotFound', 'unknown conversation');
      return;
    }
    const body = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as WireActivity;
    const stored = await this.#store.append(id, { ...body, from: BOT });
    this.#stream.publish(id);
    res.send(200, { id: stored.id });
  }

  /** Takes the turn's place in line now (in post order) and resolves once it has run. */
  #queueTurn(conversation: Conversation, activity: WireActivity): Promise<void> {
    const full = {
      ...activity,
      id: activity.id ?? randomUUID(),
      channelId: 'directline',
      serviceUrl: `${this.#deps.baseUrl()}/directline-bot/${conversation.botKey}/`,
      conversation: { id: conversation.id },
      recipient: BOT,
      timestamp: new Date(),
    } as unknown as Activity;
    return this.#turns.run(conversation.id, async () => {
      try {
        await this.#deps.adapter.handleActivity('', full, this.#deps.runTurn);
      } catch (error) {
        this.#deps.logger.error({ err: error, conversationId: conversation.id }, 'local Direct Line: turn failed');
      }
    });
  }
}

function describe(conversation: Conversation): Record<string, unknown> {
  return { conversationId: conversation.id, token: conversation.token, expires_in: Math.max(0, Math.round((conversation.expiresAt - Date.now()) / 1000)) };
}
