import type { TokenCredential } from '@azure/core-auth';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { storableKey, withoutETag, type StoreBackend } from './storeErrors.ts';

export type BlobStoreOptions = {
  container: string;
  timeoutMs: number;
  /** Either a connection string (account key, SAS, Azurite) or an account URL with a token credential. */
  connectionString?: string;
  accountUrl?: string;
  credential?: TokenCredential;
};

/**
 * Azure Blob Storage through botbuilder-azure-blobs' BlobsStorage (one JSON blob per key, eTags as
 * If-Match), plus what it lacks: create-if-absent (If-None-Match: *), unique names for very long keys,
 * bounded retries instead of the SDK's minutes of back-off, and recovery when the account was unreachable
 * at first use (BlobsStorage caches a failed container creation for good, so it is rebuilt after errors).
 */
export class BlobStore implements StoreBackend {
  readonly #container: ContainerClient;
  readonly #build: () => BlobsStorage;
  #blobs?: BlobsStorage;

  constructor(options: BlobStoreOptions) {
    const pipeline: StoragePipelineOptions = {
      retryOptions: { maxTries: 3, tryTimeoutInMs: options.timeoutMs, retryDelayInMs: 100, maxRetryDelayInMs: 1000 },
    };
    if (options.connectionString) {
      const connectionString = options.connectionString;
      this.#container = new ContainerClient(connectionString, options.container, pipeline);
      this.#build = () => new BlobsStorage(connectionString, options.container, { storagePipelineOptions: pipeline });
    } else if (options.accountUrl && options.credential) {
      const url = `${options.accountUrl}/${options.container}`;
      const credential = options.credential;
      this.#container = new ContainerClient(url, credential, pipeline);
      this.#build = () => new BlobsStorage('', options.container, { storagePipelineOptions: pipeline }, url, credential);
    } else {
      throw new Error('BlobStore needs a connection string, or an account URL and a credential');
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    const found = await this.#use((blobs) => blobs.read(keys.map(storableKey)));
    const items: StoreItems = {};
    for (const key of keys) {
      const item: unknown = found[storableKey(key)];
      if (item !== undefined) items[key] = item;
    }
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    return this.#use((blobs) => blobs.write(Object.fromEntries(Object.entries(changes).map(([key, item]) => [storableKey(key), item]))));
  }

  delete(keys: string[]): Promise<void> {
    return this.#use((blobs) => blobs.delete(keys.map(storableKey)));
  }

  async createIfAbsent(key: string, item: object): Promise<boolean> {
    // BlobsStorage names blobs with encodeURIComponent; writing through it once creates the container.
    await this.#use((blobs) => blobs.read([]));
    const body = JSON.stringify(withoutETag(item));
    const blob = this.#container.getBlockBlobClient(blobNameOf(storableKey(key)));
    try {
      await blob.upload(body, Buffer.byteLength(body), { conditions: { ifNoneMatch: '*' }, blobHTTPHeaders: { blobContentType: 'application/json' } });
      return true;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 409 || status === 412) return false;
      throw error;
    }
  }

  /** One round trip; a missing container still proves the account answers (it is created on first use). */
  async probe(): Promise<void> {
    try {
      await this.#container.getProperties();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }

  async #use<T>(operation: (blobs: BlobsStorage) => Promise<T>): Promise<T> {
    const blobs = (this.#blobs ??= this.#build());
    try {
      return await operation(blobs);
    } catch (error) {
      if (!/eTag conflict/i.test(String(error))) this.#blobs = undefined;
      throw error;
    }
  }
}

/** botbuilder-azure-blobs' sanitizeBlobKey (not exported by the package): empty segments dropped, URL-encoded. */
function blobNameOf(key: string): string {
  const joined = key.split('/').reduce((acc, part, index) => (part ? [acc, part].join(index < 255 ? '/' : '') : acc));
  return encodeURIComponent(joined).slice(0, 1024);
}
