import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/httpLoad.ts';
import { pairedRatios } from '../../bench/httpSection.ts';

const run = (turnsPerSecond: number, cpuMainMs?: number): LoadResult => ({ turns: 100, errors: 0, seconds: 1, turnsPerSecond, p50: 1, p95: 2, p99: 3, ...(cpuMainMs === undefined ? {} : { cpuMainMs, cpuAllMs: cpuMainMs * 2 }) });

describe('bench:ab run by run', () => {
  it("compares each run's pair, so a host that slows down between runs does not move the ratio", () => {
    // The host halves its speed from run to run; the other side is 10 % faster in every run but the third.
    const base = [1000, 500, 250, 125, 62.5].map((t) => run(t, 1000 / t));
    const other = [1100, 550, 250, 137.5, 68.75].map((t) => run(t, 1000 / t));
    const turns = pairedRatios(base, other, 'turnsPerSecond');
    expect(turns?.median).toBeCloseTo(1.1, 10);
    expect(turns?.q1).toBeCloseTo(1.1, 10);
    expect(turns?.q3).toBeCloseTo(1.1, 10);
    expect(turns?.higher).toBe(4);
    expect(turns?.runs).toBe(5);
    const cpu = pairedRatios(base, other, 'cpuMainMs');
    expect(cpu?.median).toBeCloseTo(1 / 1.1, 10);
    expect(cpu?.higher).toBe(0);
  });

  it('gives the quartiles of the ratios by nearest rank', () => {
    const base = [100, 100, 100, 100].map((t) => run(t));
    const other = [90, 120, 100, 105].map((t) => run(t));
    expect(pairedRatios(base, other, 'turnsPerSecond')).toEqual({ runs: 4, median: 1, q1: 0.9, q3: 1.05, higher: 2 });
  });

  it('says nothing of a figure a run lacks, and refuses unpaired runs', () => {
    expect(pairedRatios([run(100)], [run(110)], 'cpuMainMs')).toBeUndefined();
    expect(() => pairedRatios([run(100), run(100)], [run(110)], 'turnsPerSecond')).toThrow(/paired runs/);
  });
});
