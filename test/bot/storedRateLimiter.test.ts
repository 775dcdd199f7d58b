import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStoredFailureCounts } from '../../bot/agentDesk/failureCounts.ts';
import { createLogger } from '../../bot/logger.ts';
import { createStoredRateLimiter, limitKey } from '../../bot/rateLimit.ts';
import { MemoryStore } from '../../bot/storage/memoryStore.ts';
import { StorageUnavailableError } from '../../bot/storage/storeErrors.ts';

const BURST = 20;

function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

/** A store that is down: every call fails as the guarded Azure stores do during an outage. */
const downStore = {
  read: () => Promise.reject(new StorageUnavailableError('read', new Error('ECONNREFUSED'))),
  write: () => Promise.reject(new StorageUnavailableError('write', new Error('ECONNREFUSED'))),
};

describe('Storage-backed rate limiter', () => {
  it('gives two limiters on one store one budget, losing no take when they race', async () => {
    const store = new MemoryStore();
    const { logger } = capturedLogger();
    const time = 1_000_000;
    const options = { perMinute: 1, burst: BURST, now: () => time };
    const [a, b] = [createStoredRateLimiter(store, 'messages', logger, options), createStoredRateLimiter(store, 'messages', logger, options)];
    const decisions = await Promise.all(Array.from({ length: BURST + 10 }, (_, i) => (i % 2 ? a : b).take('emulator/conv-1')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(BURST);
    const refused = decisions.find((d) => !d.allowed);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) as number });
    // One token a minute: the next one is about a minute away.
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(50);
    // Another key has its own budget; keys are stored hashed, not as the client sent them.
    expect(await a.take('emulator/conv-2')).toEqual({ allowed: true });
    const stored = await store.read([limitKey('messages', 'emulator/conv-1')]);
    expect(Object.keys(stored)).toEqual([expect.stringMatching(/^limits\/messages\/[\w-]{32}$/) as string]);
    expect(JSON.stringify(store)).not.toContain('conv-1');
  });

  it('refills over time as the in-memory bucket does', async () => {
    let time = 0;
    const limiter = createStoredRateLimiter(new MemoryStore(), 'tokens', capturedLogger().logger, { perMinute: 60, burst: 1, now: () => time });
    expect(await limiter.take('ip')).toEqual({ allowed: true });
    expect(await limiter.take('ip')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time += 1000;
    expect(await limiter.take('ip')).toEqual({ allowed: true });
  });

  it('fails open with a warning when the store is down', async () => {
    const { logger, lines } = capturedLogger();
    const limiter = createStoredRateLimiter(downStore, 'messages', logger, { perMinute: 1, burst: 1 });
    for (let i = 0; i < 3; i += 1) expect(await limiter.take('conv')).toEqual({ allowed: true });
    expect(lines.filter((l) => l.level === 'warn' && /rate limit: store unavailable/.test(String(l.msg)))).toHaveLength(3);
  });
});

describe('Storage-backed agent login failure counts', () => {
  it('adds up failures recorded through two instances and clears them for both', async () => {
    const store = new MemoryStore();
    const { logger } = capturedLogger();
    const [a, b] = [createStoredFailureCounts(store, logger, 60_000), createStoredFailureCounts(store, logger, 60_000)];
    expect(await a.add('10.0.0.1')).toBe(1);
    expect(await b.add('10.0.0.1')).toBe(2);
    expect(await a.recent('10.0.0.1')).toBe(2);
    expect(await b.recent('10.0.0.2')).toBe(0);
    await b.clear('10.0.0.1');
    expect(await a.recent('10.0.0.1')).toBe(0);
  });

  it('keeps counting on this instance, with a warning, while the store is down', async () => {
    const { logger, lines } = capturedLogger();
    const counts = createStoredFailureCounts(downStore, logger, 60_000);
    expect(await counts.add('10.0.0.1')).toBe(1);
    expect(await counts.add('10.0.0.1')).toBe(2);
    expect(await counts.recent('10.0.0.1')).toBe(2);
    expect(lines.some((l) => l.level === 'warn' && /agent login: store unavailable/.test(String(l.msg)))).toBe(true);
  });
});
