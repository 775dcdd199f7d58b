import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { replayEngine } from '../../bench/decisionTiming.ts';
import { conversationScripts } from '../../bench/traffic.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';

describe("section 5's replay of the engine", () => {
  it('idles before every message of the idle passes only, and times the engine without the waits', { timeout: 30_000 }, async () => {
    const { knowledge } = await loadKnowledge();
    const scripts = conversationScripts(knowledge, 6);
    const messages = scripts.reduce((sum, texts) => sum + texts.length, 0);
    const waits: number[] = [];
    const replay = await replayEngine(knowledge, scripts, {
      idleMs: 20,
      sleep: (ms) => {
        waits.push(ms);
        return setTimeout(ms);
      },
    });
    expect(replay).toMatchObject({ conversations: scripts.length, messages, idleMs: 20 });
    // Two idle passes (and two back to back, without waits).
    expect(waits).toEqual(Array.from({ length: 2 * messages }, () => 20));
    // A message takes the engine well under a millisecond: a figure of 20 ms or more would have timed the wait.
    expect(replay.afterIdleMs).toBeGreaterThan(0);
    expect(replay.afterIdleMs).toBeLessThan(20);
    expect(replay.backToBackMs).toBeGreaterThan(0);
    expect(replay.backToBackMs).toBeLessThan(20);
  });
});
