import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config.ts';
import { lockDataDir } from './dataDirLock.ts';
import { bucketOf, FileStorage } from './fileStorage.ts';

export type StorageHandle = {
  storage: Storage;
  kind: Config['storage']['kind'];
  /** Deletes conversation state and hand-off cases past their retention; returns the number of items removed. */
  sweep(now: Date): Promise<number>;
  /** Cheap liveness probe for /healthz. */
  check(): Promise<void>;
  /** Waits for pending writes and releases the data directory. */
  close(): Promise<void>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Builds the configured Storage; for lowdb it first claims DATA_DIR (throws DataDirInUseError). */
export async function createStorage(config: Config, onLockLost: (error: Error) => void): Promise<StorageHandle> {
  if (config.storage.kind === 'memory') {
    const storage = new MemoryStorage();
    return { storage, kind: 'memory', sweep: async () => 0, check: async () => undefined, close: async () => undefined };
  }
  const lock = await lockDataDir(config.storage.dataDir, onLockLost);
  const storage = new FileStorage(config.storage.dataDir);
  await storage.removeLeftoverTempFiles();
  return {
    storage,
    kind: 'lowdb',
    sweep: async (now) =>
      (await storage.sweep('conversations', new Date(now.getTime() - config.stateTtlDays * DAY_MS))) +
      // Hand-off cases hold transcripts: they follow the transcript retention.
      (await storage.sweep(bucketOf('handoff/cases/x'), new Date(now.getTime() - config.handoff.transcriptTtlDays * DAY_MS))),
    check: async () => {
      await storage.read(['healthz/probe']);
    },
    close: async () => {
      await storage.flush();
      await lock.release();
    },
  };
}
