import { MemoryStorage, type StoreItems } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { Knowledge } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import { LearningStore, STATS_KEY } from '../../dialogs/learningStore.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
});

const worked = (causeId: string) => ({ fixId: 'f', causeIds: [causeId], worked: true, errors: [], facts: {} });

describe('LearningStore priors', () => {
  it('stay one object for cacheMs while outcomes are recorded, then follow the stored statistics', async () => {
    let now = 0;
    const storage = new MemoryStorage();
    const learning = new LearningStore(storage, knowledge.causes, { enabled: true, cacheMs: 60_000, now: () => now });
    const cause = knowledge.causes[0]?.id ?? '';
    const before = await learning.priors();
    for (let i = 0; i < 20; i += 1) learning.record(worked(cause), { channelId: 'test' });
    await learning.flush();
    now = 59_999;
    expect(await learning.priors()).toBe(before);
    now = 60_000;
    const after = await learning.priors();
    expect(after).not.toBe(before);
    expect(after?.get(cause)).toBeGreaterThan(before?.get(cause) ?? 1);
    // Read again with nothing new: the same statistics keep the same object (and the decisions remembered for it).
    now = 120_000;
    expect(await learning.priors()).toBe(after);
  });

  it('are read once by the turns that find the cache expired together', async () => {
    let reads = 0;
    const inner = new MemoryStorage();
    const storage = { read: (keys: string[]) => ((reads += 1), inner.read(keys)), write: inner.write.bind(inner), delete: inner.delete.bind(inner) };
    const learning = new LearningStore(storage, knowledge.causes, { enabled: true, cacheMs: 60_000, now: () => 0 });
    const all = await Promise.all(Array.from({ length: 16 }, () => learning.priors()));
    expect(reads).toBe(1);
    expect(new Set(all).size).toBe(1);
  });

  it('count outcomes from another instance once their cache expires', async () => {
    let now = 0;
    const storage = new MemoryStorage();
    const options = { enabled: true, cacheMs: 60_000, now: () => now };
    const [mine, other] = [new LearningStore(storage, knowledge.causes, options), new LearningStore(storage, knowledge.causes, options)];
    const cause = knowledge.causes[1]?.id ?? '';
    const before = await mine?.priors();
    for (let i = 0; i < 20; i += 1) other?.record(worked(cause), { channelId: 'test' });
    await other?.flush();
    now = 60_000;
    expect((await mine?.priors())?.get(cause)).toBeGreaterThan(before?.get(cause) ?? 1);
  });
});

describe('LearningStore outcomes', () => {
  /** MemoryStorage that counts written items by key and can refuse the next writes of the statistics. */
  function countingStorage() {
    const inner = new MemoryStorage();
    const writes: string[] = [];
    const state = { refuseStats: 0 };
    const storage = {
      read: (keys: string[]) => inner.read(keys),
      delete: (keys: string[]) => inner.delete(keys),
      write: async (changes: StoreItems) => {
        if (STATS_KEY in changes && state.refuseStats > 0) {
          state.refuseStats -= 1;
          throw new Error('store unavailable');
        }
        writes.push(...Object.keys(changes));
        await inner.write(changes);
      },
    };
    const records = async (): Promise<Array<{ outcomes: unknown[] }>> => {
      const keys = [...new Set(writes.filter((k) => k.startsWith('learning/outcomes/')))];
      return Object.values(await inner.read(keys)) as Array<{ outcomes: unknown[] }>;
    };
    const confirmed = async (): Promise<number> => ((await inner.read([STATS_KEY]))[STATS_KEY] as { stats: { confirmed: number } } | undefined)?.stats.confirmed ?? 0;
    return { storage, writes, state, records, confirmed };
  }

  it('are handed over without waiting and stored together: one record item and one statistics update per round', async () => {
    const store = countingStorage();
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: true, cacheMs: 60_000 });
    const cause = knowledge.causes[0]?.id ?? '';
    for (let i = 0; i < 25; i += 1) learning.record(worked(cause), { channelId: 'test' });
    expect(learning.pending).toBe(25);
    expect(store.writes).toEqual([]);
    await learning.flush();
    expect(learning.pending).toBe(0);
    expect(store.writes).toHaveLength(2);
    expect((await store.records()).map((r) => r.outcomes.length)).toEqual([25]);
    expect(await store.confirmed()).toBe(25);
  });

  it('are stored commitDelayMs after the first of a round without anyone flushing', async () => {
    const store = countingStorage();
    let stored!: (n: number) => void;
    const round = new Promise<number>((resolve) => (stored = resolve));
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: true, cacheMs: 60_000, commitDelayMs: 20, onStored: (n) => stored(n) });
    learning.record(worked(knowledge.causes[0]?.id ?? ''), { channelId: 'test' });
    learning.record(worked(knowledge.causes[1]?.id ?? ''), { channelId: 'test' });
    expect(await round).toBe(2);
    expect(await store.confirmed()).toBe(2);
  });

  it('keep a round the store refused and store it once, under the same record key, with the outcomes that came meanwhile', async () => {
    const store = countingStorage();
    const errors: number[] = [];
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: true, cacheMs: 60_000, commitDelayMs: 60_000, onError: (_e, pending) => errors.push(pending) });
    const cause = knowledge.causes[0]?.id ?? '';
    for (let i = 0; i < 3; i += 1) learning.record(worked(cause), { channelId: 'test' });
    store.state.refuseStats = 1;
    await expect(learning.flush()).rejects.toThrow('store unavailable');
    expect(errors).toEqual([3]);
    expect(learning.pending).toBe(3);
    learning.record(worked(cause), { channelId: 'test' });
    await learning.flush();
    expect(learning.pending).toBe(0);
    expect(await store.confirmed()).toBe(4);
    // The refused round's record was written again under its own key, not added twice; the newer outcome has its own round.
    expect((await store.records()).map((r) => r.outcomes.length).sort()).toEqual([1, 3]);
  });

  it('are stored in rounds of at most 500 by a flush, and the oldest waiting are given up beyond 10,000', async () => {
    const store = countingStorage();
    const lost: Array<[number, string]> = [];
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: true, cacheMs: 60_000, commitDelayMs: 60_000, onLost: (n, why) => lost.push([n, why]) });
    const cause = knowledge.causes[0]?.id ?? '';
    for (let i = 0; i < 1_200; i += 1) learning.record(worked(cause), { channelId: 'test' });
    await learning.flush();
    expect((await store.records()).map((r) => r.outcomes.length).sort((a, b) => a - b)).toEqual([200, 500, 500]);
    expect(await store.confirmed()).toBe(1_200);
    for (let i = 0; i < 10_003; i += 1) learning.record(worked(cause), { channelId: 'test' });
    expect(learning.pending).toBe(10_000);
    expect(lost).toEqual([[1, 'backlog'], [1, 'backlog'], [1, 'backlog']]);
    await learning.close();
  });

  it('after close, store nothing more and report what comes late as lost', async () => {
    const store = countingStorage();
    const lost: Array<[number, string]> = [];
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: true, cacheMs: 60_000, commitDelayMs: 5, onLost: (n, why) => lost.push([n, why]) });
    learning.record(worked(knowledge.causes[0]?.id ?? ''), { channelId: 'test' });
    await learning.close();
    expect(await store.confirmed()).toBe(1);
    learning.record(worked(knowledge.causes[0]?.id ?? ''), { channelId: 'test' });
    expect(lost).toEqual([[1, 'closed']]);
    expect(learning.pending).toBe(0);
    const writes = store.writes.length;
    await learning.flush();
    expect(store.writes).toHaveLength(writes);
  });

  it('are not kept or stored when learning is off', async () => {
    const store = countingStorage();
    const learning = new LearningStore(store.storage, knowledge.causes, { enabled: false, cacheMs: 60_000 });
    learning.record(worked(knowledge.causes[0]?.id ?? ''), { channelId: 'test' });
    await learning.flush();
    expect(learning.pending).toBe(0);
    expect(store.writes).toEqual([]);
  });
});
