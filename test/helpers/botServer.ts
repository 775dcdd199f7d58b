import { once } from 'node:events';
import type { Storage } from 'botbuilder';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig, type Config } from '../../bot/config.ts';
import { loadKnowledge, type LoadedKnowledge } from '../../bot/loadKnowledge.ts';
import { createLogger } from '../../bot/logger.ts';
import { createStorage, type StorageHandle } from '../../bot/storage/createStorage.ts';

export type TestBot = {
  url: string;
  messagesUrl: string;
  app: App;
  config: Config;
  storage: StorageHandle;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
};

/** Starts the real server on 127.0.0.1:0 with the given environment (memory storage and silent typing delay by default). */
export async function startTestBot(env: Record<string, string> = {}, storage?: StorageHandle, options: { now?: () => Date } = {}): Promise<TestBot> {
  const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'info', ...env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const handle = storage ?? (await createStorage(config, () => undefined));
  const app = createApp({ config, logger, storage: handle, knowledge: await cachedKnowledge(config.knowledgeDir), ...options });
  app.server.listen(0, '127.0.0.1');
  await once(app.server, 'listening');
  const { port } = app.server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    messagesUrl: `${url}/api/messages`,
    app,
    config,
    storage: handle,
    logs,
    close: async () => {
      app.server.close();
      await app.inflight.drain(5000);
      // As the service stops: outcomes still waiting are stored (a store that refuses them is the test's business).
      await app.learning.close().catch(() => undefined);
      await handle.close();
    },
  };
}

/** A throwaway StorageHandle around any Storage (a failing or slow one in tests). */
export function storageHandle(storage: Storage): StorageHandle {
  return { kind: 'memory', storage, sweep: async () => 0, check: async () => undefined, close: async () => undefined };
}

const knowledgeCache = new Map<string, Promise<LoadedKnowledge>>();

/** Knowledge is read-only, so one load per folder serves every test in a file. */
function cachedKnowledge(directory: string | undefined): Promise<LoadedKnowledge> {
  const key = directory ?? '';
  let loaded = knowledgeCache.get(key);
  if (!loaded) {
    loaded = loadKnowledge(directory);
    knowledgeCache.set(key, loaded);
  }
  return loaded;
}

/**
 * Where the fake channels (nock) live. The port is below 1024, where listen(0) never puts a bot under test:
 * a bot given the channel's port would have the test's own requests answered by nock (501, no match).
 */
export const CHANNEL_URL = 'http://127.0.0.1:999';

let counter = 0;

/** An Emulator-style activity; override any field. */
export function makeActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `act-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl: `${CHANNEL_URL}/`,
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
    conversation: { id: 'conv-1' },
    locale: 'en-US',
    text: 'hello',
    ...overrides,
  };
}

export type PostResult = { status: number; body: unknown };

/** POSTs JSON (or a raw string) and returns status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Keep the raw text: some answers are not JSON.
  }
  return { status: response.status, body: parsed };
}

/** The message texts in an expectReplies body. */
export function replyTexts(body: unknown): string[] {
  const activities = (body as { activities?: Array<{ type: string; text?: string }> }).activities ?? [];
  return activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
}
