import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOCK_TICK_MS } from '../../bench/benchProcess.ts';
import { CONTROLS, TARGETS } from '../../bench/httpSection.ts';
import type { BenchResults } from '../../bench/runBench.ts';
import { runScript } from '../helpers/benchScript.ts';

describe('bench', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('runs every section at smoke size and writes the document, both charts and the results', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-smoke-'));
    dirs.push(dir);
    const out = path.join(dir, 'BENCHMARKS.md');
    const stdout = await runScript(['bench/bench.ts', '--smoke', '--out', out, '--charts', path.join(dir, 'charts'), '--json', path.join(dir, 'results.json')]);

    const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as BenchResults;
    // The targets' bots and the controls, in the same rotation (this machine has tmpfs for the third control).
    for (const target of [...TARGETS, ...CONTROLS]) {
      expect(results.http[target]?.map((f) => f.concurrency), target).toEqual([1, 16, 64]);
      for (const figures of results.http[target] ?? []) {
        expect(figures.median.errors, target).toBe(0);
        expect(figures.median.turns).toBeGreaterThan(0);
        expect(figures.median.p99).toBeGreaterThanOrEqual(figures.median.p50);
        expect(figures.median.cpuMainMs).toBeGreaterThanOrEqual(0);
        expect(figures.median.cpuPoolMs).toBeGreaterThanOrEqual(0);
        // CPU time of the bot's process per turn, run by run (the medians of two figures may come from different
        // runs): its main thread and libuv's pool are part of all its threads. /proc counts clock ticks and the
        // three are read one after another, so a smoke run's few turns allow two ticks of slack.
        for (const run of figures.runs) {
          const slack = (2 * CLOCK_TICK_MS) / Math.max(1, run.turns + run.errors);
          expect((run.cpuAllMs ?? Number.NaN) + slack, target).toBeGreaterThanOrEqual(run.cpuMainMs ?? Number.NaN);
          expect((run.cpuAllMs ?? Number.NaN) - (run.cpuMainMs ?? Number.NaN) + slack, target).toBeGreaterThanOrEqual(run.cpuPoolMs ?? Number.NaN);
        }
      }
    }
    // Every turn reads and writes its conversation on the default store; the kernel's time for that was measured.
    expect(results.storeOps?.readsPerTurn).toBeGreaterThanOrEqual(1);
    expect(results.storeOps?.writesPerTurn).toBeGreaterThanOrEqual(1);
    expect(results.fileSystem?.renameMs).toBeGreaterThan(0);
    expect(results.fileSystem?.createWriteCloseMs).toBeGreaterThan(0);
    expect(results.growth.map((g) => g.stored)).toEqual([10, 100]);
    expect(results.memory.activeMb).toBeGreaterThan(results.memory.idleMb * 0.5);
    expect(results.startupMs[0]).toBeGreaterThan(0);
    expect(results.diagnosis.decisions).toBeGreaterThan(0);

    const markdown = await readFile(out, 'utf8');
    expect(markdown).toContain('SMOKE RUN');
    expect(markdown).toContain("### Where a turn's time goes");
    expect(markdown).toMatch(/\| main thread \(JavaScript\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(markdown).toMatch(/\| libuv's thread pool \(asynchronous file calls\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(markdown).toMatch(/- \*The engine's own cost\.\* .* serves [\d.]+ times the echo's turns\/s/);
    expect(markdown).toMatch(/- \*The disk's share\.\* The same assistant with DATA_DIR on tmpfs .* serves [\d.]+ times MemoryStorage's turns\/s/);
    expect(markdown).toMatch(/On tmpfs the assistant on lowdb has [\d.]+ times the echo's p99/);
    expect(markdown).toMatch(/ms per message back to back, [\d.]+ ms with the event loop idle for 1 ms before each message/);
    // Which sentence depends on the smoke run's noisy figures; one of the two is always there.
    expect(markdown).toMatch(/Its [\d.]+ ms of main thread per turn over the echo's .* are (more|no more) than the engine takes in process back to back|It used no more main thread per turn than the echo \(-?[\d.]+ ms\)/);
    expect(markdown).toContain('](charts/latency-vs-concurrency.svg)');
    expect(markdown).toContain('](charts/turn-time-vs-stored.svg)');
    for (const chart of ['latency-vs-concurrency.svg', 'turn-time-vs-stored.svg']) {
      const svg = await readFile(path.join(dir, 'charts', chart), 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<polyline points="[\d., ]+"[\s\S]*<\/svg>\n$/);
    }
    for (const target of [...TARGETS, ...CONTROLS]) expect(stdout).toContain(target);
    expect(stdout).toContain('targets:');
  });

  it('compares two checkouts run by run (bench:ab), here this one with itself', { timeout: 120_000 }, async () => {
    const stdout = await runScript(['bench/abBench.ts', '--base', '.', '--runs', '1', '--conversations', '5']);
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['base', 'this', 'this']);
    for (const line of lines.slice(0, 2)) expect(line).toMatch(/: [\d.]+ turns\/s, p99 [\d.]+ ms, CPU per turn main [\d.]+ ms, libuv pool [\d.]+ ms, all [\d.]+ ms, errors 0$/);
    expect(lines[2]).toMatch(/^this ÷ base, run by run: turns\/s median [\d.]+, quartiles [\d.]+–[\d.]+, higher in [01] of 1; main-thread CPU per turn median [\d.]+, quartiles [\d.]+–[\d.]+, higher in [01] of 1$/);
  });
});
