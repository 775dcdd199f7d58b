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
 * lose each other's counts) and one record per outcome (ids and evidence only). Priors are cached
 * briefly per instance; they are shared data, not state.
 */
export class LearningStore {
  readonly #storage: Storage;
  readonly #causes: readonly Cause[];
  readonly #options: LearningStoreOptions;
  #cache?: { at: number; priors: Map<string, number> };

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
    const stats = await this.stats();
    const priors = learnedPriors(this.#causes, stats);
    this.#cache = { at: now, priors };
    return priors;
  }

  async stats(): Promise<OutcomeStats> {
    const item = (await this.#storage.read([STATS_KEY]))[STATS_KEY] as { stats?: OutcomeStats } | undefined;
    return migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS);
  }

  /** Stores one verified outcome and folds it into the aggregate. */
  async record(outcome: OutcomeRecord, meta: { channelId: string }): Promise<void> {
    if (!this.#options.enabled) return;
    const at = new Date(this.#now()).toISOString();
    await this.#storage.write({ [`learning/outcomes/${at.slice(0, 10)}/${randomUUID()}`]: { at, channelId: meta.channelId, ...outcome } });
    await updateItem<{ stats: OutcomeStats }>(this.#storage, STATS_KEY, (item) => ({
      stats: addOutcome(migrateStats(this.#causes, this.#options.renamed ?? {}, item?.stats ?? EMPTY_STATS), outcome.causeIds, outcome.worked),
    }));
    this.#cache = undefined;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
