import { describe, expect, it } from 'vitest';
import { replayEngine } from '../../bench/decisionTiming.ts';
import { conversationScripts } from '../../bench/traffic.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';

describe("section 5's replay of the engine", () => {
  it('plays every message twice, the second time after the event loop idled before each', { timeout: 30_000 }, async () => {
    const { knowledge } = await loadKnowledge();
    const scripts = conversationScripts(knowledge, 4);
    const messages = scripts.reduce((sum, texts) => sum + texts.length, 0);
    const started = performance.now();
    const replay = await replayEngine(knowledge, scripts, 20);
    expect(replay).toMatchObject({ conversations: scripts.length, messages, idleMs: 20 });
    // The idle pass sleeps 20 ms before each message (far more than the engine and two diagnosers take): the whole replay cannot take less.
    expect(performance.now() - started).toBeGreaterThanOrEqual(messages * 20);
    expect(replay.backToBackMs).toBeGreaterThan(0);
    expect(replay.afterIdleMs).toBeGreaterThan(0);
  });
});
