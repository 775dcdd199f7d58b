import { createHash } from 'node:crypto';
import type { Response } from 'restify';
import { updateItem, type ItemStore } from '../dialogs/updateItem.ts';
import type { Logger } from './logger.ts';

/** Activities one conversation may send at once before MESSAGE_RATE_PER_MINUTE applies. */
export const MESSAGE_BURST = 20;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Decides whether one more request for a key (a conversation, a client IP) may go ahead. Asynchronous so
 * that a limiter shared by instances (backed by Storage) can replace the in-memory one without changing
 * its callers.
 */
export type RateLimiter = { take(key: string): Promise<RateDecision> };

export type TokenBucketOptions = {
  perMinute: number;
  burst: number;
  /** Keys tracked at most; the least recently used are forgotten first (a fresh bucket is full). */
  maxKeys?: number;
  now?: () => number;
};

/** An in-memory token bucket per key: `burst` requests at once, refilled at `perMinute`. Per instance. */
export function createMemoryRateLimiter({ perMinute, burst, maxKeys = 50_000, now = Date.now }: TokenBucketOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  return {
    async take(key) {
      const time = now();
      const tokens = refill(buckets.get(key), time, burst, perMs);
      buckets.delete(key);
      buckets.set(key, { tokens: tokens >= 1 ? tokens - 1 : tokens, at: time });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value ?? '');
      return decide(tokens, perMs);
    },
  };
}

/** A bucket as kept in memory and in Storage: tokens left at time `at` (ms since the epoch). */
type Bucket = { tokens: number; at: number };

/** Tokens in a bucket at `time`; a missing bucket is full. A clock behind the writer's adds nothing. */
function refill(bucket: Bucket | undefined, time: number, burst: number, perMs: number): number {
  return bucket ? Math.min(burst, bucket.tokens + Math.max(0, time - bucket.at) * perMs) : burst;
}

function decide(tokens: number, perMs: number): RateDecision {
  return tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
}

/** Where a limit's counter for a key lives in Storage: short, fixed length, and no client data in the name. */
export function limitKey(scope: string, key: string): string {
  return `limits/${scope}/${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
}

/** Thrown out of updateItem's change to skip the write when a take is refused. */
class Refused extends Error {}

/**
 * The same token bucket kept in Storage under limitKey(scope, key), taken with an eTag-checked
 * read-modify-write, so every instance on the store draws from one budget and no take is lost. A refusal
 * writes nothing. Fails open: when the store is unreachable (or too contended) the request goes ahead and
 * a warning is logged — a store outage must not lock everyone out.
 */
export function createStoredRateLimiter(store: ItemStore, scope: string, logger: Logger, { perMinute, burst, now = Date.now }: TokenBucketOptions): RateLimiter {
  const perMs = perMinute / 60_000;
  return {
    async take(key) {
      let tokens = burst;
      try {
        await updateItem<Bucket>(store, limitKey(scope, key), (current) => {
          const time = now();
          tokens = refill(current, time, burst, perMs);
          if (tokens < 1) throw new Refused();
          return { tokens: tokens - 1, at: time };
        });
      } catch (error) {
        if (!(error instanceof Refused)) {
          logger.warn({ err: error, scope }, 'rate limit: store unavailable, request let through uncounted');
          return { allowed: true };
        }
      }
      return decide(tokens, perMs);
    },
  };
}

/** Raised where a refusal must travel up to the HTTP layer. */
export class RateLimitedError extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`rate limited for ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Answers 429 with Retry-After and a short JSON body. */
export function sendRateLimited(res: Response, retryAfterSeconds: number): void {
  res.header('Retry-After', String(retryAfterSeconds));
  res.send(429, { error: `too many requests; retry after ${retryAfterSeconds} s` });
}
