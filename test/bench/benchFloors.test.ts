import { describe, expect, it } from 'vitest';
import { explainFloors } from '../../bench/benchFloors.ts';
import type { LoadResult } from '../../bench/httpLoad.ts';
import type { BenchResults } from '../../bench/runBench.ts';

// explainFloors is a pure function of a run's figures: these are made-up runs, each shaped to reach one branch.
const load = (turnsPerSecond: number, p99: number, main: number, pool: number, all: number): LoadResult => ({ turns: 1000, errors: 0, seconds: 1, turnsPerSecond, p50: p99 / 3, p95: p99 / 1.5, p99, cpuMainMs: main, cpuPoolMs: pool, cpuAllMs: all });
const at16 = (median: LoadResult) => [{ concurrency: 16, median, runs: [median] }];

function run(controls: { engine?: LoadResult; dialog?: LoadResult; tmpfs?: LoadResult } = {}): BenchResults {
  return {
    http: {
      echo: at16(load(2000, 20, 0.33, 0, 0.6)),
      'assistant-memory': at16(load(900, 45, 1.0, 0, 1.5)),
      'assistant-lowdb': at16(load(600, 70, 1.35, 0.3, 2.2)),
      ...(controls.engine ? { 'echo-engine': at16(controls.engine) } : {}),
      ...(controls.dialog ? { 'echo-dialog': at16(controls.dialog) } : {}),
      ...(controls.tmpfs ? { 'assistant-tmpfs': at16(controls.tmpfs) } : {}),
    },
    engineMsPerMessage: 0.13,
  } as unknown as BenchResults;
}

const bullet = (lines: string[], name: string): string => lines.find((l) => l.startsWith(`- *${name}`)) ?? '';

describe('explainFloors: the controls', () => {
  it('says nothing of the controls when the run has none (results saved before them)', () => {
    const lines = explainFloors(run());
    expect(bullet(lines, "The engine's own cost")).toBe('');
    expect(bullet(lines, "A dialog bot's floor")).toBe('');
    expect(bullet(lines, "The disk's share")).toBe('');
    expect(bullet(lines, 'p99')).toContain('on MemoryStorage 2.50 times (p99 2.25 times). The ratio is the store\'s factor (lowdb p99 ÷ MemoryStorage p99, 1.56) times the assistant\'s own (MemoryStorage p99 ÷ echo p99, 2.25); with the store\'s factor as measured, 2 needs the assistant on MemoryStorage within 1.29 times the echo\'s p99.');
    expect(bullet(lines, 'p99')).toMatch(/echo's p99\.$/);
  });

  it("calls the engine bot's ratio the engine's own limit only under 0.8", () => {
    const under = bullet(explainFloors(run({ engine: load(1100, 30, 0.6, 0, 0.9) })), "The engine's own cost");
    expect(under).toContain("serves 0.55 times the echo's turns/s (1100 against 2000, 0.60 ms of main thread per turn against 0.33), and the assistant 0.82 times that bot's: under 0.8 before any of the dialog around the engine.");
    expect(under).toContain('not botbuilder\'s or the file system\'s');
    const over = bullet(explainFloors(run({ engine: load(1800, 22, 0.36, 0, 0.65) })), "The engine's own cost");
    expect(over).toContain('serves 0.90 times');
    expect(over).toContain('the dialog around it is what misses');
  });

  it("compares the engine bot's extra main-thread time with the engine's replay, only when the run has both, without concluding", () => {
    const engine = load(1100, 30, 0.6, 0, 0.9);
    const replay = (backToBackMs: number, afterIdleMs: number) => ({ conversations: 10, messages: 55, backToBackMs, afterIdleMs, idleMs: 1 });
    const withReplay = (backToBackMs: number, afterIdleMs: number, bot = engine): string[] => explainFloors({ ...run({ engine: bot }), engineReplay: replay(backToBackMs, afterIdleMs) });
    // The engine bot uses 0.27 ms of main thread per turn over the echo's 0.33.
    expect(bullet(withReplay(0.09, 0.24), "The engine's own cost")).toContain(
      "Its 0.27 ms of main thread per turn over the echo's (the engine, its session's load and save, their garbage) are more than the engine takes in process back to back (0.09 ms per message, section 5; 0.24 ms with the event loop idle before each message).",
    );
    expect(bullet(withReplay(0.3, 0.6), "The engine's own cost")).toContain('are no more than the engine takes in process back to back (0.30 ms per message');
    // An engine bot no dearer than the echo (noise on a busy host) gets no "-0.03 ms over the echo's".
    const cheaper = bullet(withReplay(0.09, 0.24, load(1100, 30, 0.3, 0, 0.9)), "The engine's own cost");
    expect(cheaper).toContain('It used no more main thread per turn than the echo (-0.03 ms), so this run cannot set it beside');
    expect(cheaper).not.toContain('Its -');
    // Section 5's own figure (0.13) gives the ceiling; the replay's two figures are given beside it, each on its own.
    expect(bullet(withReplay(0.09, 0.24), 'Assistant ÷ echo')).toContain("= 0.72 (with the times of section 5's replay of the engine: 0.79 back to back, 0.58 with the event loop idle before each message)");
    // Without the replay, or without CPU figures, nothing about it, and no figure left dangling.
    expect(bullet(explainFloors(run({ engine })), "The engine's own cost")).not.toContain('section 5');
    const noCpu = { ...engine, cpuMainMs: undefined } as unknown as typeof engine;
    const withoutCpu = bullet(withReplay(0.09, 0.24, noCpu), "The engine's own cost");
    expect(withoutCpu).toContain("serves 0.55 times the echo's turns/s (1100 against 2000), and the assistant");
    expect(withoutCpu).not.toContain('Its ');
    expect(withReplay(0.09, 0.24, noCpu).join('\n')).not.toContain('NaN');
  });

  it('never says 0.8 allows less than the engine when the ceiling it prints is 0.80', () => {
    // 0.36 ÷ (0.36 + 0.0905) = 0.799: printed as 0.80.
    const r = { ...run(), engineMsPerMessage: 0.0905 } as BenchResults;
    (r.http.echo[0] as { median: LoadResult }).median = load(2000, 20, 0.36, 0, 0.6);
    const text = bullet(explainFloors(r), 'Assistant ÷ echo');
    expect(text).toContain('= 0.80.');
    expect(text).not.toContain('0.8 allows');
  });

  it("puts the lowdb ÷ MemoryStorage miss on the disk only when the assistant on tmpfs reaches 0.7", () => {
    const disk = bullet(explainFloors(run({ tmpfs: load(700, 50, 1.2, 0.05, 1.8) })), "The disk's share");
    expect(disk).toContain("serves 0.78 times MemoryStorage's turns/s, 1.20 ms of main thread per turn (libuv's pool 0.05 ms per turn against 0.30 on the disk); on the disk it serves 0.86 times what it serves on tmpfs. Without the disk the target holds");
    const code = bullet(explainFloors(run({ tmpfs: load(610, 60, 1.3, 0.05, 1.9) })), "The disk's share");
    expect(code).toContain('Under 0.7 without the disk as well');
    expect(code).not.toContain('the target holds');
  });

  it('puts the p99 miss on the disk only when the assistant on tmpfs is at or under twice the echo', () => {
    const disk = bullet(explainFloors(run({ tmpfs: load(700, 38, 1.2, 0.05, 1.8) })), 'p99');
    expect(disk).toContain("On tmpfs the assistant on lowdb has 1.90 times the echo's p99, the disk multiplying it by 1.84: at or under 2 without the disk");
    const own = bullet(explainFloors(run({ tmpfs: load(700, 50, 1.2, 0.05, 1.8) })), 'p99');
    expect(own).toContain("has 2.50 times the echo's p99, the disk multiplying it by 1.40: over 2 without the disk as well, so the assistant's own work");
  });

  it("sets the dialog bot's main-thread time over the echo's against what 0.8 allows, and says when it takes all of it", () => {
    // The echo uses 0.33 ms of main thread per turn: 0.8 allows 0.0825 ms on top of it.
    const within = bullet(explainFloors(run({ dialog: load(1800, 24, 0.4, 0, 0.7) })), "A dialog bot's floor");
    expect(within).toContain("serves 0.90 times the echo's turns/s (1800 against 2000, 0.40 ms of main thread per turn against 0.33).");
    expect(within).toContain(
      "Its 0.070 ms of main thread per turn over the echo's (botbuilder-dialogs' dialog context and stack; a larger state read, checked for changes and saved eTag-checked, with MemoryStorage's copies and its eTag comparison) are 84 % of the 0.083 ms that 0.8 allows on top of the echo's, leaving 0.013 ms per turn to understand the message, choose the next step and render it; this engine's understanding and decision alone take 0.130 ms per message (section 5, in process).",
    );
    const all = bullet(explainFloors(run({ dialog: load(1500, 30, 0.45, 0, 0.75) })), "A dialog bot's floor");
    expect(all).toContain("Its 0.120 ms of main thread per turn over the echo's");
    expect(all).toContain("are all of the 0.083 ms that 0.8 allows on top of the echo's, or more: by main-thread time, nothing is left to understand a message.");
    expect(all).not.toContain('leaving');
    // A dialog bot no dearer than the echo in a run (noise) leaves the whole allowance, and says so without a negative share.
    const none = bullet(explainFloors(run({ dialog: load(2000, 20, 0.32, 0, 0.6) })), "A dialog bot's floor");
    expect(none).toContain("Its main thread per turn is no more than the echo's");
    expect(none).toContain("all of the 0.083 ms that 0.8 allows on top of the echo's is left, 0.083 ms per turn to understand the message");
    expect(none).not.toMatch(/-\d/);
    // Without the engine's figure (section 5 not run) the sentence ends at what is left; without CPU figures, only turns/s.
    const noEngine = bullet(explainFloors({ ...run({ dialog: load(1800, 24, 0.4, 0, 0.7) }), engineMsPerMessage: undefined }), "A dialog bot's floor");
    expect(noEngine).toMatch(/choose the next step and render it\.$/);
    const noCpu = bullet(explainFloors(run({ dialog: { ...load(1800, 24, 0.4, 0, 0.7), cpuMainMs: undefined } as unknown as LoadResult })), "A dialog bot's floor");
    expect(noCpu).toMatch(/\(1800 against 2000\)\.$/);
    expect(bullet(explainFloors(run({ dialog: load(1800, 24, 0.4, 0, 0.7) })), 'p99')).toContain("The echo bot as a dialog has 1.20 times the echo's p99.");
  });
});
