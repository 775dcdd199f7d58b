import type { Cause } from '../knowledgeTypes.ts';

/** Confirmed outcomes so far: per cause, how many times its fix worked (shared fixes split the credit). */
export type OutcomeStats = { worked: Record<string, number>; failed: Record<string, number>; confirmed: number };

export const EMPTY_STATS: OutcomeStats = { worked: {}, failed: {}, confirmed: 0 };

export type LearningOptions = {
  /** How many outcomes the knowledge prior is worth (pseudo-counts). */
  strength: number;
  /** A learned prior stays within [prior / maxShift, prior × maxShift]. */
  maxShift: number;
};

export const DEFAULT_LEARNING: LearningOptions = { strength: 100, maxShift: 3 };

/** Adds one verified outcome to the statistics (pure; returns new stats). */
export function addOutcome(stats: OutcomeStats, causeIds: readonly string[], worked: boolean): OutcomeStats {
  const share = 1 / Math.max(1, causeIds.length);
  const bucket = { ...(worked ? stats.worked : stats.failed) };
  for (const id of causeIds) bucket[id] = (bucket[id] ?? 0) + share;
  return worked ? { ...stats, worked: bucket, confirmed: stats.confirmed + 1 } : { ...stats, failed: bucket };
}

/**
 * Priors moved by confirmed outcomes: (strength × knowledge prior + times confirmed) / (strength + outcomes),
 * clamped to a factor of maxShift around the knowledge prior so a burst of outcomes cannot take over.
 */
export function learnedPriors(causes: readonly Cause[], stats: OutcomeStats, options = DEFAULT_LEARNING): Map<string, number> {
  const total = causes.reduce((sum, c) => sum + c.prior, 0);
  const priors = new Map<string, number>();
  for (const cause of causes) {
    const base = cause.prior / total;
    const learned = (options.strength * base + (stats.worked[cause.id] ?? 0)) / (options.strength + stats.confirmed);
    priors.set(cause.id, Math.min(base * options.maxShift, Math.max(base / options.maxShift, learned)));
  }
  return priors;
}
