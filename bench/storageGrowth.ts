// Section 2 of `npm run bench`: per-turn time of the assistant on its default store as stored
// conversations grow, in process (one turn at a time, so the figure is the turn's own cost), beside the
// store's own floor: reading and writing one conversation's state with nothing else around it.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
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
/** Store calls per message turn of the traffic (reads and written items), counted at the first size. */
export type StoreOps = { readsPerTurn: number; writesPerTurn: number; stateBytes: number };
/** CPU time (user + system) of the file operations of one state write and one read themselves, in the data directory's file system, ms. */
export type FileSystemFloor = { bytes: number; createWriteCloseMs: number; renameMs: number; readMs: number };

const storedKey = (i: number): string => `emulator/conversations/stored-${i}/`;

/** Per-turn time (mean, p50) and store read+write time with each population in `sizes` (ascending) stored. */
export async function measureGrowth(knowledge: LoadedKnowledge, scripts: string[][], sizes: number[], conversationsPerSize: number, progress: Progress): Promise<{ rows: GrowthRow[]; ops: StoreOps; fileSystem: FileSystemFloor }> {
  const data = await tempDataDir();
  // The default logger's work stays (info, one line a turn); its lines go nowhere.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ STORAGE: 'lowdb', DATA_DIR: data.dir });
  const storage = await createStorage(config, () => undefined);
  const counted = { reads: 0, writes: 0, on: false };
  const read = storage.storage.read.bind(storage.storage);
  const write = storage.storage.write.bind(storage.storage);
  storage.storage.read = (keys) => {
    if (counted.on) counted.reads += keys.length;
    return read(keys);
  };
  storage.storage.write = (changes) => {
    if (counted.on) counted.writes += Object.keys(changes).length;
    return write(changes);
  };
  const app = createApp({ config, logger: createLogger(config.logLevel, discard), storage, knowledge });
  const turn = (a: Parameters<typeof app.adapter.handleActivity>[1]) => app.adapter.handleActivity('', a, app.runTurn);
  try {
    // Warm the JIT, and take a real mid-diagnosis conversation as the item every stored conversation copies.
    await timeConversations(turn, scripts, conversationsPerSize, 'warm');
    const sample = ((await storage.storage.read(['emulator/conversations/warm-0/']))['emulator/conversations/warm-0/'] ?? {}) as object;
    const rows: GrowthRow[] = [];
    let stored = 0;
    let ops: StoreOps | undefined;
    for (const size of sizes) {
      await populate(storage.storage, sample, storedKey, stored, size, (n) => progress(`storing conversations: ${n}/${size}`));
      stored = size;
      counted.on = ops === undefined;
      const times = await timeConversations(turn, scripts, conversationsPerSize, `grow-${size}`, 0, (n) => progress(`${size} stored: ${n}/${conversationsPerSize} conversations`));
      counted.on = false;
      ops ??= { readsPerTurn: counted.reads / times.length, writesPerTurn: counted.writes / times.length, stateBytes: Buffer.byteLength(JSON.stringify(sample)) };
      const store = await measure(async (i) => {
        const key = storedKey(i);
        const items = await storage.storage.read([key]);
        await storage.storage.write({ [key]: { ...(items[key] ?? sample), eTag: '*' } });
      }, size, 200);
      rows.push({ stored: size, turnMeanMs: mean(times), turnP50Ms: times[Math.floor(times.length / 2)] ?? 0, storeMeanMs: store.mean });
    }
    progress('the file system\'s own time');
    const fileSystem = measureFileSystem(path.join(data.dir, 'floor'), ops?.stateBytes ?? 0, 2000);
    return { rows, ops: ops ?? { readsPerTurn: 0, writesPerTurn: 0, stateBytes: 0 }, fileSystem };
  } finally {
    await app.inflight.drain(5000);
    await app.learning.close().catch(() => undefined);
    await storage.close();
    await data.remove();
  }
}

/**
 * The CPU time FileStorage's operations themselves take, with nothing of Node's asynchronous machinery around
 * them: synchronous calls, each measured alone by process.cpuUsage (user + system, so waiting for the disk
 * is not in it), over `files` files of `bytes` bytes in `dir` (the file system the default store uses). A
 * write is steno's: create and write a temp file, close, rename it over the file; a read opens, reads and
 * closes. Means in ms.
 */
export function measureFileSystem(dir: string, bytes: number, files: number): FileSystemFloor {
  mkdirSync(dir, { recursive: true });
  const text = 'x'.repeat(bytes);
  const totals = { create: 0, rename: 0, read: 0 };
  const timed = (key: keyof typeof totals, work: () => void): void => {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    totals[key] += (used.user + used.system) / 1000;
  };
  try {
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < files; i += 1) {
        const file = path.join(dir, `${i % 256}.json`);
        const temp = `${file}.tmp`;
        timed('create', () => {
          const fd = openSync(temp, 'w');
          writeSync(fd, text);
          closeSync(fd);
        });
        timed('rename', () => renameSync(temp, file));
        timed('read', () => readFileSync(file, 'utf8'));
      }
      // The first round creates the files (and warms the directory); the second replaces them, as turns do.
      if (round === 0) totals.create = totals.rename = totals.read = 0;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { bytes, createWriteCloseMs: totals.create / files, renameMs: totals.rename / files, readMs: totals.read / files };
}
