import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ConversationReference, Storage } from 'botbuilder';
import type { DiagnosisSummary } from '../diagnosis/summary.ts';
import { updateItem } from '../updateItem.ts';
import type { Requester } from './requester.ts';

export type CaseStatus = 'queued' | 'active' | 'ended';
export type CaseMessage = { from: 'user' | 'agent' | 'bot'; text: string; at: string; agent?: string };

/** The ticket opened for a case in the help desk's own tool. */
export type CaseTicket = { system: 'servicenow' | 'webhook'; number: string; url?: string };

/** One hand-off: who is waiting, with what diagnosis, and what was said since. Free text is already redacted. */
export type HandoffCase = {
  id: string;
  status: CaseStatus;
  reference: Partial<ConversationReference>;
  channelId: string;
  locale: string;
  /** Who is asking (name, email/UPN, Entra object id), when the channel or the portal says. */
  requester?: Requester;
  diagnosis: DiagnosisSummary;
  transcript: CaseMessage[];
  messages: CaseMessage[];
  queuedAt: string;
  acceptedAt?: string;
  endedAt?: string;
  agent?: string;
  resolvedCauseId?: string;
  ticket?: CaseTicket;
  /** When the person was told the wait is long (queue time-out); set once. */
  waitNoticeAt?: string;
};

type Queue = { ids: string[] };

export const QUEUE_KEY = 'handoff/queue';
const caseKey = (id: string): string => `handoff/cases/${id}`;
const MESSAGES_KEPT = 200;

/** Thrown when a case does not exist or is not in the state an operation needs. */
export class CaseStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseStateError';
  }
}

/**
 * The built-in agent desk's queue and cases, in the bot's Storage so every instance sees the same queue
 * and nothing is lost on restart. Updates are eTag-checked read-modify-writes, retried on conflict.
 */
export class HandoffDesk {
  readonly #storage: Storage;
  readonly #now: () => Date;
  readonly #changes = new EventEmitter().setMaxListeners(0);

  /** Calls `listener` with the case id after every change made through this instance; returns the unsubscribe. */
  onChange(listener: (caseId: string) => void): () => void {
    this.#changes.on('change', listener);
    return () => this.#changes.off('change', listener);
  }

  constructor(storage: Storage, now: () => Date = () => new Date()) {
    this.#storage = storage;
    this.#now = now;
  }

  /** Opens a case and queues it last; returns the case and its 1-based queue position. */
  async open(fields: Omit<HandoffCase, 'id' | 'status' | 'queuedAt' | 'messages'>): Promise<{ handoffCase: HandoffCase; position: number }> {
    const handoffCase: HandoffCase = { ...fields, id: randomUUID(), status: 'queued', queuedAt: this.#now().toISOString(), messages: [] };
    await this.#storage.write({ [caseKey(handoffCase.id)]: handoffCase });
    let position = 0;
    await this.#update<Queue>(QUEUE_KEY, { ids: [] }, (queue) => {
      const ids = [...queue.ids.filter((id) => id !== handoffCase.id), handoffCase.id];
      position = ids.length;
      return { ...queue, ids };
    });
    this.#changes.emit('change', handoffCase.id);
    return { handoffCase, position };
  }

  async get(id: string): Promise<HandoffCase | undefined> {
    return (await this.#storage.read([caseKey(id)]))[caseKey(id)] as HandoffCase | undefined;
  }

  /** Waiting cases, oldest first, then the active ones. */
  async list(): Promise<HandoffCase[]> {
    const queue = await this.#read<Queue>(QUEUE_KEY);
    if (!queue || queue.ids.length === 0) return [];
    const items = await this.#storage.read(queue.ids.map(caseKey));
    const open = queue.ids.map((id) => items[caseKey(id)] as HandoffCase | undefined).filter((c): c is HandoffCase => c !== undefined && c.status !== 'ended');
    if (open.length < queue.ids.length) {
      // Cases past their retention (swept) or ended elsewhere leave the queue, so it cannot grow without bound.
      const keep = new Set(open.map((c) => c.id));
      const seen = new Set(queue.ids);
      await this.#update<Queue>(QUEUE_KEY, { ids: [] }, (q) => ({ ...q, ids: q.ids.filter((id) => keep.has(id) || !seen.has(id)) }));
    }
    return open;
  }

  /** 1-based position among waiting cases, or 0 when not waiting. */
  async position(id: string): Promise<number> {
    const waiting = (await this.list()).filter((c) => c.status === 'queued');
    return waiting.findIndex((c) => c.id === id) + 1;
  }

  async accept(id: string, agent: string): Promise<HandoffCase> {
    return this.#updateCase(id, (c) => {
      if (c.status !== 'queued') throw new CaseStateError(`case ${id} is ${c.status}, not queued`);
      return { ...c, status: 'active', agent, acceptedAt: this.#now().toISOString() };
    });
  }

  async addMessage(id: string, message: Omit<CaseMessage, 'at'>): Promise<HandoffCase> {
    return this.#updateCase(id, (c) => {
      if (c.status === 'ended') throw new CaseStateError(`case ${id} has ended`);
      return { ...c, messages: [...c.messages, { ...message, at: this.#now().toISOString() }].slice(-MESSAGES_KEPT) };
    });
  }

  /** Records the ticket opened for a case (also after it ended: the ticket outlives the chat). */
  async setTicket(id: string, ticket: CaseTicket): Promise<HandoffCase> {
    return this.#updateCase(id, (c) => ({ ...c, ticket }));
  }

  /** Marks that the person was told the wait is long; false when the case is no longer waiting or was told already. */
  async markWaitNotice(id: string): Promise<boolean> {
    let marked = false;
    await this.#updateCase(id, (c) => {
      marked = c.status === 'queued' && !c.waitNoticeAt;
      return marked ? { ...c, waitNoticeAt: this.#now().toISOString() } : c;
    });
    return marked;
  }

  /** Ends a case (agent finished, or the person left) and takes it off the queue. */
  async end(id: string, resolvedCauseId?: string): Promise<HandoffCase> {
    const ended = await this.#updateCase(id, (c) => {
      if (c.status === 'ended') throw new CaseStateError(`case ${id} has already ended`);
      return { ...c, status: 'ended', endedAt: this.#now().toISOString(), ...(resolvedCauseId ? { resolvedCauseId } : {}) };
    });
    await this.#update<Queue>(QUEUE_KEY, { ids: [] }, (queue) => ({ ...queue, ids: queue.ids.filter((x) => x !== id) }));
    this.#changes.emit('change', id);
    return ended;
  }

  async #updateCase(id: string, change: (c: HandoffCase) => HandoffCase): Promise<HandoffCase> {
    const updated = await this.#update<HandoffCase>(caseKey(id), undefined, change);
    this.#changes.emit('change', id);
    return updated;
  }

  async #read<T>(key: string): Promise<T | undefined> {
    return (await this.#storage.read([key]))[key] as T | undefined;
  }

  #update<T extends object>(key: string, initial: T | undefined, change: (value: T) => T): Promise<T> {
    return updateItem<T>(this.#storage, key, (current) => {
      const base = current ?? initial;
      if (!base) throw new CaseStateError(`no case at ${key}`);
      return change(base);
    });
  }
}
