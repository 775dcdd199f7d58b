import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketOf, FileStorage } from '../../../bot/storage/fileStorage.ts';
import { guardStore } from '../../../bot/storage/guardedStore.ts';
import { StorageUnavailableError } from '../../../bot/storage/storeErrors.ts';

const CONV = 'emulator/conversations/conv-1/';
const USER = 'emulator/users/user-1/';

describe('FileStorage', () => {
  let dir: string;
  let storage: FileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rdp-store-'));
    storage = new FileStorage(dir);
  });
  afterEach(async () => {
    await storage.flush();
    await rm(dir, { recursive: true, force: true });
  });

  it('omits missing keys and returns stored items with an eTag', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const items = await storage.read([CONV, 'missing/key']);
    expect(Object.keys(items)).toEqual([CONV]);
    expect(items[CONV]).toMatchObject({ step: 1, eTag: expect.any(String) });
  });

  it('rejects a write with a stale eTag and keeps the newer value', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const first = (await storage.read([CONV]))[CONV];
    await storage.write({ [CONV]: { ...first, step: 2 } });
    await expect(storage.write({ [CONV]: { ...first, step: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([CONV]))[CONV]).toMatchObject({ step: 2 });
  });

  it('overwrites with eTag "*" or without an eTag, and issues a new eTag per write', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const first = (await storage.read([CONV]))[CONV];
    await storage.write({ [CONV]: { step: 2, eTag: '*' } });
    const second = (await storage.read([CONV]))[CONV];
    await storage.write({ [CONV]: { step: 3 } });
    const third = (await storage.read([CONV]))[CONV];
    expect(third).toMatchObject({ step: 3 });
    expect(new Set([first?.eTag, second?.eTag, third?.eTag]).size).toBe(3);
  });

  it('checks the eTag of a write against the one it last wrote, without reading the file again', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const first = (await storage.read([CONV]))[CONV];
    // Only this process writes the directory (the data-dir lock), so what it wrote last is what is there;
    // a copy changed behind its back shows that the file is not read before the write.
    const file = await onlyFileIn(path.join(dir, 'state', 'conversations'));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { eTag: string };
    await writeFile(file, JSON.stringify({ ...onDisk, eTag: 'changed-behind-its-back' }));
    await storage.write({ [CONV]: { ...first, step: 2 } });
    await expect(storage.write({ [CONV]: { ...first, step: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([CONV]))[CONV]).toMatchObject({ step: 2 });
  });

  it('treats an eTag of a deleted or swept item as a conflict', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const first = (await storage.read([CONV]))[CONV];
    await storage.delete([CONV]);
    await expect(storage.write({ [CONV]: { ...first, step: 2 } })).rejects.toThrow(/eTag conflict/);
    expect(await storage.createIfAbsent(CONV, { step: 3 })).toBe(true);
    const created = (await storage.read([CONV]))[CONV];
    await utimes(await onlyFileIn(path.join(dir, 'state', 'conversations')), new Date(0), new Date(0));
    expect(await storage.sweep('conversations', new Date())).toBe(1);
    await expect(storage.write({ [CONV]: { ...created, step: 4 } })).rejects.toThrow(/eTag conflict/);
  });

  it('still writes the other keys of a batch when one conflicts', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    await expect(storage.write({ [CONV]: { step: 9, eTag: 'stale' }, [USER]: { name: 'A' } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([USER]))[USER]).toMatchObject({ name: 'A' });
  });

  it('returns copies, so mutating a read item changes nothing stored', async () => {
    await storage.write({ [CONV]: { list: [1] } });
    const item = (await storage.read([CONV]))[CONV] as { list: number[] };
    item.list.push(2);
    expect((await storage.read([CONV]))[CONV]).toMatchObject({ list: [1] });
  });

  it('deletes idempotently', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    await storage.delete([CONV]);
    await storage.delete([CONV, 'never/written']);
    expect(await storage.read([CONV])).toEqual({});
  });

  it('accepts Teams-style keys with : @ ; = | characters', async () => {
    const key = 'msteams/conversations/19:abc@thread.tacv2;messageid=123|x/';
    await storage.write({ [key]: { ok: true } });
    expect((await storage.read([key]))[key]).toMatchObject({ ok: true });
  });

  it('keeps state across a restart on the same directory', async () => {
    await storage.write({ [CONV]: { step: 7 } });
    await storage.flush();
    const reopened = new FileStorage(dir);
    expect((await reopened.read([CONV]))[CONV]).toMatchObject({ step: 7 });
  });

  it('serialises concurrent conditional writes to one key: exactly one wins', async () => {
    await storage.write({ [CONV]: { n: 0 } });
    const base = (await storage.read([CONV]))[CONV];
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => storage.write({ [CONV]: { ...base, n } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('deletes conversation state last written before the cutoff and leaves users and fresh state', async () => {
    const old = 'emulator/conversations/old/';
    await storage.write({ [old]: { a: 1 }, [CONV]: { a: 2 }, [USER]: { a: 3 } });
    const longAgo = new Date('2020-01-01T00:00:00Z');
    for (const file of await filesUnder(path.join(dir, 'state'))) await utimes(file, longAgo, longAgo);
    await storage.write({ [CONV]: { a: 4 } });
    const removed = await storage.sweep('conversations', new Date(Date.now() - 30 * 24 * 3600 * 1000));
    expect(removed).toBe(1);
    expect(Object.keys(await storage.read([old, CONV, USER])).sort()).toEqual([CONV, USER].sort());
  });

  it('leaves every file readable when the writing process is killed mid-write', async () => {
    const child = spawn(process.execPath, [path.resolve('test/fixtures/storageWriter.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const files = await filesUnder(path.join(dir, 'state'));
    const leftovers = files.filter((f) => f.endsWith('.tmp'));
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const text = await readFile(file, 'utf8');
      expect(() => JSON.parse(text) as unknown, file).not.toThrow();
    }
    const reopened = new FileStorage(dir);
    expect(await reopened.removeLeftoverTempFiles()).toBe(leftovers.length);
    const keys = Array.from({ length: 20 }, (_, i) => `emulator/conversations/crash-${i}/`);
    const items = await reopened.read(keys);
    expect(Object.keys(items)).toHaveLength(20);
    expect((await filesUnder(path.join(dir, 'state'))).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('rejects a read of a file it cannot read or parse, as a rejected promise, and through guardStore as the store being unavailable', async () => {
    await storage.write({ [CONV]: { step: 1 }, [USER]: { name: 'x' } });
    const [file = ''] = (await filesUnder(path.join(dir, 'state'))).filter((f) => f.includes(`${path.sep}conversations${path.sep}`));
    await writeFile(file, '{"key": "half a file');
    const reading = storage.read([CONV, USER]);
    await expect(reading).rejects.toThrow(SyntaxError);
    await expect(guardStore(storage).read([CONV])).rejects.toBeInstanceOf(StorageUnavailableError);
    expect((await storage.read([USER]))[USER]).toMatchObject({ name: 'x' });
  });

  it('ignores a torn temp file left next to a good one', async () => {
    await storage.write({ [CONV]: { step: 1 } });
    const [file = ''] = await filesUnder(path.join(dir, 'state'));
    await writeFile(path.join(path.dirname(file), `.${path.basename(file)}.tmp`), '{"key": "torn');
    const reopened = new FileStorage(dir);
    expect(await reopened.removeLeftoverTempFiles()).toBe(1);
    expect((await reopened.read([CONV]))[CONV]).toMatchObject({ step: 1 });
  });
});

describe('bucketOf', () => {
  it('groups botbuilder keys by conversations / users and other keys by first segment', () => {
    expect(bucketOf('msteams/conversations/19:x@thread/')).toBe('conversations');
    expect(bucketOf('webchat/users/u1/')).toBe('users');
    expect(bucketOf('handoff/queue')).toBe('x-handoff');
    expect(bucketOf('')).toBe('misc');
  });
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The one file under a bucket directory (its fan-out folder included). */
async function onlyFileIn(bucketDir: string): Promise<string> {
  const files = (await readdir(bucketDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json'));
  expect(files).toHaveLength(1);
  return path.join(files[0]?.parentPath ?? '', files[0]?.name ?? '');
}
