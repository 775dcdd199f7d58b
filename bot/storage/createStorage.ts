import type { TokenCredential } from '@azure/core-auth';
import type { Config, StorageKind } from '../config.ts';
import type { BlobStore } from './blobStore.ts';
import type { CosmosStore } from './cosmosStore.ts';
import { lockDataDir } from './dataDirLock.ts';
import { bucketOf, FileStorage } from './fileStorage.ts';
import { guardStore } from './guardedStore.ts';
import { MemoryStore } from './memoryStore.ts';
import type { AtomicStorage, StoreBackend } from './storeErrors.ts';

export type StorageHandle = {
  /** Every store createStorage builds is an AtomicStorage; test doubles may be plain Storage. */
  storage: AtomicStorage | Omit<AtomicStorage, 'createIfAbsent'>;
  kind: StorageKind;
  /** Deletes conversation state and hand-off cases past their retention; returns the number of items removed. */
  sweep(now: Date): Promise<number>;
  /** Cheap round trip to the store for /healthz; rejects while it is unreachable. */
  check(): Promise<void>;
  /** Waits for pending writes and releases the data directory. */
  close(): Promise<void>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the configured store behind guardStore (conflict or StorageUnavailableError, nothing else). For
 * lowdb it first claims DATA_DIR (throws DataDirInUseError). Blob and Cosmos expire data with their own
 * retention (lifecycle policy, container TTL; see infra/), so their sweep does nothing.
 */
export async function createStorage(config: Config, onLockLost: (error: Error) => void): Promise<StorageHandle> {
  const { kind } = config.storage;
  if (kind === 'lowdb') return createFileStorage(config, onLockLost);
  const backend = kind === 'memory' ? new MemoryStore() : kind === 'blob' ? await createBlobStore(config) : await createCosmosStore(config);
  return remoteHandle(kind, guardStore(backend));
}

function remoteHandle(kind: StorageKind, store: StoreBackend): StorageHandle {
  return { storage: store, kind, sweep: async () => 0, check: () => store.probe(), close: async () => undefined };
}

// The Azure SDKs take a second or two to load: only a process that uses them pays for it.
async function createBlobStore({ storage }: Config): Promise<BlobStore> {
  const { BlobStore } = await import('./blobStore.ts');
  const { connectionString, accountUrl, container } = storage.blob;
  if (connectionString) return new BlobStore({ connectionString, container, timeoutMs: storage.timeoutMs });
  return new BlobStore({ accountUrl, container, timeoutMs: storage.timeoutMs, credential: await azureCredential(storage.managedIdentityClientId) });
}

async function createCosmosStore({ storage }: Config): Promise<CosmosStore> {
  const { CosmosStore } = await import('./cosmosStore.ts');
  const { endpoint, key, database, container } = storage.cosmos;
  const base = { endpoint, database, container, timeoutMs: storage.timeoutMs };
  return new CosmosStore(key ? { ...base, key } : { ...base, credential: await azureCredential(storage.managedIdentityClientId) });
}

/** The App Service managed identity (user-assigned when a client id is given), or a developer's az login. */
async function azureCredential(managedIdentityClientId: string): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential(managedIdentityClientId ? { managedIdentityClientId } : {});
}

async function createFileStorage(config: Config, onLockLost: (error: Error) => void): Promise<StorageHandle> {
  const lock = await lockDataDir(config.storage.dataDir, onLockLost);
  const files = new FileStorage(config.storage.dataDir);
  await files.removeLeftoverTempFiles();
  const store = guardStore(files);
  return {
    storage: store,
    kind: 'lowdb',
    sweep: async (now) =>
      (await files.sweep('conversations', new Date(now.getTime() - config.stateTtlDays * DAY_MS))) +
      // Hand-off cases hold transcripts: they follow the transcript retention.
      (await files.sweep(bucketOf('handoff/cases/x'), new Date(now.getTime() - config.handoff.transcriptTtlDays * DAY_MS))),
    check: async () => {
      await store.read(['healthz/probe']);
    },
    close: async () => {
      await files.flush();
      await lock.release();
    },
  };
}
