// npm run bench:ab -- --base DIR [--storage memory|lowdb] [--runs 6] [--conversations 300] [--concurrency 16]:
// before/after of a change on a machine whose speed moves between runs. The assistant of another checkout
// (DIR, e.g. `git worktree add ../base <commit>` with node_modules linked) and of this one run side by side
// and take turns run by run on the same traffic, each run its own distinct simulated people; prints, per
// side, the medians of turns/s, p99 and the bot's CPU time per turn (main thread, all threads), then the two
// sides compared run by run (each run's pair played back to back): the ratios' median, quartiles and count.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { startBenchProcess, type BenchProcess } from './benchProcess.ts';
import type { LoadResult } from './httpLoad.ts';
import { loadWithCpu, medianOf, pairedRatios, tempDataDir, type PairedRatios } from './httpSection.ts';
import { conversationScripts } from './traffic.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, storage: { type: 'string', default: 'memory' }, runs: { type: 'string', default: '6' }, conversations: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '16' } } });
if (!values.base) throw new Error('--base DIR: the checkout to compare this one with');
const roots = [path.resolve(values.base), path.resolve(import.meta.dirname, '..')];
const [runs, conversations, concurrency] = [Number(values.runs), Number(values.conversations), Number(values.concurrency)];
const scripts = conversationScripts((await loadKnowledge()).knowledge, conversations * (runs + 1));
const dirs = await Promise.all(roots.map(() => tempDataDir()));
const env = (i: number): Record<string, string> => (values.storage === 'lowdb' ? { STORAGE: 'lowdb', DATA_DIR: dirs[i]?.dir ?? '' } : { STORAGE: 'memory' });
const bots: BenchProcess[] = await Promise.all(roots.map((root, i) => startBenchProcess('bot/main.ts', env(i), [], 30_000, root)));
try {
  const results: LoadResult[][] = [[], []];
  const play = (i: number, firstScript: number, idPrefix: string): Promise<LoadResult> => loadWithCpu(bots[i] as BenchProcess, { scripts, firstScript, conversations, concurrency, idPrefix });
  for (const i of [0, 1]) await play(i, 0, `warm-${i}`);
  for (let run = 0; run < runs; run += 1) {
    for (const i of run % 2 === 0 ? [0, 1] : [1, 0]) {
      results[i]?.push(await play(i, conversations * (run + 1), `ab-${run}-${i}`));
    }
    process.stderr.write(`\r  run ${run + 1}/${runs}`);
  }
  process.stderr.write('\n');
  for (const [i, list] of results.entries()) {
    const m = medianOf(list);
    console.log(`${i === 0 ? 'base' : 'this'} ${roots[i]}: ${m.turnsPerSecond.toFixed(0)} turns/s, p99 ${m.p99.toFixed(1)} ms, CPU per turn main ${m.cpuMainMs?.toFixed(3)} ms, libuv pool ${m.cpuPoolMs?.toFixed(3)} ms, all ${m.cpuAllMs?.toFixed(3)} ms, errors ${m.errors}`);
  }
  // The medians above come from runs minutes apart on a host whose speed moves; each run's pair was played
  // back to back, so its ratio is the steadier comparison, and the quartiles say how far one pair is to trust.
  const [base, other] = [results[0] ?? [], results[1] ?? []];
  const paired = (label: string, r: PairedRatios | undefined): string =>
    r ? `${label} median ${r.median.toFixed(3)}, quartiles ${r.q1.toFixed(3)}–${r.q3.toFixed(3)}, higher in ${r.higher} of ${r.runs}` : `${label} not measured`;
  console.log(`this ÷ base, run by run: ${paired('turns/s', pairedRatios(base, other, 'turnsPerSecond'))}; ${paired('main-thread CPU per turn', pairedRatios(base, other, 'cpuMainMs'))}`);
} finally {
  for (const bot of bots) await bot.stop();
  for (const dir of dirs) await dir.remove();
}
