import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createStorage, type StorageHandle } from '../../bot/storage/createStorage.ts';
import { STATS_KEY } from '../../dialogs/learningStore.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { spawnBot, type BotProcess } from '../helpers/botProcess.ts';
import { makeActivity, postJson, replyTexts, startTestBot } from '../helpers/botServer.ts';

// A conversation that ends in a fix the person confirms: the error, "yes, others can connect", "yes, fixed".
const SCRIPT = ['remote desktop fails with error 0x904 extended 0x7', 'yes', 'yes'];
const AGENT_TOKENS = 'ada:ada-token-0123456789abcdef,bob:bob-token-0123456789abcdef';

async function say(url: string, text: string, conversation: string, id?: string): Promise<string[]> {
  const { status, body } = await postJson(url, makeActivity({ text, deliveryMode: 'expectReplies', conversation: { id: conversation }, ...(id ? { id } : {}) }));
  expect(status).toBe(200);
  return replyTexts(body);
}

describe('two bot processes on one Azurite (STORAGE=blob)', () => {
  let azurite: Azurite;
  let store: StorageHandle;
  const bots: BotProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
    const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, TYPING_DELAY_MS: '60000', AGENT_TOKENS };
    bots.push(spawnBot(env), spawnBot(env));
    for (const bot of bots) urls.push(`${String((await bot.waitForLog((l) => l.msg === 'bot listening', 30_000)).url)}/api/messages`);
    store = await createStorage(loadConfig(env), () => undefined);
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) {
      if (bot.child.exitCode === null) bot.child.kill('SIGTERM');
      await bot.exited;
    }
    await azurite.stop();
  });

  it('carries one conversation alternating between the instances to a verified fix, as one instance would', async () => {
    const control = await startTestBot({ STORAGE: 'memory' });
    const expected: string[][] = [];
    try {
      for (const text of SCRIPT) expected.push(await say(control.messagesUrl, text, 'alternating'));
    } finally {
      await control.close();
    }
    for (const [turn, text] of SCRIPT.entries()) {
      expect(await say(urls[turn % urls.length] ?? '', text, 'alternating')).toEqual(expected[turn]);
    }
    for (const bot of bots) {
      expect(bot.lines.filter((l) => l.msg === 'turn finished' && l.conversationId === 'alternating').length).toBeGreaterThan(0);
    }
    // The confirmation reached the shared learning statistics, whichever instance handled it (within a second: outcomes are stored in rounds).
    await Promise.any(bots.map((bot) => bot.waitForLog((l) => l.msg === 'learning outcomes stored' && l.outcomes === 1, 10_000)));
    const stats = (await store.storage.read([STATS_KEY]))[STATS_KEY] as { stats: { confirmed: number } };
    expect(stats.stats.confirmed).toBe(1);
  }, 60_000);

  it('gives a queued case to exactly one of two agents accepting it at once on different instances', async () => {
    // The channel the agent's proactive messages go to: accepts and counts them.
    const channel: Server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    });
    channel.listen(0, '127.0.0.1');
    await once(channel, 'listening');
    const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
    try {
      const { status } = await postJson(urls[0] ?? '', makeActivity({ text: 'I want to talk to a person', conversation: { id: 'handoff' }, serviceUrl }));
      expect(status).toBe(200);
      const base = (i: number): string => (urls[i] ?? '').replace('/api/messages', '');
      const queue = (await (await fetch(`${base(1)}/api/agent/conversations`, { headers: { Authorization: 'Bearer bob-token-0123456789abcdef' } })).json()) as Array<{ id: string }>;
      expect(queue).toHaveLength(1);
      const id = queue[0]?.id ?? '';
      const accept = (i: number, token: string): Promise<Response> =>
        fetch(`${base(i)}/api/agent/conversations/${id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      const results = await Promise.all([accept(0, 'ada-token-0123456789abcdef'), accept(1, 'bob-token-0123456789abcdef')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200);
      const stored = (await store.storage.read([`handoff/cases/${id}`]))[`handoff/cases/${id}`] as { agent: string; status: string };
      expect(stored).toMatchObject({ status: 'active', agent: ((await winner?.json()) as { agent: string }).agent });
    } finally {
      channel.close();
    }
  }, 60_000);

  // Needs issue 9 (per-conversation turn serialisation and eTag-checked state saves with turn retry):
  // today BotState saves with eTag '*', so the later of two concurrent turns overwrites the other's state.
  it('keeps both of two concurrent turns of one conversation on different instances', async () => {
    await say(urls[0] ?? '', SCRIPT[0] ?? '', 'concurrent');
    await Promise.all([say(urls[0] ?? '', 'yes', 'concurrent', 'concurrent-a'), say(urls[1] ?? '', 'not sure', 'concurrent', 'concurrent-b')]);
    const key = 'emulator/conversations/concurrent/';
    const state = (await store.storage.read([key]))[key] as { recentActivityIds?: string[] };
    expect(state.recentActivityIds).toEqual(expect.arrayContaining(['concurrent-a', 'concurrent-b']));
  });
});
