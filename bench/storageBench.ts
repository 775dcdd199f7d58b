// Storage cost of one turn (read + write of its conversation state) as the number of stored
// conversations grows: the file-per-key FileStorage against one lowdb JSON file holding everything.
// Usage: npm run bench:storage [-- 1000 10000 50000]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { FileStorage } from '../bot/storage/fileStorage.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n >= 0);
const SIZES = sizes.length > 0 ? sizes : [0, 1_000, 10_000, 50_000];
const SINGLE_FILE_LIMIT = 20_000;
const TURNS = 300;
export const conversationItem = { dialogState: { dialogStack: [{ id: 'diagnosis', state: { facts: { 'is-azure-vm': true }, asked: ['uses-vpn'], history: 'x'.repeat(1500) } }] } };
const key = (i: number): string => `msteams/conversations/19:conv-${i}@thread.v2/`;

export type Stats = { p50: number; p95: number; mean: number };

/** Times `turns` calls of `turn` (on a random stored conversation when there are any); ms. */
export async function measure(turn: (i: number) => Promise<void>, population: number, turns = TURNS): Promise<Stats> {
  const times: number[] = [];
  for (let t = 0; t < turns; t += 1) {
    const i = population > 0 ? Math.floor(Math.random() * population) : t;
    const start = performance.now();
    await turn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

/** Stores copies of `item` under keys from..to-1 in batches of 500; `onProgress` gets the count stored. */
export async function populate(storage: Storage, item: object, keyOf: (i: number) => string, from: number, to: number, onProgress: (stored: number) => void): Promise<void> {
  for (let start = from; start < to; start += 500) {
    const batch: Record<string, object> = {};
    for (let i = start; i < Math.min(to, start + 500); i += 1) batch[keyOf(i)] = { ...item, eTag: '*' };
    await storage.write(batch);
    onProgress(Math.min(to, start + 500));
  }
}

async function benchFileStorage(population: number): Promise<Stats> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-files-'));
  try {
    const storage = new FileStorage(dir);
    await populate(storage, conversationItem, key, 0, population, (n) => process.stderr.write(`\r  file-per-key: stored ${n}/${population}`));
    if (population > 0) process.stderr.write('\n');
    return await measure(async (i) => {
      const items = await storage.read([key(i)]);
      await storage.write({ [key(i)]: { ...(items[key(i)] ?? conversationItem), eTag: '*' } });
    }, population);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchSingleFile(population: number): Promise<Stats> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-single-'));
  try {
    const db = new Low<Record<string, object>>(new JSONFile(path.join(dir, 'db.json')), {});
    for (let i = 0; i < population; i += 1) db.data[key(i)] = conversationItem;
    await db.write();
    return await measure(async (i) => {
      db.data[key(i)] = { ...(db.data[key(i)] ?? conversationItem) };
      await db.write();
    }, population);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const fmt = (s: Stats | undefined): string => (s ? `${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)}` : '       -        -');
  console.log(`storage cost per turn (read + write of one conversation, ${TURNS} turns, ms)`);
  console.log('conversations   file-per-key p50  p95   one lowdb file p50  p95');
  const rows: Array<[number, Stats, Stats | undefined]> = [];
  for (const population of SIZES) {
    const files = await benchFileStorage(population);
    const single = population <= SINGLE_FILE_LIMIT ? await benchSingleFile(population) : undefined;
    rows.push([population, files, single]);
    console.log(`${String(population).padStart(13)}   ${fmt(files)}       ${fmt(single)}`);
  }
  const [first, last] = [rows[0], rows.at(-1)];
  if (first && last && rows.length > 1) {
    console.log(`file-per-key p50 ratio ${last[0]} vs ${first[0]} conversations: ${(last[1].p50 / first[1].p50).toFixed(2)}x`);
  }
}
