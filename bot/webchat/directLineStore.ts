import { randomBytes, randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { updateItem } from '../../dialogs/updateItem.ts';
import { KeyedLock } from '../storage/keyedLock.ts';

/** Activities per stored page: an append rewrites one page, never the whole history. */
export const PAGE_SIZE = 20;
/** Pages kept per conversation (the oldest go first): 500 activities. */
export const PAGES_KEPT = 25;
export const TOKEN_SECONDS = 1800;

/** Activities as they travel on the wire (botframework-schema's Activity marks every field required). */
export type WireActivity = { [field: string]: unknown; type?: string; id?: string };
export type Conversation = {
  id: string;
  token: string;
  /** The user id every activity the page posts carries, whatever the page says. */
  userId: string;
  /** Secret part of the serviceUrl the bot replies to; never sent to the browser. */
  botKey: string;
  started: boolean;
  /** Activities appended so far (the last one's watermark). */
  seq: number;
  /** Milliseconds since the epoch after which the token is refused until refreshed. */
  expiresAt: number;
};
type Page = { activities: Array<{ seq: number; activity: WireActivity }> };

const metaKey = (id: string): string => `local-directline/conversations/${id}`;
const pageKey = (id: string, page: number): string => `local-directline/conversations/${id}/pages/${page}`;

/**
 * The local Direct Line's conversations in the bot's Storage: a small record per conversation (token,
 * expiry, sequence) and its activities in bounded pages. Appends to one conversation are serialised in
 * this process so watermarks never skip an activity that is still being written.
 */
export class DirectLineStore {
  readonly #storage: Storage;
  readonly #appends = new KeyedLock();
  readonly #now: () => number;

  constructor(storage: Storage, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
  }

  /** A new conversation with a fresh token that expires in TOKEN_SECONDS. */
  async create(): Promise<Conversation> {
    const id = randomUUID();
    const conversation: Conversation = {
      id,
      token: `${id}.${randomBytes(24).toString('base64url')}`,
      userId: `dl_${randomUUID()}`,
      botKey: randomBytes(24).toString('base64url'),
      started: false,
      seq: 0,
      expiresAt: this.#now() + TOKEN_SECONDS * 1000,
    };
    await this.#storage.write({ [metaKey(id)]: conversation });
    return conversation;
  }

  async get(id: string): Promise<Conversation | undefined> {
    const stored = (await this.#storage.read([metaKey(id)]))[metaKey(id)] as (Conversation & { eTag?: string }) | undefined;
    return stored && typeof stored.botKey === 'string' ? stored : undefined;
  }

  /** eTag-checked change of the conversation record; throws for an unknown conversation. */
  async update(id: string, change: (c: Conversation) => Conversation): Promise<Conversation> {
    return updateItem<Conversation>(this.#storage, metaKey(id), (current) => {
      if (!current) throw new Error(`unknown Direct Line conversation ${id}`);
      return change(current);
    });
  }

  /** Moves the token's expiry TOKEN_SECONDS ahead. */
  async refresh(id: string): Promise<Conversation> {
    return this.update(id, (c) => ({ ...c, expiresAt: this.#now() + TOKEN_SECONDS * 1000 }));
  }

  isExpired(conversation: Conversation): boolean {
    return conversation.expiresAt <= this.#now();
  }

  /** Appends an activity with the next id and timestamp; returns it as stored. */
  async append(id: string, activity: WireActivity): Promise<WireActivity & { id: string }> {
    return this.#appends.run(id, async () => {
      const { seq } = await this.update(id, (c) => ({ ...c, seq: c.seq + 1 }));
      const stored = { ...activity, id: `${id}|${String(seq).padStart(7, '0')}`, timestamp: new Date(this.#now()).toISOString() };
      const page = Math.floor((seq - 1) / PAGE_SIZE);
      await updateItem<Page>(this.#storage, pageKey(id, page), (current) => ({ activities: [...(current?.activities ?? []), { seq, activity: stored }] }));
      if ((seq - 1) % PAGE_SIZE === 0 && page >= PAGES_KEPT) await this.#storage.delete([pageKey(id, page - PAGES_KEPT)]);
      return stored;
    });
  }

  /** Activities after the watermark (the oldest kept ones when it is older) and the new watermark. */
  async since(conversation: Conversation, watermark: number): Promise<{ activities: WireActivity[]; watermark: number }> {
    const lastPage = Math.floor((conversation.seq - 1) / PAGE_SIZE);
    const firstPage = Math.max(0, Math.floor(Math.max(0, watermark) / PAGE_SIZE), lastPage - PAGES_KEPT + 1);
    if (conversation.seq <= watermark || lastPage < 0) return { activities: [], watermark: Math.min(watermark, conversation.seq) };
    const keys = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => pageKey(conversation.id, firstPage + i));
    const pages = await this.#storage.read(keys);
    const entries = keys.flatMap((key) => (pages[key] as Page | undefined)?.activities ?? []).filter((e) => e.seq > watermark);
    return { activities: entries.map((e) => e.activity), watermark: entries.at(-1)?.seq ?? watermark };
  }
}
