import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { migrateStats } from './diagnosis/knowledge/migrate.ts';
import type { Cause } from './diagnosis/knowledgeTypes.ts';
import { addOutcome, EMPTY_STATS, learnedPriors, type OutcomeStats } from './diagnosis/model/learning.ts';
import type { OutcomeRecord } from './diagnosis/session.ts';
import { updateItem } from './updateItem.ts';

export const STATS_KEY = 'learning/outcome-stats';

/** `renamed`: cause ids renamed in the knowledge (old → new), so stored statistics migrate. */
export type LearningStoreOptions = { enabled: boolean; cacheMs: number; now?: () => number; renamed?: Readonly<Record<string, string>> };

/**
 * Verified outcomes in the bot's Storage: an aggregate (updated with eTag retries, so instances do not
 * lose each other's counts) and one record per outcome (ids and evidence only). Priors are read again
 * once per `cacheMs` on every instance alike (they are shared data, not state), and stay one object while
 * the statistics are unchanged. Outcomes recorded while an aggregate update is
 * under way are folded in together by the next one (group commit): concurrent turns of one instance
 * never race each other for the shared item, and a busy hour costs one update per round, not per outcome.
 */
export class LearningStore {
  readonly #storage: Storage;
  readonly #causes: readonly Cause[];
  readonly #options: LearningStoreOptions;
  /** The priors in use, when they were read, and the statistics they came from (as JSON). */
  #cache?: { at: number; priors: Map<string, number>; from: string };
  /** The read of the statistics under way, if the cache expired. */
  #reading?: Promise<Map<string, number>> | undefined;
  /** Outcomes waiting for the next aggregate update, and that update's completion. */
  #batch?: { outcomes: OutcomeRecord[]; done: Promise<void> };
  /** The aggregate update under way (settled), after which the next batch starts. */
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

  /** Stores one verified outcome and folds it into the aggregate; resolves once the aggregate holds it. */
  async record(outcome: OutcomeRecord, meta: { channelId: string }): Promise<void> {
    if (!this.#options.enabled) return;
    const at = new Date(this.#now()).toISOString();
    await this.#storage.write({ [`learning/outcomes/${at.slice(0, 10)}/${randomUUID()}`]: { at, channelId: meta.channelId, ...outcome } });
    await this.#fold(outcome);
  }

  #fold(outcome: OutcomeRecord): Promise<void> {
    if (!this.#batch) {
      const outcomes: OutcomeRecord[] = [];
      const done = this.#tail.then(() => {
        this.#batch = undefined;
        return this.#commit(outcomes);
      });
      this.#batch = { outcomes, done };
      this.#tail = done.catch(() => undefined);
    }
    this.#batch.outcomes.push(outcome);
    return this.#batch.done;
  }

  /**
   * One read-modify-write of the aggregate with every outcome of the batch. The priors in use are not
   * replaced here: they are read again when their cache expires (cacheMs), as other instances' outcomes
   * are, so they stay one object for that long and the diagnoser's remembered decisions stay valid. An
   * outcome moves this instance's priors up to cacheMs later, as it always did on the others.
   */
  async #commit(outcomes: readonly OutcomeRecord[]): Promise<void> {
    await updateItem<{ stats: OutcomeStats }>(this.#storage, STATS_KEY, (item) => ({
      stats: outcomes.reduce((stats, o) => addOutcome(stats, o.causeIds, o.worked), migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS)),
    }));
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
