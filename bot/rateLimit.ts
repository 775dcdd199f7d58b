import type { Response } from 'restify';

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
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    async take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: time };
      buckets.delete(key);
      const tokens = Math.min(burst, bucket.tokens + (time - bucket.at) * perMs);
      const allowed = tokens >= 1;
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: time });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value ?? '');
      return allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
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
