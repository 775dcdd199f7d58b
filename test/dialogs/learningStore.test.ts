import { MemoryStorage } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { Knowledge } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import { LearningStore } from '../../dialogs/learningStore.ts';

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
    for (let i = 0; i < 20; i += 1) await learning.record(worked(cause), { channelId: 'test' });
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
    for (let i = 0; i < 20; i += 1) await other?.record(worked(cause), { channelId: 'test' });
    now = 60_000;
    expect((await mine?.priors())?.get(cause)).toBeGreaterThan(before?.get(cause) ?? 1);
  });
});
