import { LRUCache } from 'lru-cache';

/** How often a memo answered from memory (hits) or worked the value out (misses). */
export type Remembered = { hits: number; misses: number };

export type Memo<V> = {
  /** The value remembered for `key`, or `compute()`'s, which is kept (frozen by `freeze`) when `keep` says so. */
  recall(key: string, compute: () => V, keep?: (value: V) => boolean): V;
  readonly remembered: Remembered;
};

/**
 * A bounded memo for a pure function of the key (the diagnoser's decisions, the language model's answers):
 * the last `max` values, each for `ttlMs` at most when given. A value is shared by every caller that meets
 * its key, so it is frozen before it is kept.
 */
export function createMemo<V extends object>(options: { max: number; ttlMs?: number; freeze: (value: V) => V }): Memo<V> {
  const kept = new LRUCache<string, V>({ max: options.max, ...(options.ttlMs ? { ttl: options.ttlMs, ttlAutopurge: true } : {}) });
  const remembered: Remembered = { hits: 0, misses: 0 };
  return {
    remembered,
    recall(key, compute, keep = () => true) {
      const known = kept.get(key);
      if (known) {
        remembered.hits += 1;
        return known;
      }
      remembered.misses += 1;
      const value = compute();
      if (!keep(value)) return value;
      const shared = options.freeze(value);
      kept.set(key, shared);
      return shared;
    },
  };
}

/** The share of lookups a memo answered from memory (0 when there were none). */
export function shareRemembered({ hits, misses }: Remembered): number {
  return hits / Math.max(1, hits + misses);
}
