import { createHash, randomUUID } from 'node:crypto';
import { mkdir, opendir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { DataFile, DataFileSync } from 'lowdb/node';
import { LRUCache } from 'lru-cache';
import { KeyedLock } from './keyedLock.ts';
import { ETagConflictError, withoutETag, type StoreBackend } from './storeErrors.ts';

type StoredRecord = { key: string; eTag: string; value: Record<string, unknown> };

/** Files whose eTag is remembered: 10,000 × ~200 bytes; older ones are read again when written. */
const KNOWN_ETAGS = 10_000;

/**
 * botbuilder Storage on lowdb with one small JSON file per key, so a turn costs the same whatever the
 * number of stored conversations (lowdb rewrites a whole file per write). Writes go through steno's
 * temp-file-and-rename, so a crash never leaves a torn file. Safe for one process per directory only:
 * callers hold the data-dir lock (dataDirLock.ts). Being the only writer, it remembers the eTag of the
 * files it recently read or wrote, so an eTag-checked write does not read its file again first.
 */
export class FileStorage implements Storage, StoreBackend {
  readonly #root: string;
  readonly #locks = new KeyedLock();
  readonly #knownDirs = new Set<string>();
  /** Current eTag per file ('' = no such file), for the most recently used files only. */
  readonly #eTags = new LRUCache<string, string>({ max: KNOWN_ETAGS });

  constructor(dataDir: string) {
    this.#root = path.resolve(dataDir, 'state');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const record = await this.#readRecord(this.#fileFor(key));
        if (record) items[key] = { ...record.value, eTag: record.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const results = await Promise.allSettled(Object.entries(changes).map(([key, item]: [string, StoreItem | undefined]) => this.#writeOne(key, item)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => {
      const file = this.#fileFor(key);
      return this.#locks.run(file, () => this.#remove(file));
    }));
  }

  /** Writes the item only if the key has none; false when it has. The per-file lock makes check and write one step. */
  createIfAbsent(key: string, item: object): Promise<boolean> {
    const file = this.#fileFor(key);
    return this.#locks.run(file, async () => {
      if ((await this.#currentETag(file)) !== '') return false;
      await this.#save(file, key, withoutETag(item));
      return true;
    });
  }

  async probe(): Promise<void> {
    await this.#ensureDir(this.#root);
  }

  /** Deletes the items of one bucket ('conversations', 'users', ...) last written before `cutoff`; returns how many. */
  async sweep(bucket: string, cutoff: Date): Promise<number> {
    let removed = 0;
    for await (const file of this.#filesIn(bucket)) {
      const deleted = await this.#locks.run(file, async () => {
        const info = await stat(file).catch(() => undefined);
        if (!info || info.mtime >= cutoff) return false;
        await this.#remove(file);
        return true;
      });
      if (deleted) removed += 1;
    }
    return removed;
  }

  /** Removes temp files a crash left behind (the real files are intact: writes are rename-based). */
  async removeLeftoverTempFiles(): Promise<number> {
    let removed = 0;
    for (const bucket of await readdir(this.#root).catch(() => [] as string[])) {
      for await (const file of this.#filesIn(bucket, (name) => name.endsWith('.tmp'))) {
        await removeFile(file);
        removed += 1;
      }
    }
    return removed;
  }

  /** Resolves once every write and delete issued so far is on disk. */
  flush(): Promise<void> {
    return this.#locks.drain();
  }

  #writeOne(key: string, item: StoreItem | undefined): Promise<void> {
    const file = this.#fileFor(key);
    return this.#locks.run(file, async () => {
      const { eTag, ...value } = item ?? {};
      if (typeof eTag === 'string' && eTag !== '*') {
        // As in Blob and Cosmos, an eTag for a key that has no item is a conflict (it was deleted or never written).
        if ((await this.#currentETag(file)) !== eTag) throw new ETagConflictError(key);
      }
      await this.#save(file, key, value);
    });
  }

  async #save(file: string, key: string, value: Record<string, unknown>): Promise<void> {
    await this.#ensureDir(path.dirname(file));
    const eTag = randomUUID();
    try {
      await dataFile(file).write({ key, eTag, value });
      this.#eTags.set(file, eTag);
    } catch (error) {
      // The file may or may not have been replaced: find out from the file next time.
      this.#eTags.delete(file);
      throw error;
    }
  }

  /**
   * Read synchronously (lowdb's DataFileSync): a state file is a few KB in the page cache of a local disk
   * (section 2 of `npm run bench` times such a read), where an asynchronous read is four trips through libuv's thread pool (open, stat, read,
   * close), each with its wake-up and promise on the main thread. DATA_DIR must be a local disk (README): on
   * a network share every read would hold up all turns. Writes stay asynchronous: creating the temp file can
   * take the file system a good part of a millisecond, which a pool thread waits out instead of the turns.
   */
  async #readRecord(file: string): Promise<StoredRecord | null> {
    return new DataFileSync<StoredRecord>(file, FORMAT).read();
  }

  /**
   * The file's eTag ('' when there is no file), from memory when this process last wrote or checked it.
   * Only called under the file's lock: a read outside it could finish after a write and remember an old eTag.
   */
  async #currentETag(file: string): Promise<string> {
    const known = this.#eTags.get(file);
    if (known !== undefined) return known;
    const eTag = (await this.#readRecord(file))?.eTag ?? '';
    this.#eTags.set(file, eTag);
    return eTag;
  }

  async #remove(file: string): Promise<void> {
    this.#eTags.delete(file);
    await removeFile(file);
    this.#eTags.set(file, '');
  }

  #fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.#root, bucketOf(key), hash.slice(0, 2), `${hash}.json`);
  }

  async #ensureDir(dir: string): Promise<void> {
    if (this.#knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.#knownDirs.add(dir);
  }

  async *#filesIn(bucket: string, accept = (name: string) => name.endsWith('.json')): AsyncGenerator<string> {
    const bucketDir = path.join(this.#root, bucket);
    for (const fan of await readdir(bucketDir).catch(() => [] as string[])) {
      const dir = await opendir(path.join(bucketDir, fan)).catch(() => undefined);
      if (!dir) continue;
      for await (const entry of dir) {
        if (entry.isFile() && accept(entry.name)) yield path.join(bucketDir, fan, entry.name);
      }
    }
  }
}

/**
 * Groups keys so the TTL sweep can visit one kind only: botbuilder keys are
 * `{channel}/conversations/...` or `{channel}/users/...`; other keys use their first segment.
 */
export function bucketOf(key: string): string {
  const [first = '', second = ''] = key.split('/');
  if (second === 'conversations' || second === 'users') return second;
  const safe = first.toLowerCase().replace(/[^a-z0-9-]/g, '');
  return safe === '' ? 'misc' : `x-${safe}`;
}

const FORMAT = { parse: JSON.parse, stringify: (data: StoredRecord) => JSON.stringify(data) };

function dataFile(file: string): DataFile<StoredRecord> {
  return new DataFile<StoredRecord>(file, FORMAT);
}

async function removeFile(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
