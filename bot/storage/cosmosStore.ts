import type { TokenCredential } from '@azure/core-auth';
import { CosmosClient, type Container, type CosmosClientOptions } from '@azure/cosmos';
import type { StoreItems } from 'botbuilder';
import { CosmosDbKeyEscape, CosmosDbPartitionedStorage } from 'botbuilder-azure';
import { ETagConflictError, storableKey, withoutETag, type StoreBackend } from './storeErrors.ts';

export type CosmosStoreOptions = {
  endpoint: string;
  database: string;
  container: string;
  timeoutMs: number;
  /** An account key, or a token credential (managed identity) when the key is empty. */
  key?: string;
  credential?: TokenCredential;
};

/**
 * Azure Cosmos DB through botbuilder-azure's CosmosDbPartitionedStorage with compatibilityMode off (its
 * default mode bcrypt-hashes long keys with a random salt, so they can never be read back), plus
 * create-if-absent (Cosmos create answers 409 when the id exists) and eTag conflicts reported in the
 * wording updateItem recognises. The container (partition key /id) is made sure of here before the
 * SDK storage is used, because the SDK caches a failed initialisation for the life of the process.
 */
export class CosmosStore implements StoreBackend {
  readonly #options: CosmosStoreOptions;
  readonly #client: CosmosClient;
  readonly #storage: CosmosDbPartitionedStorage;
  #ready?: Promise<Container>;

  constructor(options: CosmosStoreOptions) {
    this.#options = options;
    const clientOptions: CosmosClientOptions = {
      endpoint: options.endpoint,
      connectionPolicy: { requestTimeout: options.timeoutMs, retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 200, maxWaitTimeInSeconds: 5 } },
      ...(options.key ? { key: options.key } : { aadCredentials: options.credential }),
    };
    this.#client = new CosmosClient(clientOptions);
    this.#storage = new CosmosDbPartitionedStorage({
      cosmosDbEndpoint: options.endpoint,
      databaseId: options.database,
      containerId: options.container,
      compatibilityMode: false,
      cosmosClientOptions: clientOptions,
      ...(options.key ? { authKey: options.key } : { tokenCredential: options.credential }),
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.#container();
    const found = await this.#storage.read(keys.map(storableKey));
    const items: StoreItems = {};
    for (const key of keys) {
      const item: unknown = found[storableKey(key)];
      if (item !== undefined) items[key] = item;
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.#container();
    await Promise.all(
      Object.entries(changes).map(async ([key, item]: [string, { eTag?: string } | undefined]) => {
        try {
          await this.#storage.write({ [storableKey(key)]: item });
        } catch (error) {
          const code = (error as { code?: number }).code;
          // 412: the eTag no longer matches; 404 with an eTag: the item it was read from is gone.
          if (code === 412 || (code === 404 && item?.eTag && item.eTag !== '*')) throw new ETagConflictError(key);
          throw error;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await this.#container();
    await this.#storage.delete(keys.map(storableKey));
  }

  async createIfAbsent(key: string, item: object): Promise<boolean> {
    const container = await this.#container();
    const stored = storableKey(key);
    // The document shape CosmosDbPartitionedStorage reads: escaped id (also the partition key), realId, document.
    const id = CosmosDbKeyEscape.escapeKey(stored, undefined, false);
    try {
      await container.items.create({ id, realId: stored, document: withoutETag(item) });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 409) return false;
      throw error;
    }
  }

  async probe(): Promise<void> {
    await (await this.#container()).read();
  }

  #container(): Promise<Container> {
    const { database, container } = this.#options;
    this.#ready ??= this.#client.databases
      .createIfNotExists({ id: database })
      .then(({ database: db }) => db.containers.createIfNotExists({ id: container, partitionKey: { paths: ['/id'] } }))
      .then(
        (response) => response.container,
        (error: unknown) => {
          this.#ready = undefined;
          throw error;
        },
      );
    return this.#ready;
  }
}
