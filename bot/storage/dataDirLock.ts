import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** Raised when another live process owns the data directory. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `DATA_DIR ${dataDir} is in use by another bot process. Stop that process, or give this one its own ` +
        'DATA_DIR (or STORAGE=memory). If the other process crashed, its lock goes stale within 10 seconds.',
    );
    this.name = 'DataDirInUseError';
  }
}

export type DataDirLock = { release(): Promise<void> };

/**
 * Claims the data directory for this process (a lock refreshed every few seconds, stale after 10 s).
 * Throws DataDirInUseError when another process holds it. `onLost` runs if the lock is taken away.
 */
export async function lockDataDir(dataDir: string, onLost: (error: Error) => void): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  try {
    const release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, '.lock'),
      stale: 10_000,
      update: 2_000,
      realpath: false,
      onCompromised: onLost,
    });
    return { release };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirInUseError(dir);
    throw error;
  }
}
