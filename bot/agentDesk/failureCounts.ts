import { updateItem, type ItemStore } from '../../dialogs/updateItem.ts';
import type { Logger } from '../logger.ts';
import { limitKey } from '../rateLimit.ts';

/** Failed agent sign-ins per client address within a window; the back-off delay is computed from them. */
export type FailureCounts = {
  /** Failures from `ip` within the window, as of now. */
  recent(ip: string): Promise<number>;
  /** Counts one more failure and returns the new count. */
  add(ip: string): Promise<number>;
  /** Forgets `ip`'s failures (a successful sign-in). */
  clear(ip: string): Promise<void>;
};

type FailureRecord = { count: number; since: number };

const counted = (record: FailureRecord | undefined, now: number, windowMs: number): number =>
  record && now - record.since < windowMs ? record.count : 0;

const next = (record: FailureRecord | undefined, now: number, windowMs: number): FailureRecord => {
  const count = counted(record, now, windowMs) + 1;
  return { count, since: count > 1 && record ? record.since : now };
};

/** Counts in this process's memory, for at most `maxKeys` addresses (the oldest forgotten first). */
export function createMemoryFailureCounts(windowMs: number, maxKeys = 10_000): FailureCounts {
  const failures = new Map<string, FailureRecord>();
  return {
    async recent(ip) {
      return counted(failures.get(ip), Date.now(), windowMs);
    },
    async add(ip) {
      const record = next(failures.get(ip), Date.now(), windowMs);
      failures.delete(ip);
      failures.set(ip, record);
      if (failures.size > maxKeys) failures.delete(failures.keys().next().value ?? '');
      return record.count;
    },
    async clear(ip) {
      failures.delete(ip);
    },
  };
}

/**
 * Counts in Storage (under limitKey('agent-login', ip), eTag-checked), so wrong guesses spread over
 * several instances add up and a success on one clears them for all. This instance's own count is kept
 * as well and used, with a warning logged, only while the store is unreachable.
 */
export function createStoredFailureCounts(store: ItemStore, logger: Logger, windowMs: number): FailureCounts {
  const local = createMemoryFailureCounts(windowMs);
  const key = (ip: string): string => limitKey('agent-login', ip);
  const fallback = <T>(error: unknown, value: T): T => {
    logger.warn({ err: error }, 'agent login: store unavailable, failures counted on this instance only');
    return value;
  };
  return {
    async recent(ip) {
      return store.read([key(ip)]).then(
        (items) => counted(items[key(ip)] as FailureRecord | undefined, Date.now(), windowMs),
        async (error: unknown) => fallback(error, await local.recent(ip)),
      );
    },
    async add(ip) {
      const mine = await local.add(ip);
      return updateItem<FailureRecord>(store, key(ip), (current) => next(current, Date.now(), windowMs)).then(
        (record) => record.count,
        (error: unknown) => fallback(error, mine),
      );
    },
    async clear(ip) {
      await local.clear(ip);
      await updateItem<FailureRecord>(store, key(ip), () => ({ count: 0, since: 0 })).catch((error: unknown) => fallback(error, undefined));
    },
  };
}
