import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

describe('soak', () => {
  it('runs five seconds of mixed traffic on loopback with zero errors', { timeout: 30_000 }, async () => {
    const report = await runSoak(5000);
    expect(report.errors).toEqual([]);
    expect(Object.keys(report.byKind)).toEqual(expect.arrayContaining(['message', 'dl post', 'dl poll', 'healthz']));
    expect(report.byKind.message?.count).toBeGreaterThan(20);
  });
});
