import { describe, expect, it } from 'vitest';
import { explainFloors } from '../../bench/benchFloors.ts';
import type { LoadResult } from '../../bench/httpLoad.ts';
import type { BenchResults } from '../../bench/runBench.ts';

// explainFloors is a pure function of a run's figures: these are made-up runs, each shaped to reach one branch.
const load = (turnsPerSecond: number, p99: number, main: number, pool: number, all: number): LoadResult => ({ turns: 1000, errors: 0, seconds: 1, turnsPerSecond, p50: p99 / 3, p95: p99 / 1.5, p99, cpuMainMs: main, cpuPoolMs: pool, cpuAllMs: all });
const at16 = (median: LoadResult) => [{ concurrency: 16, median, runs: [median] }];

function run(echoLowdb: LoadResult | undefined): BenchResults {
  return {
    http: { echo: at16(load(2000, 20, 0.33, 0, 0.6)), 'assistant-memory': at16(load(900, 45, 1.0, 0, 1.5)), 'assistant-lowdb': at16(load(620, 70, 1.35, 0.3, 2.2)) },
    engineMsPerMessage: 0.13,
    ...(echoLowdb ? { storePass: { echo: at16(load(2100, 18, 0.33, 0, 0.6)), 'echo-lowdb': at16(echoLowdb) } } : {}),
  } as unknown as BenchResults;
}

const bullet = (lines: string[], name: string): string => lines.find((l) => l.startsWith(`- *${name}`)) ?? '';

describe('explainFloors: the store alone', () => {
  it('says nothing of the store pass when the run has none (results saved before it)', () => {
    const lines = explainFloors(run(undefined));
    expect(lines.join('\n')).not.toContain('The store alone');
    expect(bullet(lines, 'p99')).toContain('on MemoryStorage 2.50 times (p99 2.25 times). The ratio is the store\'s factor (lowdb p99 ÷ MemoryStorage p99, 1.56) times the assistant\'s own (MemoryStorage p99 ÷ echo p99, 2.25); with the store\'s factor as measured, 2 needs the assistant on MemoryStorage within 1.29 times the echo\'s p99.');
    expect(bullet(lines, 'p99')).toMatch(/echo's p99\.$/);
  });

  it('calls the store the floor of the p99 target only when the echo bot on it is over 2 and the assistant costs more even without the pool', () => {
    const lines = explainFloors(run(load(1300, 40, 0.55, 0.2, 1.0)));
    expect(bullet(lines, 'The store alone')).toContain('with a p99 of 40.0 ms against 18.0 (2.22 times), and used 0.40 ms more CPU time per turn (0.22 on the main thread, 0.20 in libuv\'s pool)');
    expect(bullet(lines, 'The store alone')).toContain('A lowdb ÷ MemoryStorage ratio of 0.7 allows the store 0.64 ms per turn on top of the assistant\'s 1.50 (by CPU per turn, which the turns/s follow); the store alone cost the echo bot less than that.');
    expect(bullet(lines, 'The store alone')).toContain('= 0.79, against 0.68 measured: an estimate');
    expect(bullet(lines, 'p99')).toContain('a bot that does nothing but echo already has 2.22 times the echo\'s p99');
    expect(bullet(lines, 'p99')).toContain('(1.90 against 1.00 ms): the measured floor of this target is the store\'s own cost.');
  });

  it('gives the store its share of the 2 when the echo bot on it stays under 2', () => {
    const p99 = bullet(explainFloors(run(load(1500, 30, 0.5, 0.15, 0.9))), 'p99');
    expect(p99).toContain('The store alone gave the echo bot 1.67 times its p99 (above), under 2');
    expect(p99).not.toContain('measured floor');
  });

  it('reports no measurable cost, and no ratio built on it, when the echo bot used no more CPU on the store', () => {
    const store = bullet(explainFloors(run(load(2000, 19, 0.3, 0, 0.55))), 'The store alone');
    expect(store).toMatch(/and used no measurable CPU time per turn more\.$/);
    expect(store).not.toContain('Were that all');
  });
});
