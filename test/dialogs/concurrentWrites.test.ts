import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { createStorage, type StorageHandle } from '../../bot/storage/createStorage.ts';
import type { DiagnosisSummary } from '../../dialogs/diagnosis/summary.ts';
import { CaseStateError, HandoffDesk, QUEUE_KEY } from '../../dialogs/handoff/handoffDesk.ts';
import { LearningStore, STATS_KEY } from '../../dialogs/learningStore.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';

const diagnosis: DiagnosisSummary = { reason: 'requested', errorCodes: { main: [], extended: [], unknown: [] }, errors: [], facts: [], unsure: [], ruledOut: [], fixesTried: [], topCauses: [] };
const caseFields = (n: number) => ({ reference: { conversation: { id: `c${n}`, isGroup: false, conversationType: '', name: '' } }, channelId: 'emulator', locale: 'en-US', diagnosis, transcript: [] });
// Stored statistics keep only causes the knowledge has (renamed ones migrate), so the outcomes name real ones.
const { causes: knownCauses } = (await loadKnowledge()).knowledge;
const outcome = (causeId: string) => ({ fixId: `fix-${causeId}`, causeIds: [causeId], worked: true, errors: [], facts: {} });

const stores: Array<{ name: string; start: () => Promise<{ handle: StorageHandle; stop: () => Promise<void> }> }> = [
  { name: 'memory', start: async () => ({ handle: await createStorage(loadConfig({ STORAGE: 'memory' }), () => undefined), stop: async () => undefined }) },
  {
    name: 'blob (Azurite)',
    start: async () => {
      const azurite: Azurite = await startAzurite();
      const config = loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString });
      return { handle: await createStorage(config, () => undefined), stop: () => azurite.stop() };
    },
  },
];

// Each "instance" is its own LearningStore / HandoffDesk on the one shared store, as two App Service
// instances would be; the writes race for real against the store.
describe.each(stores)('concurrent writes by two instances: $name', ({ start }) => {
  let handle: StorageHandle;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, stop } = await start());
  }, 60_000);
  afterAll(async () => {
    await handle.close();
    await stop();
  });

  it('counts every outcome when the very first learning outcomes are written by two instances at once', async () => {
    const instances = [0, 1].map(() => new LearningStore(handle.storage, knownCauses, { enabled: true, cacheMs: 0 }));
    const causes = knownCauses.slice(0, 3).map((cause) => cause.id);
    for (const learning of instances) for (const cause of causes) learning.record(outcome(cause), { channelId: 'emulator' });
    await Promise.all(instances.map((learning) => learning.flush()));
    const stored = (await handle.storage.read([STATS_KEY]))[STATS_KEY] as { stats: { confirmed: number; worked: Record<string, number> } };
    expect(stored.stats.confirmed).toBe(instances.length * causes.length);
    expect(stored.stats.worked).toEqual(Object.fromEntries(causes.map((c) => [c, instances.length])));
  });

  it('queues both when the first two hand-offs come from two instances at once', async () => {
    const [deskA, deskB] = [new HandoffDesk(handle.storage), new HandoffDesk(handle.storage)];
    const opened = await Promise.all([deskA.open(caseFields(1)), deskB.open(caseFields(2))]);
    const queue = (await handle.storage.read([QUEUE_KEY]))[QUEUE_KEY] as { ids: string[] };
    expect([...queue.ids].sort()).toEqual(opened.map((o) => o.handoffCase.id).sort());
    expect(opened.map((o) => o.position).sort()).toEqual([1, 2]);
  });

  it('gives a case to exactly one of two agents accepting it at once, on two instances', async () => {
    const [deskA, deskB] = [new HandoffDesk(handle.storage), new HandoffDesk(handle.storage)];
    const { handoffCase } = await deskA.open(caseFields(3));
    const results = await Promise.allSettled([deskA.accept(handoffCase.id, 'Ada'), deskB.accept(handoffCase.id, 'Bob')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(CaseStateError);
    const stored = await deskB.get(handoffCase.id);
    expect(stored?.status).toBe('active');
    expect(stored?.agent).toBe(won[0]?.status === 'fulfilled' ? won[0].value.agent : 'none');
  });
});
