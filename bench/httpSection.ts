// Sections 1 and 3 of `npm run bench`: the full stack over HTTP (assistant and echo bot, alternated runs,
// median of the repeats) and the assistant's RSS with many active conversations.
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBenchProcess, type BenchProcess } from './benchProcess.ts';
import { percentile, runLoad, type LoadPlan, type LoadResult } from './httpLoad.ts';

export const TARGETS = ['echo', 'assistant-memory', 'assistant-lowdb'] as const;
export type Target = (typeof TARGETS)[number];
/**
 * Controls, in section 1's rotation beside the targets and on the same people (so the engine remembers the
 * same): the echo bot with the diagnosis engine (the least an assistant with this engine does per turn), the
 * echo bot as a botbuilder-dialogs dialog keeping a transcript (what botbuilder's dialogs and a stored,
 * eTag-checked conversation cost before anything is understood), and the assistant on lowdb with DATA_DIR
 * on tmpfs (the same store code without a disk: what assistant-lowdb costs more is the disk's file system's
 * own work). None writes to the disk, so assistant-lowdb's file system sees only its own writes, as without them.
 */
export const CONTROLS = ['echo-engine', 'echo-dialog', 'assistant-tmpfs'] as const;
export type Control = (typeof CONTROLS)[number];
export type Bot = Target | Control;
export type TargetFigures = { concurrency: number; median: LoadResult; runs: LoadResult[] };
export type HttpSizes = { warmup: number; conversations: number; concurrencies: number[]; repeats: number };
export type Progress = (line: string) => void;

/**
 * Distinct simulated people section 1 needs: every run plays its own (so a bot never sees a conversation
 * twice, and what it remembers is only what different people have in common); the bots alternate on the same ones.
 */
export function scriptsNeeded(sizes: HttpSizes): number {
  return sizes.warmup + sizes.concurrencies.length * sizes.repeats * sizes.conversations;
}

/** A throwaway DATA_DIR for a lowdb bot (in the OS's temp directory, or under `root`); `remove` deletes it. */
export async function tempDataDir(root = tmpdir()): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(root, 'rdp-bench-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Where the lowdb bots keep their files: assistant-lowdb on the disk, assistant-tmpfs on tmpfs. */
export type DataDirs = { disk: string; tmpfs?: string };

/** Starts a bot: the echo baseline (alone, with the engine, or as a dialog) or the assistant (`node bot/main.ts`, its defaults) on memory or on lowdb in its directory of `dirs`. */
export async function startTarget(bot: Bot, dirs: DataDirs): Promise<BenchProcess> {
  if (bot === 'echo') return startBenchProcess('bench/echoBot.ts', {});
  if (bot === 'echo-engine') return startBenchProcess('bench/echoBot.ts', { ENGINE: '1' });
  if (bot === 'echo-dialog') return startBenchProcess('bench/echoBot.ts', { DIALOG: '1' });
  if (bot === 'assistant-memory') return startBenchProcess('bot/main.ts', { STORAGE: 'memory' });
  const dataDir = bot === 'assistant-tmpfs' ? dirs.tmpfs : dirs.disk;
  if (dataDir === undefined) throw new Error(`${bot} needs a directory on tmpfs`);
  return startBenchProcess('bot/main.ts', { STORAGE: 'lowdb', DATA_DIR: dataDir });
}

const TMPFS_MAGIC = 0x01021994;

/** A directory on tmpfs (Linux's /dev/shm) for the tmpfs control, or undefined where there is none. */
export async function tmpfsRoot(): Promise<string | undefined> {
  const info = await statfs('/dev/shm').catch(() => undefined);
  return info?.type === TMPFS_MAGIC ? '/dev/shm' : undefined;
}

/** Median of each figure separately over the runs. */
export function medianOf(runs: LoadResult[]): LoadResult {
  const mid = <K extends keyof LoadResult>(key: K): number => {
    const sorted = runs.map((r) => Number(r[key])).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  const cpu = runs.every((r) => r.cpuMainMs !== undefined && r.cpuAllMs !== undefined) ? { cpuMainMs: mid('cpuMainMs'), cpuAllMs: mid('cpuAllMs') } : {};
  const pool = runs.every((r) => r.cpuPoolMs !== undefined) ? { cpuPoolMs: mid('cpuPoolMs') } : {};
  return { turns: mid('turns'), errors: runs.reduce((sum, r) => sum + r.errors, 0), seconds: mid('seconds'), turnsPerSecond: mid('turnsPerSecond'), p50: mid('p50'), p95: mid('p95'), p99: mid('p99'), ...cpu, ...pool, ...(runs.find((r) => r.firstError)?.firstError ? { firstError: runs.find((r) => r.firstError)?.firstError } : {}) };
}

/** One figure of two checkouts' runs compared run by run: the ratios' median and quartiles (nearest rank), and in how many runs the second side's figure was higher. */
export type PairedRatios = { runs: number; median: number; q1: number; q3: number; higher: number };

/**
 * `other[i] ÷ base[i]` for runs played back to back (bench:ab), so that the host's speed, which moves
 * between runs by more than most changes, cancels out of each ratio; undefined when a figure is missing.
 */
export function pairedRatios(base: readonly LoadResult[], other: readonly LoadResult[], figure: 'turnsPerSecond' | 'cpuMainMs'): PairedRatios | undefined {
  if (base.length !== other.length || base.length === 0) throw new Error(`paired runs needed: ${base.length} against ${other.length}`);
  const ratios: number[] = [];
  for (const [i, b] of base.entries()) {
    const [x, y] = [b[figure], other[i]?.[figure]];
    if (x === undefined || y === undefined || x <= 0) return undefined;
    ratios.push(y / x);
  }
  const ascending = [...ratios].sort((a, b) => a - b);
  return { runs: ratios.length, median: percentile(ascending, 0.5), q1: percentile(ascending, 0.25), q3: percentile(ascending, 0.75), higher: ratios.filter((r) => r > 1).length };
}

export type HttpFigures<B extends Bot = Target> = { figures: Record<B, TargetFigures[]>; /** RSS of each bot after all its runs, MB. */ rssMb: Record<B, number> };

/**
 * The given bots (the targets and the controls there are: sectionOneBots) up at once; warm each, then per
 * concurrency run every bot in turn, `repeats` times, rotating the order.
 */
export async function measureHttp<B extends Bot>(scripts: string[][], sizes: HttpSizes, progress: Progress, targets: readonly B[]): Promise<HttpFigures<B>> {
  const data = await tempDataDir();
  const tmpfsAt = targets.includes('assistant-tmpfs' as B) ? await tmpfsRoot() : undefined;
  const tmpfs = tmpfsAt === undefined ? undefined : await tempDataDir(tmpfsAt);
  const bots = new Map<B, BenchProcess>();
  try {
    // Started together (start-up is slow on a busy machine); the ones that did start are stopped if one fails.
    const dirs: DataDirs = { disk: data.dir, ...(tmpfs ? { tmpfs: tmpfs.dir } : {}) };
    const started = await Promise.allSettled(targets.map((t) => startTarget(t, dirs)));
    started.forEach((s, i) => s.status === 'fulfilled' && bots.set(targets[i] as B, s.value));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const target of targets) {
      await load(bots, target, scripts, 0, sizes.warmup, 16, `warm-${target}`, (n) => progress(`warm-up ${target}: ${n} turns`));
    }
    const figures = Object.fromEntries(targets.map((t) => [t, [] as TargetFigures[]])) as Record<B, TargetFigures[]>;
    let firstScript = sizes.warmup;
    for (const concurrency of sizes.concurrencies) {
      const runs = new Map<B, LoadResult[]>(targets.map((t) => [t, []]));
      for (let repeat = 0; repeat < sizes.repeats; repeat += 1) {
        for (const [i] of targets.entries()) {
          const target = targets[(i + repeat) % targets.length] as B;
          const label = `c${concurrency} run ${repeat + 1}/${sizes.repeats} ${target}`;
          runs.get(target)?.push(await load(bots, target, scripts, firstScript, sizes.conversations, concurrency, `c${concurrency}-r${repeat}-${target}`, (n) => progress(`${label}: ${n} turns`)));
        }
        firstScript += sizes.conversations;
      }
      for (const target of targets) figures[target].push({ concurrency, median: medianOf(runs.get(target) ?? []), runs: runs.get(target) ?? [] });
    }
    const rss = await Promise.all(targets.map(async (t) => [t, (await bots.get(t)?.rssMb()) ?? Number.NaN] as const));
    return { figures, rssMb: Object.fromEntries(rss) as Record<B, number> };
  } finally {
    for (const bot of bots.values()) await bot.stop();
    await data.remove();
    await tmpfs?.remove();
  }
}

/** Section 1's bots: the targets, the echo bot with the engine, the echo bot as a dialog, and the tmpfs control where the machine has tmpfs. */
export async function sectionOneBots(): Promise<Bot[]> {
  return [...TARGETS, 'echo-engine', 'echo-dialog', ...((await tmpfsRoot()) ? (['assistant-tmpfs'] as const) : [])];
}

function load<B extends Bot>(bots: Map<B, BenchProcess>, target: B, scripts: string[][], firstScript: number, conversations: number, concurrency: number, idPrefix: string, onTurn: (n: number) => void): Promise<LoadResult> {
  const bot = bots.get(target);
  if (!bot) throw new Error(`${target} not started`);
  return loadWithCpu(bot, { scripts, firstScript, conversations, concurrency, idPrefix, onTurn });
}

/** One load run against a bench process, with the bot's CPU time per turn over the run. */
export async function loadWithCpu(bot: BenchProcess, plan: Omit<LoadPlan, 'url'>): Promise<LoadResult> {
  const before = await bot.cpuMs();
  const result = await runLoad({ ...plan, url: bot.messagesUrl });
  const after = await bot.cpuMs();
  const turns = Math.max(1, result.turns + result.errors);
  return { ...result, cpuMainMs: (after.main - before.main) / turns, cpuPoolMs: (after.pool - before.pool) / turns, cpuAllMs: (after.all - before.all) / turns };
}

export type MemoryFigures = { conversations: number; idleMb: number; activeMb: number; errors: number };

/** RSS of a fresh assistant on its default store, idle and with `conversations` conversations mid-diagnosis (opening and one answer each). */
export async function measureMemory(scripts: string[][], conversations: number, progress: Progress): Promise<MemoryFigures> {
  const data = await tempDataDir();
  const bot = await startTarget('assistant-lowdb', { disk: data.dir });
  try {
    const idleMb = await bot.rssMb();
    const openings = scripts.map((texts) => texts.slice(0, 2));
    const result = await runLoad({ url: bot.messagesUrl, scripts: openings, conversations, concurrency: 16, idPrefix: 'active', onTurn: (n) => progress(`${conversations} active conversations: ${n} turns`) });
    return { conversations, idleMb, activeMb: await bot.rssMb(), errors: result.errors };
  } finally {
    await bot.stop();
    await data.remove();
  }
}

/**
 * Process start to the first 200 from /healthz, assistant on its default store; one fresh process and
 * DATA_DIR per repeat. All repeats share a fresh TMPDIR, where Node's compile cache lives: the first start
 * is the one after an install (cold cache), the others are restarts.
 */
export async function measureStartup(repeats: number, progress: Progress): Promise<{ assistant: number[]; echo: number[] }> {
  const times: number[] = [];
  const echo: number[] = [];
  const cacheHome = await tempDataDir();
  try {
    for (let n = 0; n < repeats; n += 1) {
      progress(`start-up ${n + 1}/${repeats}`);
      const data = await tempDataDir();
      const bot = await startBenchProcess('bot/main.ts', { STORAGE: 'lowdb', DATA_DIR: data.dir, TMPDIR: cacheHome.dir });
      times.push(bot.startupMs);
      await bot.stop();
      await data.remove();
      // botbuilder and restify alone: the floor under the assistant's start-up.
      const bare = await startBenchProcess('bench/echoBot.ts', { TMPDIR: cacheHome.dir });
      echo.push(bare.startupMs);
      await bare.stop();
    }
  } finally {
    await cacheHome.remove();
  }
  return { assistant: times, echo };
}
