// Section 2 of `npm run bench`: per-turn time of the assistant on its default store as stored
// conversations grow, in process (one turn at a time, so the figure is the turn's own cost), beside the
// store's own floor: reading and writing one conversation's state with nothing else around it.
import { Writable } from 'node:stream';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import type { LoadedKnowledge } from '../bot/loadKnowledge.ts';
import { createLogger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';
import { tempDataDir, type Progress } from './httpSection.ts';
import { measure, populate } from './storageBench.ts';
import { mean, timeConversations } from './turnBench.ts';

export type GrowthRow = { stored: number; turnMeanMs: number; turnP50Ms: number; storeMeanMs: number };

const storedKey = (i: number): string => `emulator/conversations/stored-${i}/`;

/** Per-turn time (mean, p50) and store read+write time with each population in `sizes` (ascending) stored. */
export async function measureGrowth(knowledge: LoadedKnowledge, scripts: string[][], sizes: number[], conversationsPerSize: number, progress: Progress): Promise<GrowthRow[]> {
  const data = await tempDataDir();
  // The default logger's work stays (info, one line a turn); its lines go nowhere.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ STORAGE: 'lowdb', DATA_DIR: data.dir });
  const storage = await createStorage(config, () => undefined);
  const app = createApp({ config, logger: createLogger(config.logLevel, discard), storage, knowledge });
  const turn = (a: Parameters<typeof app.adapter.handleActivity>[1]) => app.adapter.handleActivity('', a, app.runTurn);
  try {
    // Warm the JIT, and take a real mid-diagnosis conversation as the item every stored conversation copies.
    await timeConversations(turn, scripts, conversationsPerSize, 'warm');
    const sample = ((await storage.storage.read(['emulator/conversations/warm-0/']))['emulator/conversations/warm-0/'] ?? {}) as object;
    const rows: GrowthRow[] = [];
    let stored = 0;
    for (const size of sizes) {
      await populate(storage.storage, sample, storedKey, stored, size, (n) => progress(`storing conversations: ${n}/${size}`));
      stored = size;
      const times = await timeConversations(turn, scripts, conversationsPerSize, `grow-${size}`, 0, (n) => progress(`${size} stored: ${n}/${conversationsPerSize} conversations`));
      const store = await measure(async (i) => {
        const key = storedKey(i);
        const items = await storage.storage.read([key]);
        await storage.storage.write({ [key]: { ...(items[key] ?? sample), eTag: '*' } });
      }, size, 200);
      rows.push({ stored: size, turnMeanMs: mean(times), turnP50Ms: times[Math.floor(times.length / 2)] ?? 0, storeMeanMs: store.mean });
    }
    return rows;
  } finally {
    await app.inflight.drain(5000);
    await storage.close();
    await data.remove();
  }
}
