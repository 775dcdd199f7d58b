// npm run bench:profile [-- --storage lowdb|memory] [--concurrency 16] [--conversations 600] [--ports 4100-4199] [--perf]:
// the assistant under the benchmark's traffic with `node --cpu-prof`, then where its CPU time went: by
// package (botbuilder, restify, the file system, the assistant's own folders) and the top functions by
// self time. The .cpuprofile stays in build/profile/ for Chrome DevTools. With --perf (Linux `perf` on the
// PATH, e.g. Debian's linux-perf) the whole process is also sampled by the kernel, threads and kernel
// functions included: where libuv's pool spends the store's file calls, which --cpu-prof cannot see.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { startBenchProcess, usePortRange } from './benchProcess.ts';
import { runLoad } from './httpLoad.ts';
import { tempDataDir } from './httpSection.ts';
import { conversationScripts } from './traffic.ts';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where a frame's code lives: an npm package, a folder of the assistant, node's internals, or the engine (GC, idle). */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const relative = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  return relative.split('/').slice(0, relative.startsWith('dialogs/diagnosis') ? 3 : 2).join('/');
}

/** Self time per owner and per function, in ms, largest first. */
export function summarise(profile: CpuProfile): { total: number; owners: Array<[string, number]>; functions: Array<[string, number]> } {
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * interval;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]);
  return { total: [...owners.values()].reduce((a, b) => a + b, 0), owners: sorted(owners), functions: sorted(functions) };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { storage: { type: 'string', default: 'lowdb' }, concurrency: { type: 'string', default: '16' }, conversations: { type: 'string', default: '600' }, ports: { type: 'string' }, perf: { type: 'boolean', default: false } } });
  const [from, to] = (values.ports ?? '').split('-').map(Number);
  if (from && to) usePortRange(from, to);
  const dir = path.join(ROOT, 'build/profile');
  await mkdir(dir, { recursive: true });
  const data = await tempDataDir();
  const scripts = conversationScripts((await loadKnowledge()).knowledge, 500);
  const env: Record<string, string> = values.storage === 'memory' ? { STORAGE: 'memory' } : { STORAGE: 'lowdb', DATA_DIR: data.dir };
  const before = new Set(await readdir(dir));
  const bot = await startBenchProcess('bot/main.ts', env, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const conversations = Number(values.conversations);
  const perfData = path.join(dir, 'perf.data');
  const perf = values.perf ? await startPerf(bot.pid, perfData) : undefined;
  const result = await runLoad({ url: bot.messagesUrl, scripts, conversations, concurrency: Number(values.concurrency), idPrefix: 'profile' });
  await perf?.stop();
  await bot.stop();
  await data.remove();
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) throw new Error('no profile written');
  const summary = summarise(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile);
  const pct = (ms: number): string => `${((100 * ms) / summary.total).toFixed(1).padStart(5)}%`;
  console.log(`${result.turns} turns, ${result.turnsPerSecond.toFixed(1)} turns/s, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}; profile build/profile/${file}`);
  console.log('\nself time by owner');
  for (const [owner, ms] of summary.owners.slice(0, 25)) console.log(`${pct(ms)}  ${owner}`);
  console.log('\ntop functions by self time');
  for (const [name, ms] of summary.functions.slice(0, 40)) console.log(`${pct(ms)}  ${name}`);
  if (perf) {
    const report = (args: string[]): string[] =>
      execFileSync('perf', ['report', '-i', perfData, '--stdio', '-g', 'none', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .filter((line) => /^\s+[\d.]+%/.test(line));
    console.log(`\nperf (${perfData}): CPU samples by thread`);
    for (const line of report(['--sort', 'comm']).slice(0, 8)) console.log(line);
    console.log('\nperf: libuv\'s pool (the store\'s asynchronous file calls), functions with what they call, kernel included');
    for (const line of report(['--comm', 'libuv-worker', '--children', '--sort', 'sym']).slice(0, 25)) console.log(line);
  }
}

/** `perf record` of every thread of the process until stop(); rejects at once if perf cannot run. */
async function startPerf(pid: number, output: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn('perf', ['record', '-F', '999', '-g', '-o', output, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  // perf prints nothing on a good start; a missing binary or refused permission ends it at once.
  const early = await Promise.race([exited.then(() => true, () => true), setTimeout(500).then(() => false)]);
  if (early || child.exitCode !== null) throw new Error(`perf record did not start: ${stderr.trim() || 'is perf installed (linux-perf)?'}`);
  return {
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}
