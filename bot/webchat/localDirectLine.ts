import { randomBytes, randomUUID } from 'node:crypto';
import type { Activity, Storage, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { BotAdapter } from '../adapter.ts';
import { updateItem } from '../../dialogs/updateItem.ts';
import type { Logger } from '../logger.ts';

/** Activities kept per conversation; the oldest go first. */
const KEPT = 500;
const TOKEN_SECONDS = 1800;
const BOT = { id: 'rdp-assistant', name: 'Remote Desktop assistant', role: 'bot' };

/** Activities as they travel on the wire (botframework-schema's Activity marks every field required). */
type WireActivity = { [field: string]: unknown; type?: string; id?: string; from?: { id?: string; name?: string; role?: string } };
type StoredActivity = WireActivity & { id: string };
type DirectLineConversation = { token: string; userId: string; started: boolean; activities: StoredActivity[]; seq: number };

export type LocalDirectLineDeps = {
  storage: Storage;
  adapter: BotAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** This server's own base URL, which the bot uses as serviceUrl for its replies. */
  baseUrl: () => string;
};

const keyOf = (conversationId: string): string => `local-directline/conversations/${conversationId}`;
const conversationIdOf = (req: Request): string => {
  const id: unknown = (req.params as Record<string, unknown>).conversationId;
  return typeof id === 'string' ? id : '';
};

/**
 * A Direct Line 3.0 subset for local mode, so `npm start` gives a working web chat with no Azure account:
 * start a conversation, post an activity (echoed back with its clientActivityID, as Web Chat requires),
 * poll activities with a watermark, refresh a token; plus the two Bot Connector endpoints the bot replies
 * to. Conversations live in the bot's Storage (eTag-checked appends), so they survive restarts.
 */
export class LocalDirectLine {
  readonly #deps: LocalDirectLineDeps;

  constructor(deps: LocalDirectLineDeps) {
    this.#deps = deps;
  }

  /** Creates a conversation bound to a fresh token (what the token endpoint hands the page). */
  async issueToken(): Promise<{ token: string; conversationId: string; expires_in: number }> {
    const conversationId = randomUUID();
    const token = `${conversationId}.${randomBytes(24).toString('base64url')}`;
    await this.#deps.storage.write({ [keyOf(conversationId)]: { token, userId: `dl_${randomUUID()}`, started: false, activities: [], seq: 0 } });
    return { token, conversationId, expires_in: TOKEN_SECONDS };
  }

  /** The conversation a token belongs to, with a token for it (what the page resumes with); undefined if unknown. */
  async refresh(token: string): Promise<{ token: string; conversationId: string; expires_in: number } | undefined> {
    const id = token.split('.')[0] ?? '';
    const conversation = id ? await this.#read(id) : undefined;
    return conversation && conversation.token === token ? { token, conversationId: id, expires_in: TOKEN_SECONDS } : undefined;
  }

  register(server: Server): void {
    server.post('/v3/directline/conversations', async (req: Request, res: Response) => this.#start(req, res));
    server.get('/v3/directline/conversations/:conversationId', async (req: Request, res: Response) => this.#reconnect(req, res));
    server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#poll(req, res));
    server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#post(req, res));
    server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => this.#refresh(req, res));
    server.post('/v3/conversations/:conversationId/activities', async (req: Request, res: Response) => this.#fromBot(req, res));
    server.post('/v3/conversations/:conversationId/activities/:activityId', async (req: Request, res: Response) => this.#fromBot(req, res));
  }

  async #authorised(req: Request, res: Response, conversationId?: string): Promise<{ id: string; conversation: DirectLineConversation } | undefined> {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const id = conversationId ?? token.split('.')[0] ?? '';
    const conversation = id ? await this.#read(id) : undefined;
    if (!conversation || conversation.token !== token) {
      res.send(403, { error: { code: 'TokenInvalid', message: 'unknown or expired token' } });
      return undefined;
    }
    return { id, conversation };
  }

  async #start(req: Request, res: Response): Promise<void> {
    const found = await this.#authorised(req, res);
    if (!found) return;
    const { id, conversation } = found;
    if (!conversation.started) {
      await this.#update(id, (c) => ({ ...c, started: true }));
      await this.#toBot(id, { type: 'conversationUpdate', membersAdded: [BOT, { id: conversation.userId, role: 'user' }], from: { id: conversation.userId, role: 'user' } });
    }
    res.send(201, { conversationId: id, token: conversation.token, expires_in: TOKEN_SECONDS });
  }

  async #reconnect(req: Request, res: Response): Promise<void> {
    const found = await this.#authorised(req, res, conversationIdOf(req));
    if (found) res.send(200, { conversationId: found.id, token: found.conversation.token, expires_in: TOKEN_SECONDS });
  }

  async #poll(req: Request, res: Response): Promise<void> {
    const found = await this.#authorised(req, res, conversationIdOf(req));
    if (!found) return;
    const { activities, seq } = found.conversation;
    const watermark = Number(new URL(req.url ?? '/', 'http://local').searchParams.get('watermark') || 0);
    const firstSeq = seq - activities.length;
    res.send(200, { activities: activities.slice(Math.max(0, watermark - firstSeq)), watermark: String(seq) });
  }

  async #post(req: Request, res: Response): Promise<void> {
    const found = await this.#authorised(req, res, conversationIdOf(req));
    if (!found) return;
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as WireActivity;
    if (typeof body.type !== 'string') {
      res.send(400, { error: { code: 'BadArgument', message: 'activity.type is required' } });
      return;
    }
    const from = { id: body.from?.id ?? found.conversation.userId, name: body.from?.name, role: 'user' };
    const stored = await this.#append(found.id, { ...body, from, channelId: 'directline', conversation: { id: found.id } });
    res.send(200, { id: stored.id });
    await this.#toBot(found.id, { ...body, id: stored.id, from, timestamp: stored.timestamp });
  }

  async #refresh(req: Request, res: Response): Promise<void> {
    const found = await this.#authorised(req, res);
    if (found) res.send(200, { conversationId: found.id, token: found.conversation.token, expires_in: TOKEN_SECONDS });
  }

  /** The bot's replies (Bot Connector API): appended to the conversation's activity stream. */
  async #fromBot(req: Request, res: Response): Promise<void> {
    const id = decodeURIComponent(conversationIdOf(req));
    if (!(await this.#read(id))) {
      res.send(404, { error: { code: 'NotFound', message: 'unknown conversation' } });
      return;
    }
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as WireActivity;
    const stored = await this.#append(id, { ...body, from: BOT });
    res.send(200, { id: stored.id });
  }

  async #toBot(conversationId: string, activity: WireActivity): Promise<void> {
    const full = {
      ...activity,
      id: activity.id ?? randomUUID(),
      channelId: 'directline',
      serviceUrl: `${this.#deps.baseUrl()}/`,
      conversation: { id: conversationId },
      recipient: BOT,
      timestamp: new Date(),
    } as unknown as Activity;
    try {
      await this.#deps.adapter.handleActivity('', full, this.#deps.runTurn);
    } catch (error) {
      this.#deps.logger.error({ err: error, conversationId }, 'local Direct Line: turn failed');
    }
  }

  async #read(conversationId: string): Promise<DirectLineConversation | undefined> {
    return (await this.#deps.storage.read([keyOf(conversationId)]))[keyOf(conversationId)] as DirectLineConversation | undefined;
  }

  async #append(conversationId: string, activity: WireActivity): Promise<StoredActivity> {
    let stored: StoredActivity | undefined;
    await this.#update(conversationId, (c) => {
      const seq = c.seq + 1;
      stored = { ...activity, id: `${conversationId}|${String(seq).padStart(7, '0')}`, timestamp: new Date().toISOString() };
      return { ...c, seq, activities: [...c.activities, stored].slice(-KEPT) };
    });
    if (!stored) throw new Error('append failed');
    return stored;
  }

  /** eTag-checked update (the user and the bot append concurrently). */
  async #update(conversationId: string, change: (c: DirectLineConversation) => DirectLineConversation): Promise<void> {
    await updateItem<DirectLineConversation>(this.#deps.storage, keyOf(conversationId), (current) => {
      if (!current) throw new Error(`unknown Direct Line conversation ${conversationId}`);
      return change(current);
    });
  }
}
