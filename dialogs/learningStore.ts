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
/** Outcomes kept while the store cannot take them; beyond this the oldest are given up (and reported). */
const MAX_PENDING = 10_000;

/**
 * `renamed`: cause ids renamed in the knowledge (old → new), so stored statistics migrate.
 * `onStored` / `onError`: a round of outcomes went into the store / could not (they are tried again).
 */
export type LearningStoreOptions = {
  enabled: boolean;
  cacheMs: number;
  now?: () => number;
  renamed?: Readonly<Record<string, string>>;
  commitDelayMs?: number;
  onStored?: (outcomes: number) => void;
  onError?: (error: unknown, pending: number) => void;
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
 * the store refuses is tried again with the same record key; shutdown stores what is waiting (flush).
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
    this.#pending.push({ at: new Date(this.#now()).toISOString(), channelId: meta.channelId, ...outcome });
    const over = this.pending - MAX_PENDING;
    if (over > 0) {
      this.#pending.splice(0, over);
      this.#options.onError?.(new Error(`learning: ${over} outcome(s) given up, the store has refused them for too long`), this.pending);
    }
    this.#schedule();
  }

  /** Stores every outcome handed over so far; resolves once the aggregate holds them, rejects if the store refused. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const round = this.#tail.then(() => this.#commit());
    this.#tail = round.catch(() => undefined);
    return round;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(() => undefined);
    }, this.#options.commitDelayMs ?? COMMIT_DELAY_MS);
    // Waiting outcomes do not keep the process alive: shutdown flushes them.
    this.#timer.unref();
  }

  /**
   * The round the store refused last, then one round of everything waiting (what arrives meanwhile waits
   * for its own timer). The priors in use are not replaced here: they are read again when their cache
   * expires (cacheMs), as other instances' outcomes are.
   */
  async #commit(): Promise<void> {
    if (this.#retry) await this.#store(this.#retry);
    const round = this.#nextRound();
    if (round) await this.#store(round);
  }

  /** A record item and one read-modify-write of the aggregate; a refused round stays for the next try. */
  async #store(round: Round): Promise<void> {
    this.#retry = round;
    try {
      await this.#storage.write({ [round.key]: { outcomes: round.outcomes } });
      await updateItem<{ stats: OutcomeStats }>(this.#storage, STATS_KEY, (item) => ({
        stats: round.outcomes.reduce((stats, o) => addOutcome(stats, o.causeIds, o.worked), migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS)),
      }));
    } catch (error) {
      this.#options.onError?.(error, this.pending);
      this.#schedule();
      throw error;
    }
    this.#retry = undefined;
    this.#options.onStored?.(round.outcomes.length);
  }

  #nextRound(): Round | undefined {
    if (this.#pending.length === 0) return undefined;
    const outcomes = this.#pending.splice(0);
    const at = outcomes[0]?.at ?? new Date(this.#now()).toISOString();
    return { key: `learning/outcomes/${at.slice(0, 10)}/${randomUUID()}`, outcomes };
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
