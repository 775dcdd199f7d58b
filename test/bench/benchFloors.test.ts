import { describe, expect, it } from 'vitest';
import { explainFloors } from '../../bench/benchFloors.ts';
import type { LoadResult } from '../../bench/httpLoad.ts';
import type { BenchResults } from '../../bench/runBench.ts';

// explainFloors is a pure function of a run's figures: these are made-up runs, each shaped to reach one branch.
const load = (turnsPerSecond: number, p99: number, main: number, pool: number, all: number): LoadResult => ({ turns: 1000, errors: 0, seconds: 1, turnsPerSecond, p50: p99 / 3, p95: p99 / 1.5, p99, cpuMainMs: main, cpuPoolMs: pool, cpuAllMs: all });
const at16 = (median: LoadResult) => [{ concurrency: 16, median, runs: [median] }];

type Pass = { echoLowdb: LoadResult; engine?: LoadResult; engineLowdb?: LoadResult };

function run(pass: Pass | undefined): BenchResults {
  return {
    http: { echo: at16(load(2000, 20, 0.33, 0, 0.6)), 'assistant-memory': at16(load(900, 45, 1.0, 0, 1.5)), 'assistant-lowdb': at16(load(620, 70, 1.35, 0.3, 2.2)) },
    engineMsPerMessage: 0.13,
    ...(pass
      ? {
          floorPass: {
            echo: at16(load(2100, 18, 0.33, 0, 0.6)),
            'echo-lowdb': at16(pass.echoLowdb),
            'echo-engine': at16(pass.engine ?? load(1500, 25, 0.45, 0, 0.8)),
            'echo-engine-lowdb': at16(pass.engineLowdb ?? load(800, 45, 0.7, 0.2, 1.3)),
          },
        }
      : {}),
  } as unknown as BenchResults;
}

const bullet = (lines: string[], name: string): string => lines.find((l) => l.startsWith(`- *${name}`)) ?? '';

describe('explainFloors: the floor pass', () => {
  it('says nothing of the floor pass when the run has none (results saved before it)', () => {
    const lines = explainFloors(run(undefined));
    expect(lines.join('\n')).not.toContain('floor pass');
    expect(bullet(lines, 'p99')).toContain('on MemoryStorage 2.50 times (p99 2.25 times). The ratio is the store\'s factor (lowdb p99 ÷ MemoryStorage p99, 1.56) times the assistant\'s own (MemoryStorage p99 ÷ echo p99, 2.25); with the store\'s factor as measured, 2 needs the assistant on MemoryStorage within 1.29 times the echo\'s p99.');
    expect(bullet(lines, 'p99')).toMatch(/echo's p99\.$/);
  });

  it('states what the store cost the echo bot and what 0.7 allows it, as an estimate', () => {
    const store = bullet(explainFloors(run({ echoLowdb: load(1300, 40, 0.55, 0.2, 1.0) })), 'The store alone');
    expect(store).toContain('with a p99 of 40.0 ms against 18.0 (2.22 times), and used 0.40 ms more CPU time per turn (0.22 on the main thread, 0.20 in libuv\'s pool)');
    expect(store).toContain('A lowdb ÷ MemoryStorage ratio of 0.7 allows the store 0.64 ms per turn on top of the assistant\'s 1.50 (by CPU per turn, which the turns/s follow); the store alone cost the echo bot less than that.');
    expect(store).toContain('= 0.79, against 0.68 measured: an estimate');
    expect(store).not.toContain('floor of this target');
    const dear = bullet(explainFloors(run({ echoLowdb: load(900, 40, 0.6, 0.5, 1.4) })), 'The store alone');
    expect(dear).toContain('the store alone cost the echo bot more than that: with this file system the store\'s own cost, measured without the assistant, is the floor of this target.');
  });

  it('reports no measurable cost, and no ratio built on it, when the echo bot used no more CPU on the store', () => {
    const store = bullet(explainFloors(run({ echoLowdb: load(2000, 19, 0.3, 0, 0.55) })), 'The store alone');
    expect(store).toMatch(/and used no measurable CPU time per turn more\.$/);
    expect(store).not.toContain('Were the store');
  });

  it('calls the engine bot the floor of assistant ÷ echo only under 0.8', () => {
    const under = bullet(explainFloors(run({ echoLowdb: load(1300, 40, 0.55, 0.2, 1.0), engine: load(1500, 25, 0.45, 0, 0.8) })), 'The echo bot with the engine');
    expect(under).toContain('served 0.71 times the turns/s of the echo bot alone on MemoryStorage (1500 against 2100): under 0.8 already, the measured floor');
    const over = bullet(explainFloors(run({ echoLowdb: load(1300, 40, 0.55, 0.2, 1.0), engine: load(1900, 20, 0.36, 0, 0.65) })), 'The echo bot with the engine');
    expect(over).toContain('served 0.90 times');
    expect(over).not.toContain('floor of');
  });

  it('calls the p99 target floored only when the echo bot with the engine on the default store is over 2', () => {
    const over = bullet(explainFloors(run({ echoLowdb: load(1300, 30, 0.55, 0.2, 1.0), engineLowdb: load(800, 45, 0.7, 0.2, 1.3) })), 'p99');
    expect(over).toContain('In the floor pass the store alone gave the echo bot 1.67 times its p99, and the echo bot with the engine on the default store had 2.50 times it (45.0 ms): a bot that does the least an assistant with this engine does is over 2 on this store already, the measured floor of this target; the assistant\'s dialog around the engine takes it from there to 3.50.');
    const under = bullet(explainFloors(run({ echoLowdb: load(1300, 30, 0.55, 0.2, 1.0), engineLowdb: load(900, 32, 0.65, 0.2, 1.2) })), 'p99');
    expect(under).toContain('had 1.78 times it (32.0 ms): under 2, so what takes the assistant to 3.50 is the dialog around the engine');
    expect(under).not.toContain('measured floor');
  });
});
