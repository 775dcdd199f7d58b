import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { createStorage } from '../../bot/storage/createStorage.ts';
import { StorageUnavailableError } from '../../bot/storage/storeErrors.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { makeActivity, postJson, replyTexts, startTestBot, type TestBot } from '../helpers/botServer.ts';

const STORAGE_UNAVAILABLE_REPLY = (await loadKnowledge()).knowledge.messages['storage-unavailable'];

const PROBLEM = 'remote desktop fails with error 0x904 extended 0x7';
const ANSWERS = ['yes', 'no'];
// Azurite takes several seconds to start on a busy machine, and these tests start it up to three times.
const AZURITE_TIMEOUT_MS = 60_000;
const AGENT_TOKEN = 'outage-test-token-0123456789';

async function say(bot: TestBot, text: string, conversation: string): Promise<string[]> {
  const { status, body } = await postJson(bot.messagesUrl, makeActivity({ text, deliveryMode: 'expectReplies', conversation: { id: conversation } }));
  expect(status).toBe(200);
  return replyTexts(body);
}

async function health(bot: TestBot): Promise<{ status: number; body: { storage?: { kind: string; status: string } } }> {
  const response = await fetch(`${bot.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { storage?: { kind: string; status: string } } };
}

describe('Blob storage outage (Azurite stopped and restarted)', () => {
  let dir: string;
  let azurite: Azurite;
  let bot: TestBot;
  let control: TestBot;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'azurite-outage-'));
    azurite = await startAzurite({ location: dir });
    bot = await startTestBot({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, STORAGE_TIMEOUT_MS: '1000', AGENT_TOKENS: `ada:${AGENT_TOKEN}` });
    control = await startTestBot({ STORAGE: 'memory' });
  }, AZURITE_TIMEOUT_MS);
  afterAll(async () => {
    await bot.close();
    await control.close();
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports 503, tells the person to try again, keeps the conversation, and carries on once the store is back', async () => {
    // What an uninterrupted conversation answers: the yardstick for "nothing lost".
    const expected = [await say(control, PROBLEM, 'c')];
    for (const answer of ANSWERS) expected.push(await say(control, answer, 'c'));

    expect(await say(bot, PROBLEM, 'c')).toEqual(expected[0]);
    expect(await health(bot)).toMatchObject({ status: 200, body: { storage: { kind: 'blob', status: 'ok' } } });

    await azurite.stop();
    expect(await health(bot)).toMatchObject({ status: 503, body: { storage: { kind: 'blob', status: 'error' } } });
    expect(await say(bot, ANSWERS[0] ?? '', 'c')).toEqual([STORAGE_UNAVAILABLE_REPLY]);
    expect(bot.logs.find((l) => l.msg === 'turn refused: storage unavailable')).toMatchObject({ conversationId: 'c' });
    const queue = await fetch(`${bot.url}/api/agent/conversations`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
    expect({ status: queue.status, retryAfter: queue.headers.get('retry-after'), body: await queue.json() }).toEqual({
      status: 503,
      retryAfter: '5',
      body: { error: 'storage unavailable, try again in a moment' },
    });
    const token = await postJson(`${bot.url}/api/directline/token`, {});
    expect(token).toEqual({ status: 503, body: { error: 'storage unavailable, try again in a moment' } });

    azurite = await startAzurite({ location: dir, port: azurite.port });
    expect(await health(bot)).toMatchObject({ status: 200, body: { storage: { status: 'ok' } } });
    for (const [i, answer] of ANSWERS.entries()) expect(await say(bot, answer, 'c')).toEqual(expected[i + 1]);
  }, AZURITE_TIMEOUT_MS);
});

describe('Blob storage that is down when the bot starts', () => {
  it('serves as soon as the store comes up (the SDK caches a failed first connection for good)', async () => {
    const probe = await startAzurite();
    await probe.stop();
    const bot = await startTestBot({ STORAGE: 'blob', BLOB_CONNECTION_STRING: probe.connectionString, STORAGE_TIMEOUT_MS: '1000' });
    let azurite: Azurite | undefined;
    try {
      expect((await health(bot)).status).toBe(503);
      expect(await say(bot, PROBLEM, 'late')).toEqual([STORAGE_UNAVAILABLE_REPLY]);
      azurite = await startAzurite({ port: probe.port });
      expect((await health(bot)).status).toBe(200);
      expect(await say(bot, PROBLEM, 'late')).not.toContain(STORAGE_UNAVAILABLE_REPLY);
    } finally {
      await bot.close();
      await azurite?.stop();
    }
  }, AZURITE_TIMEOUT_MS);
});

describe('Cosmos DB store that cannot be reached', () => {
  it('fails fast with StorageUnavailableError for the probe, reads and writes', async () => {
    const closedPort = 'http://127.0.0.1:9/';
    const handle = await createStorage(loadConfig({ STORAGE: 'cosmos', COSMOS_ENDPOINT: closedPort, COSMOS_KEY: 'a2V5', STORAGE_TIMEOUT_MS: '1000' }), () => undefined);
    await expect(handle.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(handle.storage.read(['k'])).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(handle.storage.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
