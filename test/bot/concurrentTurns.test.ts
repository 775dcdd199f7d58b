import { MemoryStorage, type Storage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../dialogs/diagnosis/diagnoser.ts';
import { newSession, type Session } from '../../dialogs/diagnosis/session.ts';
import { step } from '../../dialogs/diagnosis/step.ts';
import { MESSAGE_BURST } from '../../bot/app.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { makeActivity, postJson, startTestBot, storageHandle, type TestBot } from '../helpers/botServer.ts';

const { knowledge } = await loadKnowledge();
const diagnoser = createDiagnoser(knowledge);
const { language } = diagnoser;
/** Messages of the burst that state nothing ("message 3"): enough of them that facts are not all the burst holds. */
const FILLERS = 6;
/**
 * One plain phrase per question that states a fact, and the fact the diagnosis reads from it: as many as the burst
 * leaves room for beside the opening and the fillers.
 */
const STATEMENTS = knowledge.questions.flatMap((q) => {
  const phrase = (q as { phrases?: { yes?: string[] } }).phrases?.yes?.find((p) => /^[a-z0-9 ]+$/i.test(p));
  if (!phrase) return [];
  const text = `also: ${phrase}`;
  const facts = language.understand(text).facts;
  return facts.length > 0 ? [{ text, facts }] : [];
}).slice(0, MESSAGE_BURST - 1 - FILLERS);

type StoredConversation = { recentActivityIds?: string[]; dialogState?: { dialogStack?: Array<{ state?: { session?: Session } }> } };

async function storedConversation(storage: StorageHandle, conversationId: string): Promise<StoredConversation> {
  const key = `emulator/conversations/${conversationId}/`;
  return ((await storage.storage.read([key]))[key] ?? {}) as StoredConversation;
}

/** A MemoryStorage that, like a real store, lets other requests run while it reads and writes. */
function slowMemoryHandle(): StorageHandle {
  const inner = new MemoryStorage();
  const later = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const storage: Storage = {
    read: async (keys) => later().then(() => inner.read(keys)),
    write: async (changes) => later().then(() => inner.write(changes)),
    delete: async (keys) => later().then(() => inner.delete(keys)),
  };
  return storageHandle(storage);
}

/** Starts the diagnosis, then sends every statement and more messages at once (split over the given bots). */
async function concurrentTurns(bots: TestBot[], conversationId: string): Promise<Map<string, string>> {
  const conversation = { id: conversationId };
  // As many turns as one conversation may send at once (the rate limit's burst).
  const texts = ['remote desktop fails with error 0x904', ...STATEMENTS.map((s) => s.text), ...Array.from({ length: MESSAGE_BURST - 1 - STATEMENTS.length }, (_, i) => `message ${i}`)];
  const activities = texts.map((text) => makeActivity({ conversation, deliveryMode: 'expectReplies', text }));
  expect((await postJson(bots[0]!.messagesUrl, activities[0])).status).toBe(200);
  const results = await Promise.all(activities.slice(1).map((a, i) => postJson(bots[i % bots.length]!.messagesUrl, a)));
  expect(results.map((r) => r.status)).toEqual(activities.slice(1).map(() => 200));
  return new Map(activities.map((a) => [a.id as string, a.text as string]));
}

/**
 * Every turn was saved (its id is remembered) and the stored diagnosis is exactly what the engine gives
 * when the messages are applied one after another in the order the bot remembers handling them.
 */
async function expectNoLostUpdate(storage: StorageHandle, conversationId: string, sent: Map<string, string>): Promise<void> {
  const stored = await storedConversation(storage, conversationId);
  const order = stored.recentActivityIds ?? [];
  expect([...order].sort()).toEqual([...sent.keys()].sort());
  let session = newSession();
  for (const id of order) session = step(diagnoser, session, { text: sent.get(id) ?? '' }).session;
  const kept = stored.dialogState?.dialogStack?.[0]?.state?.session;
  expect(kept?.evidence.facts).toEqual(session.evidence.facts);
  expect(kept?.phase).toBe(session.phase);
  expect(Object.keys(session.evidence.facts).length).toBeGreaterThan(1);
}

describe('concurrent turns of one conversation', () => {
  const shared = slowMemoryHandle();
  let one: TestBot;
  let two: TestBot;
  beforeAll(async () => {
    [one, two] = await Promise.all([startTestBot({}, shared), startTestBot({}, shared)]);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('loses no fact and no activity id when the turns arrive at once on one instance', async () => {
    expect(STATEMENTS.length).toBeGreaterThan(3);
    expect(MESSAGE_BURST - 1 - STATEMENTS.length).toBeGreaterThanOrEqual(FILLERS);
    await expectNoLostUpdate(shared, 'race-one', await concurrentTurns([one], 'race-one'));
  });

  it('loses none when the turns are split over two instances sharing one store', async () => {
    const sentTwo = await concurrentTurns([one, two], 'race-two');
    await expectNoLostUpdate(shared, 'race-two', sentTwo);
    expect([...one.logs, ...two.logs].filter((l) => l.msg === 'turn failed')).toEqual([]);
    expect([...one.logs, ...two.logs].some((l) => /running the turn again/.test(String(l.msg)))).toBe(true);
  });

  it('handles a redelivery racing on two instances once', async () => {
    const conversation = { id: 'race-redelivery' };
    await postJson(one.messagesUrl, makeActivity({ conversation, deliveryMode: 'expectReplies', type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }] }));
    const message = makeActivity({ conversation, deliveryMode: 'expectReplies', text: 'remote desktop fails with error 0x904' });
    const answers = await Promise.all([one, two, one, two].map((bot) => postJson(bot.messagesUrl, message)));
    const answered = answers.filter((a) => ((a.body as { activities?: unknown[] } | undefined)?.activities ?? []).length > 0);
    expect(answered).toHaveLength(1);
  });
});
