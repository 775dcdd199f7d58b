import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bot/config.ts';
import { createStorage, type StorageHandle } from '../../../bot/storage/createStorage.ts';
import type { AtomicStorage } from '../../../bot/storage/storeErrors.ts';
import { updateItem } from '../../../dialogs/updateItem.ts';
import { startAzurite, type Azurite } from '../../helpers/azurite.ts';

/** The Cosmos DB emulator's well-known key (public, documented by Microsoft). */
const COSMOS_EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const cosmosEndpoint = process.env.COSMOS_EMULATOR_ENDPOINT ?? '';
if (!cosmosEndpoint) {
  console.warn('\n*** SKIPPING the Cosmos DB storage contract tests: set COSMOS_EMULATOR_ENDPOINT (e.g. https://127.0.0.1:8081/) to run them against the Cosmos DB emulator. ***\n');
}

type Backend = { name: string; skip?: boolean; open: () => Promise<{ handle: StorageHandle; cleanup: () => Promise<void> }> };

const backends: Backend[] = [
  { name: 'memory', open: async () => ({ handle: await open({ STORAGE: 'memory' }), cleanup: async () => undefined }) },
  {
    name: 'lowdb',
    open: async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'contract-'));
      const handle = await open({ STORAGE: 'lowdb', DATA_DIR: dir });
      return { handle, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'blob (Azurite)',
    open: async () => {
      const azurite: Azurite = await startAzurite();
      const handle = await open({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'contract' });
      return { handle, cleanup: () => azurite.stop() };
    },
  },
  {
    name: 'cosmos (emulator)',
    skip: !cosmosEndpoint,
    open: async () => {
      const container = `contract-${Date.now()}`;
      const handle = await open({ STORAGE: 'cosmos', COSMOS_ENDPOINT: cosmosEndpoint, COSMOS_KEY: process.env.COSMOS_EMULATOR_KEY ?? COSMOS_EMULATOR_KEY, COSMOS_CONTAINER: container });
      return { handle, cleanup: async () => undefined };
    },
  },
];

function open(env: Record<string, string>): Promise<StorageHandle> {
  return createStorage(loadConfig(env), () => undefined);
}

describe.each(backends)('storage contract: $name', (backend) => {
  let handle: StorageHandle;
  let store: AtomicStorage;
  let cleanup: () => Promise<void>;
  let n = 0;
  /** A fresh key per test, shaped like botbuilder's, with the characters Teams ids carry. */
  const freshKey = (): string => `msteams/conversations/19:a@thread.tacv2;messageid=${(n += 1)}|x/`;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ handle, cleanup } = await backend.open());
    store = handle.storage as AtomicStorage;
  }, 60_000);
  afterAll(async () => {
    if (backend.skip) return;
    await handle.close();
    await cleanup();
  });

  it.skipIf(backend.skip)('answers the health probe before anything was ever written', async () => {
    await expect(handle.check()).resolves.toBeUndefined();
  });

  it.skipIf(backend.skip)('omits missing keys and returns what was written with an eTag, non-ASCII intact', async () => {
    const key = freshKey();
    const value = { text: 'Über die VPN 🚀 – ça marche', nested: { list: [1, 2, 3] } };
    await store.write({ [key]: value });
    const items = await store.read([key, freshKey()]);
    expect(Object.keys(items)).toEqual([key]);
    expect(items[key]).toMatchObject({ ...value, eTag: expect.any(String) });
    await expect(handle.check()).resolves.toBeUndefined();
  });

  it.skipIf(backend.skip)('accepts the current eTag, rejects a stale one and keeps the newer value', async () => {
    const key = freshKey();
    await store.write({ [key]: { step: 1 } });
    const first = (await store.read([key]))[key] as { eTag: string };
    await store.write({ [key]: { step: 2, eTag: first.eTag } });
    const second = (await store.read([key]))[key] as { step: number; eTag: string };
    expect(second.step).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
    await expect(store.write({ [key]: { step: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await store.read([key]))[key]).toMatchObject({ step: 2 });
  });

  it.skipIf(backend.skip)('overwrites with eTag "*" or none, and treats an eTag for a missing key as a conflict', async () => {
    const key = freshKey();
    await store.write({ [key]: { v: 1 } });
    await store.write({ [key]: { v: 2, eTag: '*' } });
    await store.write({ [key]: { v: 3 } });
    expect((await store.read([key]))[key]).toMatchObject({ v: 3 });
    const stale = (await store.read([key]))[key] as { eTag: string };
    await store.delete([key]);
    await expect(store.write({ [freshKey()]: { v: 1, eTag: stale.eTag } })).rejects.toThrow(/eTag conflict/);
  });

  it.skipIf(backend.skip)('deletes idempotently', async () => {
    const key = freshKey();
    await store.write({ [key]: { v: 1 } });
    await store.delete([key]);
    await store.delete([key]);
    expect(await store.read([key])).toEqual({});
  });

  it.skipIf(backend.skip)('keeps long keys that differ only at the end apart, and reads them back', async () => {
    const base = `msteams/conversations/${'a:b@c;d='.repeat(200)}`;
    const [a, b] = [`${base}/one/`, `${base}/two/`];
    await store.write({ [a]: { which: 'one' }, [b]: { which: 'two' } });
    const items = await store.read([a, b]);
    expect(items[a]).toMatchObject({ which: 'one' });
    expect(items[b]).toMatchObject({ which: 'two' });
    const eTag = (items[a] as { eTag: string }).eTag;
    await store.write({ [a]: { which: 'one again', eTag } });
    expect((await store.read([a]))[a]).toMatchObject({ which: 'one again' });
  });

  it.skipIf(backend.skip)('creates an item only while its key is unused, exactly once among concurrent creators', async () => {
    const key = freshKey();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.createIfAbsent(key, { by: i })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await store.read([key]))[key]).toMatchObject({ by: winner });
    expect(await store.createIfAbsent(key, { by: 'late' })).toBe(false);
    expect((await store.read([key]))[key]).toMatchObject({ by: winner });
  });

  it.skipIf(backend.skip)('loses no count when concurrent updateItem calls create and update one item', async () => {
    const key = freshKey();
    const writers = 6;
    await Promise.all(Array.from({ length: writers }, () => updateItem<{ count: number }>(store, key, (c) => ({ count: (c?.count ?? 0) + 1 }))));
    expect((await store.read([key]))[key]).toMatchObject({ count: writers });
  });
});
