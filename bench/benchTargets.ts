// The issue-15 targets, judged from one run's figures (ratios within the same run and machine).
import type { BenchResults } from './runBench.ts';
import type { Bot } from './httpSection.ts';
import type { LoadResult } from './httpLoad.ts';

export type Verdict = { target: string; limit: string; value: number; text: string; holds: boolean };

/** The HTTP figures of one bot at one concurrency (median of the repeats), if measured (a control may not have been). */
export function at(results: BenchResults, target: Bot, concurrency: number): LoadResult | undefined {
  return results.http[target]?.find((f) => f.concurrency === concurrency)?.median;
}

const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;

/** Every target with its measured value and whether it holds. */
export function judgeTargets(results: BenchResults): Verdict[] {
  const echo = at(results, 'echo', 16);
  const memory = at(results, 'assistant-memory', 16);
  const lowdb = at(results, 'assistant-lowdb', 16);
  const ratio = (a: number | undefined, b: number | undefined): number => (a !== undefined && b ? a / b : Number.NaN);
  const first = results.growth[0];
  const last = results.growth.at(-1);
  const verdict = (target: string, limit: string, value: number, text: string, holds: boolean): Verdict => ({ target, limit, value, text, holds: Number.isFinite(value) && holds });
  const throughputMemory = ratio(memory?.turnsPerSecond, echo?.turnsPerSecond);
  const throughputLowdb = ratio(lowdb?.turnsPerSecond, memory?.turnsPerSecond);
  const p99Lowdb = ratio(lowdb?.p99, memory?.p99);
  const p99Echo = ratio(lowdb?.p99, echo?.p99);
  const growth = ratio(last?.turnMeanMs, first?.turnMeanMs);
  const startup = median(results.startupMs);
  return [
    verdict('assistant ÷ echo turns/s, MemoryStorage, c16', '≥ 0.8', throughputMemory, `${throughputMemory.toFixed(2)}×`, throughputMemory >= 0.8),
    verdict('lowdb ÷ MemoryStorage turns/s, c16', '≥ 0.7', throughputLowdb, `${throughputLowdb.toFixed(2)}×`, throughputLowdb >= 0.7),
    verdict('lowdb p99 ÷ MemoryStorage p99, c16', '≤ 2', p99Lowdb, `${p99Lowdb.toFixed(2)}×`, p99Lowdb <= 2),
    verdict('lowdb p99 ÷ echo p99, c16', '≤ 2', p99Echo, `${p99Echo.toFixed(2)}×`, p99Echo <= 2),
    verdict(`per-turn time ${last?.stored ?? '?'} ÷ ${first?.stored ?? '?'} stored conversations`, '≤ 1.2', growth, `${growth.toFixed(2)}×`, growth <= 1.2),
    verdict(`RSS with ${results.memory.conversations} active conversations`, '≤ 250 MB', results.memory.activeMb, `${results.memory.activeMb.toFixed(0)} MB`, results.memory.activeMb <= 250),
    verdict('start-up to /healthz ready (median)', '≤ 1000 ms', startup, `${startup.toFixed(0)} ms`, startup <= 1000),
  ];
}
