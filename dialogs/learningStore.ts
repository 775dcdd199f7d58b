import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { migrateStats } from './diagnosis/knowledge/migrate.ts';
import type { Cause } from './diagnosis/knowledgeTypes.ts';
import { addOutcome, EMPTY_STATS, learnedPriors, type OutcomeStats } from './diagnosis/model/learning.ts';
import type { OutcomeRecord } from './diagnosis/session.ts';
import { updateItem } from './updateItem.ts';

export const STATS_KEY = 'learning/outcome-stats';

/** How long a verified outcome waits in memory so that the outcomes of that time are stored together. */
export const COMMIT_DELAY_MS = 1000;
/** Outcomes kept while the store cannot take them; beyond this the oldest waiting are given up (and reported). */
const MAX_PENDING = 10_000;
/** Outcomes in one record item (~300 bytes each): far below Cosmos DB's 2 MB and Blob's limits after an outage. */
const ROUND_MAX = 500;
/** Longest pause between tries while the store refuses rounds (the pause doubles from commitDelayMs). */
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * `renamed`: cause ids renamed in the knowledge (old → new), so stored statistics migrate.
 * `onStored`: a round went into the store. `onError`: a round was refused; it is tried again later.
 * `onLost`: outcomes given up (too many waiting while the store refused them, or recorded after close).
 */
export type LearningStoreOptions = {
  enabled: boolean;
  cacheMs: number;
  now?: () => number;
  renamed?: Readonly<Record<string, string>>;
  commitDelayMs?: number;
  onStored?: (outcomes: number) => void;
  onError?: (error: unknown, pending: number) => void;
  onLost?: (outcomes: number, why: 'backlog' | 'closed') => void;
};

type StoredOutcome = OutcomeRecord & { at: string; channelId: string };
/** One round: the outcomes of up to commitDelayMs, under one record key chosen once (so a retry rewrites, never adds). */
type Round = { key: string; outcomes: StoredOutcome[] };

/**
 * Verified outcomes in the bot's Storage: an aggregate (updated with eTag retries, so instances do not lose
 * each other's counts) and records of the outcomes (ids and evidence only). A turn hands its outcome over
 * and goes on: the outcomes of the next second (commitDelayMs) are stored together, one record item and one
 * update of the aggregate per round, so the shared item is not a hot spot, a turn does not wait for the
 * store's round trips, and a busy hour costs one write pair a second, not two writes per outcome. A round
 * holds at most ROUND_MAX outcomes; one the store refuses is tried again with the same record key, after
 * pauses that double up to a minute; shutdown stores what is waiting (close). Outcomes waiting in memory are
 * lost if the process dies (a second's worth, or the backlog of an outage): learning data, a sample of
 * outcomes, not anyone's conversation.
 * Priors are read again once per `cacheMs` on every instance alike (they are shared data, not state), and
 * stay one object while the statistics are unchanged.
 */
export class LearningStore {
  readonly #storage: Storage;
  readonly #causes: readonly Cause[];
  readonly #options: LearningStoreOptions;
  /** The priors in use, when they were read, and the statistics they came from (as JSON). */
  #cache?: { at: number; priors: Map<string, number>; from: string };
  /** The read of the statistics under way, if the cache expired. */
  #reading?: Promise<Map<string, number>> | undefined;
  /** Outcomes not yet in a round, a round the store refused, the timer of the next round, and the rounds under way (settled). */
  #pending: StoredOutcome[] = [];
  #retry?: Round | undefined;
  #timer?: NodeJS.Timeout | undefined;
  #tail: Promise<void> = Promise.resolve();
  /** Refused rounds in a row (the pause before the next try doubles with each), and whether close() was called. */
  #failures = 0;
  #closed = false;

  constructor(storage: Storage, causes: readonly Cause[], options: LearningStoreOptions) {
    this.#storage = storage;
    this.#causes = causes;
    this.#options = options;
  }

  /** Learned priors, or undefined when learning is off. */
  async priors(): Promise<Map<string, number> | undefined> {
    if (!this.#options.enabled) return undefined;
    const now = this.#now();
    if (this.#cache && now - this.#cache.at < this.#options.cacheMs) return this.#cache.priors;
    // Turns that find the cache expired together wait for one read.
    this.#reading ??= this.#read(now).finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(now: number): Promise<Map<string, number>> {
    const stats = await this.stats();
    const from = JSON.stringify(stats);
    // Unchanged statistics keep the same priors object: decisions remembered for it stay valid.
    const priors = this.#cache?.from === from ? this.#cache.priors : learnedPriors(this.#causes, stats);
    this.#cache = { at: now, priors, from };
    return priors;
  }

  async stats(): Promise<OutcomeStats> {
    const item = (await this.#storage.read([STATS_KEY]))[STATS_KEY] as { stats?: OutcomeStats } | undefined;
    return migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS);
  }

  /** Outcomes handed over and not yet stored. */
  get pending(): number {
    return this.#pending.length + (this.#retry?.outcomes.length ?? 0);
  }

  /** Hands one verified outcome over; it is stored with the others of its round within commitDelayMs. */
  record(outcome: OutcomeRecord, meta: { channelId: string }): void {
    if (!this.#options.enabled) return;
    if (this.#closed) return this.#options.onLost?.(1, 'closed');
    this.#pending.push({ at: new Date(this.#now()).toISOString(), channelId: meta.channelId, ...outcome });
    const over = this.pending - MAX_PENDING;
    if (over > 0) {
      this.#pending.splice(0, over);
      this.#options.onLost?.(over, 'backlog');
    }
    this.#schedule(this.#delay());
  }

  /** Stores every outcome handed over so far, round after round; resolves once the aggregate holds them, rejects if the store refused one. */
  flush(): Promise<void> {
    return this.#enqueue(true);
  }

  /** Stores what waits (one try), then stops: no timer stays, and later outcomes are reported lost. */
  async close(): Promise<void> {
    this.#closed = true;
    try {
      await this.flush();
    } finally {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #enqueue(all: boolean): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const round = this.#tail.then(() => this.#commit(all));
    this.#tail = round.catch(() => undefined);
    return round;
  }

  #delay(): number {
    const base = this.#options.commitDelayMs ?? COMMIT_DELAY_MS;
    return Math.min(MAX_RETRY_DELAY_MS, base * 2 ** this.#failures);
  }

  #schedule(delay: number): void {
    if (this.#closed) return;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#enqueue(false).catch(() => undefined);
    }, delay);
    // Waiting outcomes do not keep the process alive: shutdown flushes them (close).
    this.#timer.unref();
  }

  /**
   * The round the store refused last, then one round of what waits (`all`: every round, for flush and close);
   * anything left or arriving meanwhile waits for its own timer. The priors in use are not replaced here:
   * they are read again when their cache expires (cacheMs), as other instances' outcomes are.
   */
  async #commit(all: boolean): Promise<void> {
    if (this.#retry) await this.#store(this.#retry);
    for (let round = this.#nextRound(); round; round = all ? this.#nextRound() : undefined) await this.#store(round);
    if (this.#pending.length > 0) this.#schedule(this.#delay());
  }

  /** A record item and one read-modify-write of the aggregate; a refused round stays for the next try, after a longer pause. */
  async #store(round: Round): Promise<void> {
    this.#retry = round;
    try {
      await this.#storage.write({ [round.key]: { outcomes: round.outcomes } });
      await updateItem<{ stats: OutcomeStats }>(this.#storage, STATS_KEY, (item) => ({
        stats: round.outcomes.reduce((stats, o) => addOutcome(stats, o.causeIds, o.worked), migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS)),
      }));
    } catch (error) {
      this.#failures += 1;
      this.#options.onError?.(error, this.pending);
      this.#schedule(this.#delay());
      throw error;
    }
    this.#retry = undefined;
    this.#failures = 0;
    this.#options.onStored?.(round.outcomes.length);
  }

  #nextRound(): Round | undefined {
    if (this.#pending.length === 0) return undefined;
    const outcomes = this.#pending.splice(0, ROUND_MAX);
    const at = outcomes[0]?.at ?? new Date(this.#now()).toISOString();
    return { key: `learning/outcomes/${at.slice(0, 10)}/${randomUUID()}`, outcomes };
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
