import type { Storage } from 'botbuilder';
import type { HandoffCase, HandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import { updateItem } from '../../dialogs/updateItem.ts';
import type { Logger } from '../logger.ts';
import { TicketError, type Ticket, type TicketClient } from './ticketTypes.ts';

type OutboxItem = { caseId: string; attempts: number; since: number; nextAt: number; lastError?: string };
type Outbox = { items: OutboxItem[] };

export const OUTBOX_KEY = 'tickets/outbox';
/** How long the hand-off turn waits for the first attempt (Teams gives a turn about 15 s). */
const INLINE_MS = 4000;

export type TicketOutboxDeps = {
  storage: Storage;
  desk: HandoffDesk;
  client: TicketClient;
  logger: Logger;
  /** Tells the person (proactively) the number of a ticket that was opened after their hand-off turn. */
  notify: (handoffCase: HandoffCase, ticket: Ticket) => Promise<void>;
  baseDelayMs: number;
  maxDelayMs?: number;
  now?: () => number;
};

export type TicketHealth = { system: Ticket['system']; status: 'ok' | 'retrying'; pending: number; oldestPendingSince?: string; lastError?: string };

/**
 * Opens tickets without ever losing a case: each case goes into an outbox in Storage before the first
 * attempt and leaves it only once the ticket exists (at least once: a crash between the two may repeat a
 * ticket). Failed attempts are retried with exponential back-off (base × 2^attempts, capped, ±20 % jitter).
 */
export class TicketOutbox {
  readonly #deps: TicketOutboxDeps;
  #running: Promise<void> | undefined;

  constructor(deps: TicketOutboxDeps) {
    this.#deps = deps;
  }

  get system(): Ticket['system'] {
    return this.#deps.client.system;
  }

  /**
   * First attempt for a new case, within the hand-off turn; returns the ticket, or undefined when it is
   * queued for a retry or slower than `inlineMs` (then the person is told the number when it exists).
   */
  async open(handoffCase: HandoffCase, inlineMs = INLINE_MS): Promise<Ticket | undefined> {
    const now = this.#now();
    await this.#change((items) => [...items.filter((i) => i.caseId !== handoffCase.id), { caseId: handoffCase.id, attempts: 0, since: now, nextAt: now + this.#deps.baseDelayMs }]);
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const attempt = this.#attempt(handoffCase.id);
    const slow = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        late = true;
        resolve(undefined);
      }, inlineMs);
    });
    void attempt.then((ticket) => (late && ticket ? this.#deps.notify(handoffCase, ticket) : undefined)).catch((error: unknown) => this.#deps.logger.warn({ err: error, caseId: handoffCase.id }, 'ticket notice not delivered'));
    try {
      return await Promise.race([attempt, slow]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Retries every due case once; overlapping calls share one run. */
  runDue(): Promise<void> {
    this.#running ??= this.#runDue().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Starts the retry timer (unref'd: it never keeps the process alive); returns it for clearInterval. */
  start(intervalMs: number): NodeJS.Timeout {
    const timer = setInterval(() => void this.runDue().catch((error: unknown) => this.#deps.logger.error({ err: error }, 'ticket retry run failed')), intervalMs);
    timer.unref();
    return timer;
  }

  async health(): Promise<TicketHealth> {
    const items = await this.#items();
    const oldest = items.reduce<OutboxItem | undefined>((a, b) => (a && a.since <= b.since ? a : b), undefined);
    const lastError = items.find((i) => i.lastError)?.lastError;
    return {
      system: this.system,
      status: items.some((i) => i.attempts > 0) ? 'retrying' : 'ok',
      pending: items.length,
      ...(oldest ? { oldestPendingSince: new Date(oldest.since).toISOString() } : {}),
      ...(lastError ? { lastError } : {}),
    };
  }

  async #runDue(): Promise<void> {
    const due = (await this.#items()).filter((i) => i.nextAt <= this.#now());
    for (const item of due) {
      const ticket = await this.#attempt(item.caseId);
      const handoffCase = ticket ? await this.#deps.desk.get(item.caseId) : undefined;
      if (ticket && handoffCase) await this.#deps.notify(handoffCase, ticket).catch((error: unknown) => this.#deps.logger.warn({ err: error, caseId: item.caseId }, 'ticket notice not delivered'));
    }
  }

  async #attempt(caseId: string): Promise<Ticket | undefined> {
    const handoffCase = await this.#deps.desk.get(caseId);
    if (!handoffCase) {
      // The case is past its retention: nothing left to file.
      await this.#change((items) => items.filter((i) => i.caseId !== caseId));
      return undefined;
    }
    try {
      const ticket = await this.#deps.client.create(handoffCase);
      await this.#deps.desk.setTicket(caseId, ticket);
      await this.#change((items) => items.filter((i) => i.caseId !== caseId));
      this.#deps.logger.info({ caseId, system: ticket.system, ticket: ticket.number }, 'ticket opened');
      return ticket;
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      await this.#failed(caseId, error);
      return undefined;
    }
  }

  async #failed(caseId: string, error: TicketError): Promise<void> {
    const { baseDelayMs, maxDelayMs = 3_600_000 } = this.#deps;
    let next: OutboxItem | undefined;
    await this.#change((items) =>
      items.map((i) => {
        if (i.caseId !== caseId) return i;
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** i.attempts) * (0.8 + Math.random() * 0.4);
        next = { ...i, attempts: i.attempts + 1, nextAt: this.#now() + delay, lastError: error.status ? `HTTP ${error.status}` : error.message };
        return next;
      }),
    );
    this.#deps.logger.warn({ caseId, system: this.system, status: error.status, attempts: next?.attempts, retryAt: next ? new Date(next.nextAt).toISOString() : undefined }, 'ticket not opened; will retry');
  }

  async #items(): Promise<OutboxItem[]> {
    return ((await this.#deps.storage.read([OUTBOX_KEY]))[OUTBOX_KEY] as Outbox | undefined)?.items ?? [];
  }

  async #change(change: (items: OutboxItem[]) => OutboxItem[]): Promise<void> {
    await updateItem<Outbox>(this.#deps.storage, OUTBOX_KEY, (current) => ({ ...current, items: change(current?.items ?? []) }));
  }

  #now(): number {
    return this.#deps.now?.() ?? Date.now();
  }
}
